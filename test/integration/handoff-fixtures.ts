import { createHash } from 'node:crypto';
import type { Db } from '../../main/db/connection.js';
import { MODEL_TABLES } from '../../main/db/stats.repo.js';
import * as criteria from '../../main/services/criteria.js';
import { rescore } from '../../main/services/rescore.js';
import * as users from '../../main/services/users.js';
import { insertLead } from '../helpers/builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * A workspace for the SAL loop: a marketing owner, a sales owner (the manager), two reps, an active
 * version (Dutch leads are MQLs, 48 h SLA, a BANT checklist) and handoffs made by a real rescore.
 */
export interface LoopWorld {
  t: TestDb;
  db: Db;
  mkt: string;
  manager: string;
  rita: string;
  ravi: string;
  versionId: string;
  sqlRuleIds: string[];
  /** Handoff ids per rep, in SLA order. */
  handoffs: { rita: string[]; ravi: string[] };
  handedAt: number;
  as(userId: string): void;
}

export const HANDED_AT = Date.UTC(2026, 2, 2, 9, 0); // Monday 2 March 2026, 10:00 in Amsterdam
const HOUR = 3_600_000;

export function loopWorld(options: { perRep?: number; businessHours?: boolean; slaHours?: number } = {}): LoopWorld {
  const perRep = options.perRep ?? 3;
  const t = createTestDb();
  const db = t.db;
  const mkt = users.create(db, { name: 'Maria Marketing', email: 'maria@example.com', team: 'marketing', role: 'owner' }).id;
  const manager = users.create(db, { name: 'Sam Sales', email: 'sam@example.com', team: 'sales', role: 'owner' }).id;
  const rita = users.create(db, { name: 'Rita Rep', email: 'rita@example.com', team: 'sales', role: 'member' }).id;
  const ravi = users.create(db, { name: 'Ravi Rep', email: 'ravi@example.com', team: 'sales', role: 'member' }).id;
  db.prepare(`INSERT INTO meta (key, value) VALUES ('time_zone', 'Europe/Amsterdam') ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run();
  users.setCurrent(db, mkt);
  const v = criteria.createDraft(db, { name: 'Loop' });
  criteria.updateDraft(db, v.id, { slaHours: options.slaHours ?? 48, slaBusinessHours: options.businessHours ?? false });
  criteria.saveRule(db, v.id, { kind: 'fit', label: 'Dutch', field: 'country', operator: 'equals', value: 'NL', points: 45 });
  for (const [label, field] of [
    ['Budget confirmed', 'bant.budget'],
    ['Decision maker', 'bant.authority'],
    ['Real need', 'bant.need'],
    ['Buying soon', 'bant.timing'],
  ] as const) {
    criteria.saveRule(db, v.id, { kind: 'sql', label, field, operator: 'equals', value: true, points: 0 });
  }
  criteria.propose(db, v.id);
  criteria.decide(db, v.id, 'approve');
  users.setCurrent(db, manager);
  criteria.decide(db, v.id, 'approve');
  criteria.activate(db, v.id);
  const sqlRuleIds = criteria.get(db, v.id).rules.filter((r) => r.kind === 'sql').map((r) => r.id);
  for (let i = 0; i < perRep; i++) {
    insertLead(db, { name: `Rita lead ${i}`, company: `Rita Co ${i}`, country: 'NL', ownerId: rita });
    insertLead(db, { name: `Ravi lead ${i}`, company: `Ravi Co ${i}`, country: 'NL', ownerId: ravi });
  }
  insertLead(db, { name: 'Belgian lead', country: 'BE' });
  // Staggered handoff times give each rep a clear SLA order.
  for (let i = 0; i < perRep; i++) {
    const ids = db.prepare(`SELECT id FROM leads WHERE name IN (?, ?)`).pluck().all(`Rita lead ${i}`, `Ravi lead ${i}`) as string[];
    db.prepare(`UPDATE leads SET deleted = 1 WHERE country = 'NL' AND id NOT IN (SELECT value FROM json_each(?)) AND stage = 'lead'`).run(JSON.stringify(ids));
    rescore(db, v.id, { asOf: HANDED_AT + i * HOUR });
    db.prepare(`UPDATE leads SET deleted = 0 WHERE deleted = 1`).run();
  }
  const pendingOf = (rep: string) =>
    db.prepare(`SELECT id FROM handoffs WHERE rep_id = ? AND decision = 'pending' ORDER BY sla_due_at, id`).pluck().all(rep) as string[];
  return {
    t,
    db,
    mkt,
    manager,
    rita,
    ravi,
    versionId: v.id,
    sqlRuleIds,
    handoffs: { rita: pendingOf(rita), ravi: pendingOf(ravi) },
    handedAt: HANDED_AT,
    as: (id) => users.setCurrent(db, id),
  };
}

/** A digest of every model table's rows and the meta table: equal before and after means nothing was written. */
export function tablesDigest(db: Db): string {
  const h = createHash('sha256');
  for (const table of [...MODEL_TABLES, 'meta']) {
    h.update(table);
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).raw().iterate()) h.update(JSON.stringify(row));
  }
  return h.digest('hex');
}

export const reasonId = (db: Db, code: string): string =>
  db.prepare('SELECT id FROM rejection_reasons WHERE code = ?').pluck().get(code) as string;
