import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * A statement compiled once per connection. Paths that run the same SQL per row (a rescore's handoffs,
 * sync, re-opens) must not call db.prepare each time: at 1M leads that cost seconds of CPU and let
 * unfinalised statements pile up to gigabytes inside one transaction. A cached statement is shared, so
 * callers that pluck must say so on every use (`.pluck(true)` / `.pluck(false)`).
 */
export function stmt(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}
