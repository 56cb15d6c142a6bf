import type { Db } from './connection.js';
import { withIndexBuildCache } from './index-build.js';

/** Schema objects dropped for a bulk load, with the SQL that recreates them (read from sqlite_master). */
export interface DroppedSchema {
  indexes: { name: string; sql: string }[];
  triggers: { name: string; sql: string }[];
  rebuildFts: boolean;
}

const TABLES = new Set(['leads', 'touchpoints', 'lead_rollup']);
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function tableRowCount(db: Db, table: 'leads' | 'touchpoints'): number {
  if (!TABLES.has(table)) throw new Error(`not a bulk table: ${table}`);
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/**
 * Whether any live touchpoint exists. Without one, an import's touchpoint can only repeat one of the
 * same file (found by its natural-key id), so the writer skips its lookup by (lead, time, type,
 * offer) and the bulk path can drop touchpoints_lead; both ask this, in the import's transaction
 * before its first write, so they agree.
 */
export function hasLiveTouchpoints(db: Db): boolean {
  return db.prepare('SELECT 1 FROM touchpoints WHERE deleted = 0 LIMIT 1').get() !== undefined;
}

/**
 * Inside an open transaction: drop the non-unique secondary indexes of `table` except `keep`, and
 * for leads the FTS triggers. Unique indexes stay (they guard the data) and so do the ones matching
 * uses.
 */
export function dropForBulk(
  db: Db,
  table: 'leads' | 'touchpoints' | 'lead_rollup',
  keep: readonly string[],
): DroppedSchema {
  if (!db.inTransaction) throw new Error('dropForBulk runs inside the import transaction');
  if (!TABLES.has(table)) throw new Error(`not a bulk table: ${table}`);
  const indexes = (
    db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`,
      )
      .all(table) as { name: string; sql: string }[]
  ).filter((i) => !keep.includes(i.name));
  const triggers =
    table === 'leads'
      ? (db
          .prepare(
            `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'leads' AND name LIKE 'leads_fts_%'`,
          )
          .all() as { name: string; sql: string }[])
      : [];
  for (const i of indexes) db.exec(`DROP INDEX ${quoteIdent(i.name)}`);
  for (const t of triggers) db.exec(`DROP TRIGGER ${quoteIdent(t.name)}`);
  return { indexes, triggers, rebuildFts: triggers.length > 0 };
}

/** A rebuild's page cache in KiB (negative: -KiB): an index build's sorter may hold that much before it spills. */
const REBUILD_CACHE_KIB = -16384;

/**
 * Recreate what dropForBulk dropped. The index sorts spill to temp files rather than to this
 * process's memory, and with a small cache: SQLite's sorter keeps up to the cache size in memory
 * before it spills, on top of the cache itself.
 */
export function rebuildAfterBulk(db: Db, d: DroppedSchema): void {
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('temp_store = FILE');
  if (cacheSize < REBUILD_CACHE_KIB || cacheSize > 4096) db.pragma(`cache_size = ${REBUILD_CACHE_KIB}`);
  try {
    withIndexBuildCache(db, () => {
      for (const i of d.indexes) db.exec(i.sql);
    });
    for (const t of d.triggers) db.exec(t.sql);
    if (d.rebuildFts) db.exec(`INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')`);
  } finally {
    db.pragma(`temp_store = ${tempStore === 1 ? 'FILE' : tempStore === 2 ? 'MEMORY' : 'DEFAULT'}`);
    db.pragma(`cache_size = ${Math.trunc(cacheSize)}`);
  }
}

/**
 * Bulk bypass of a per-row AFTER INSERT trigger that another feature keeps (the sync outbox of
 * migration 0008), for the rows one import inserts into a table. Inside the
 * import's transaction the trigger is dropped, the rows are inserted, then the trigger's own work is
 * done once, set-based, over exactly those rows (rowid > base: nobody else writes inside the
 * transaction), in rowid order, and the trigger is recreated from its stored SQL before commit. A
 * rollback (abort, cancel, crash, kill -9) brings the trigger back with everything else.
 *
 * The outbox replay is derived from the trigger's own SQL (INSERT … VALUES (…) over `new.*` becomes
 * INSERT … SELECT … over the table's new rows, with the same WHEN), so a later migration that changes
 * a trigger changes its replay too; a trigger of any other shape is left to fire row by row. The one
 * difference: the outbox's `at` is read once per statement (SQLite's 'now' is fixed for a statement),
 * so the rows of one replay share the time of the replay, a moment inside the same transaction,
 * instead of each row's own insert time; nobody can read either before the commit.
 */
export interface BypassedTrigger {
  name: string;
  sql: string;
  /** The set-based statement doing the trigger's work for rows with rowid > ?, in rowid order. */
  replay: string;
}

const INSERT_VALUES_TRIGGER =
  /^CREATE TRIGGER\s+(\w+)\s+AFTER INSERT ON\s+(\w+)\s+(?:WHEN\s+([\s\S]+?)\s+)?BEGIN\s+INSERT INTO\s+(\w+)\s*\(([^)]*)\)\s*VALUES\s*\(([\s\S]+)\);\s*END$/i;

/** The set-based form of a single-INSERT … VALUES AFTER INSERT trigger; null for any other shape. */
export function replayOf(triggerSql: string, table: string): string | null {
  const m = INSERT_VALUES_TRIGGER.exec(triggerSql.trim());
  if (!m || m[2] !== table) return null;
  const [, , , when, target, cols, values] = m;
  // Only the trigger's own row may be read as new.*; the subject table is aliased n.
  const onRow = (s: string) => s.replace(/\bnew\./g, 'n.');
  if (/\bold\./.test(values!) || (when && /\bold\./.test(when))) return null;
  // An upsert or RETURNING clause is not a plain VALUES list: leave such a trigger row by row.
  if (/\bON\s+CONFLICT\b|\bRETURNING\b/i.test(values!)) return null;
  return `INSERT INTO ${target} (${cols}) SELECT ${onRow(values!)} FROM ${table} AS n WHERE n.rowid > ?${
    when ? ` AND (${onRow(when)})` : ''
  } ORDER BY n.rowid`;
}

export function maxRowid(db: Db, table: 'leads' | 'touchpoints' | 'stage_events'): number {
  if (!TABLES.has(table) && table !== 'stage_events') throw new Error(`not a bulk table: ${table}`);
  return (db.prepare(`SELECT coalesce(max(rowid), 0) AS m FROM ${table}`).get() as { m: number }).m;
}

/** Drop the named AFTER INSERT triggers of `table` that have a set-based replay (see above). */
export function bypassInsertTriggers(db: Db, table: string, names: readonly string[]): BypassedTrigger[] {
  if (!db.inTransaction) throw new Error('bypassInsertTriggers runs inside the import transaction');
  const out: BypassedTrigger[] = [];
  for (const name of names) {
    const row = db
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?`)
      .get(name, table) as { sql: string } | undefined;
    if (!row) continue;
    const replay = replayOf(row.sql, table);
    if (!replay) continue;
    db.exec(`DROP TRIGGER ${quoteIdent(name)}`);
    out.push({ name, sql: row.sql, replay });
  }
  return out;
}

/** Do the bypassed triggers' work for the rows after `base`, then put the triggers back. */
export function replayInsertTriggers(db: Db, bypassed: readonly BypassedTrigger[], base: number): void {
  for (const t of bypassed) {
    db.prepare(t.replay).run(base);
    db.exec(t.sql);
  }
}
