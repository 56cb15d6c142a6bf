import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { openWorkspace } from '../../main/db/connection.js';
import { listRules } from '../../main/db/criteria.repo.js';
import { newId } from '../../main/db/ids.js';
import { liftSummaryCurrent, liftUpkeepBusy, resetLiftSummary } from '../../main/db/lift-summary.repo.js';
import { analysedVersion } from '../../main/db/reports-common.repo.js';
import { ruleMatchCounts, ruleMatchCountsDirect, type MatchCounts } from '../../main/db/reports-lift.repo.js';
import { generateDemo } from '../../main/services/demo/index.js';
import { undo } from '../../main/services/import/history.js';
import * as users from '../../main/services/users.js';
import { applyPulled } from '../../main/sync/apply.js';
import { formatHlc } from '../../shared/domain/hlc.js';
import type { Rule } from '../../shared/domain/criteria.js';
import type { ReportFilters } from '../../shared/contracts/reports.js';
import { importFile, mapping, writeFile } from '../helpers/import.js';
import { rule } from '../helpers/report-builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * The lift report reads lift_mql (migration 0021), brought up to date before each read. After every
 * kind of write that changes what it summarises, its counts must equal today's query over the source
 * tables (ruleMatchCountsDirect, kept as the oracle), under every filter, and the summary must have
 * been what answered (built, nothing left dirty). Each write is checked to change some count, so a
 * missing upkeep step fails here.
 */
let t: TestDb;
let rules: Rule[];
const one = <T>(sql: string, ...p: unknown[]) => t.db.prepare(sql).pluck().get(...p) as T;
const iso = (ms: number) => new Date(ms).toISOString();

function filters(db: Db): ReportFilters[] {
  const campaignId = db.prepare(`SELECT campaign_id FROM lead_rollup WHERE mql_at IS NOT NULL AND campaign_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).pluck().get() as string;
  const repId = db.prepare(`SELECT owner_id FROM lead_rollup WHERE mql_at IS NOT NULL AND owner_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).pluck().get() as string;
  const channel = db.prepare(`SELECT channel FROM campaigns WHERE channel IS NOT NULL ORDER BY id LIMIT 1`).pluck().get() as string;
  const [lo, hi] = db.prepare(`SELECT min(created_at), max(created_at) FROM lead_rollup`).raw().get() as [number, number];
  const mid = Math.round((lo + hi) / 2);
  return [{}, { from: lo, to: mid }, { from: mid }, { campaignId }, { channel }, { repId }, { repId, from: mid }];
}

/** The summary's counts under every filter, each equal to the oracle's; returns the unfiltered ones. */
function check(): MatchCounts {
  let all: MatchCounts | null = null;
  for (const f of filters(t.db)) {
    const fast = ruleMatchCounts(t.db, f, rules);
    expect(fast, JSON.stringify(f)).toEqual(ruleMatchCountsDirect(t.db, f, rules));
    all ??= fast;
  }
  expect(one<number>('SELECT built FROM lift_state')).toBe(1);
  expect(one<number>('SELECT count(*) FROM lift_dirty')).toBe(0);
  // The counts came from the rule bits written for these rules.
  expect(one<number>('SELECT max(n) FROM (SELECT count(*) AS n FROM lift_match GROUP BY slot)')).toBe(one<number>('SELECT count(*) FROM lift_mql'));
  expect(one<number>('SELECT count(*) FROM lift_match_sets')).toBeGreaterThan(0);
  return all!;
}

/** What changed between two unfiltered counts (the write must have mattered). */
const changed = (a: MatchCounts, b: MatchCounts) => JSON.stringify(a) !== JSON.stringify(b);

/** MQL leads (live) with their MQL time, in id order. */
const mqls = (n: number, offset = 0) =>
  t.db
    .prepare(`SELECT lead_id AS id, mql_at AS at FROM lead_rollup WHERE mql_at IS NOT NULL AND deleted = 0 ORDER BY lead_id LIMIT ? OFFSET ?`)
    .all(n, offset) as { id: string; at: number }[];

function touch(leadId: string, at: number, type: string, extra: { offerId?: string | null; campaignId?: string | null; channel?: string | null } = {}): string {
  const id = newId();
  t.db
    .prepare(
      `INSERT INTO touchpoints (id, lead_id, type, offer_id, campaign_id, channel, occurred_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1)`,
    )
    .run(id, leadId, type, extra.offerId ?? null, extra.campaignId ?? null, extra.channel ?? null, at);
  return id;
}

beforeAll(async () => {
  t = createTestDb();
  const u = users.create(t.db, { name: 'Maria', team: 'marketing', role: 'owner' });
  users.setCurrent(t.db, u.id);
  await generateDemo(t.db, { leads: 1500, seed: 'lift-summary', endDate: Date.UTC(2026, 5, 30) });
  const v = analysedVersion(t.db, undefined);
  // Beside the demo's rules: engagement rules on every touchpoint column, one on a type no
  // touchpoint has yet, lead-field rules of the other operators.
  const offerId = one<string>('SELECT id FROM offers ORDER BY id LIMIT 1');
  const offerType = one<string>('SELECT type FROM offers ORDER BY id DESC LIMIT 1');
  const campaignId = one<string>('SELECT id FROM campaigns ORDER BY id LIMIT 1');
  const channel = one<string>('SELECT channel FROM touchpoints WHERE channel IS NOT NULL LIMIT 1');
  const add = (kind: 'fit' | 'engagement' | 'disqualifier', field: string, operator: string, value: unknown) =>
    rule(t.db, v.id, { kind, label: `${field} ${operator}`, field, operator, value });
  add('engagement', 'offer.id', 'equals', offerId);
  add('engagement', 'offer.type', 'in', [offerType, 'no-such-type']);
  add('engagement', 'campaign.id', 'equals', campaignId);
  add('engagement', 'channel', 'in', [channel, 'Zz Channel']);
  add('engagement', 'touchpoint.type', 'equals', 'zz_new_type');
  add('fit', 'industry', 'exists', null);
  add('fit', 'country', 'equals', 'ZZ');
  add('fit', 'name', 'starts_with', 'a');
  add('disqualifier', 'attributes.tier', 'equals', 'gold');
  rules = listRules(t.db, v.id).filter((r) => r.kind !== 'sql');
});
afterAll(() => t.cleanup());

describe('lift_mql, the lift report summary', () => {
  it('is built by the first report and then answers as the source tables do', () => {
    // The demo's past review read the lift report (its agenda), so the summary was built in its transaction.
    check();
    resetLiftSummary(t.db);
    expect(one<number>('SELECT built FROM lift_state')).toBe(0);
    const c = check();
    expect(c.population).toBeGreaterThan(100);
    expect(one<number>('SELECT count(*) FROM lift_mql')).toBe(one<number>('SELECT count(*) FROM lead_rollup WHERE mql_at IS NOT NULL'));
  });

  it('follows touchpoints inserted before an MQL time (a value never seen before too), not those after', () => {
    const before = check();
    const [a, b, c] = mqls(3);
    touch(a!.id, a!.at - 1000, 'zz_new_type');
    touch(b!.id, b!.at, 'ZZ_New_Type ', { channel: 'zz channel' });
    touch(c!.id, c!.at + 1000, 'zz_new_type');
    const after = check();
    expect(changed(before, after)).toBe(true);
    const i = rules.findIndex((r) => r.field === 'touchpoint.type' && r.value === 'zz_new_type');
    expect(after.rules[i]!.n - before.rules[i]!.n).toBe(2);
  });

  it('follows a touchpoint soft delete and undelete, and one moved to another lead', () => {
    const before = check();
    const tp = t.db
      .prepare(
        `SELECT t.id FROM touchpoints t JOIN lead_rollup r ON r.lead_id = t.lead_id
         WHERE r.mql_at IS NOT NULL AND t.occurred_at <= r.mql_at AND t.deleted = 0 AND t.type = 'zz_new_type'`,
      )
      .pluck()
      .get() as string;
    t.db.prepare('UPDATE touchpoints SET deleted = 1 WHERE id = ?').run(tp);
    const deleted = check();
    expect(changed(before, deleted)).toBe(true);
    t.db.prepare('UPDATE touchpoints SET deleted = 0 WHERE id = ?').run(tp);
    expect(check()).toEqual(before);
    const [, , , d] = mqls(4);
    t.db.prepare('UPDATE touchpoints SET lead_id = ?, occurred_at = ? WHERE id = ?').run(d!.id, d!.at - 5, tp);
    check();
  });

  it('follows an MQL time that moves earlier or later (stage events) and a new MQL', () => {
    const before = check();
    // The lead whose touchpoints before its MQL time matter most: moving the MQL before them all drops them.
    const lead = t.db
      .prepare(
        `SELECT r.lead_id FROM lead_rollup r JOIN touchpoints t ON t.lead_id = r.lead_id AND t.occurred_at <= r.mql_at AND t.deleted = 0
         WHERE r.deleted = 0 GROUP BY r.lead_id ORDER BY count(*) DESC LIMIT 1`,
      )
      .pluck()
      .get() as string;
    const first = one<number>('SELECT min(occurred_at) FROM touchpoints WHERE lead_id = ?', lead);
    const ev = newId();
    t.db
      .prepare(`INSERT INTO stage_events (id, lead_id, from_stage, to_stage, at, created_at) VALUES (?, ?, 'lead', 'mql', ?, ?)`)
      .run(ev, lead, first - 1, first - 1);
    const moved = check();
    expect(changed(before, moved)).toBe(true);
    t.db.prepare('DELETE FROM stage_events WHERE id = ?').run(ev);
    expect(check()).toEqual(before);
    // A lead that was no MQL becomes one.
    const fresh = t.db.prepare(`SELECT lead_id FROM lead_rollup WHERE mql_at IS NULL AND deleted = 0 ORDER BY lead_id LIMIT 1`).pluck().get() as string;
    t.db
      .prepare(`INSERT INTO stage_events (id, lead_id, from_stage, to_stage, at, created_at) VALUES (?, ?, 'lead', 'mql', ?, ?)`)
      .run(newId(), fresh, Date.UTC(2026, 5, 29), Date.UTC(2026, 5, 29));
    expect(check().population).toBe(before.population + 1);
  });

  it('follows lead field updates (columns and attributes), a lead delete and undelete', () => {
    const before = check();
    const [a, b, c] = mqls(3, 10);
    t.db.prepare(`UPDATE leads SET country = 'zz ', industry = NULL WHERE id = ?`).run(a!.id);
    t.db.prepare(`UPDATE leads SET attributes = json_set(attributes, '$.tier', 'Gold'), name = 'Alice' WHERE id = ?`).run(b!.id);
    const edited = check();
    expect(changed(before, edited)).toBe(true);
    t.db.prepare('UPDATE leads SET deleted = 1 WHERE id = ?').run(c!.id);
    expect(check().population).toBe(edited.population - 1);
    t.db.prepare('UPDATE leads SET deleted = 0 WHERE id = ?').run(c!.id);
    expect(check()).toEqual(edited);
  });

  it('follows an import (touchpoints added, lead fields upserted) and its undo (rows hard-deleted)', async () => {
    const before = check();
    const [a, b] = mqls(2, 20);
    const email = (id: string) => one<string>('SELECT email FROM leads WHERE id = ?', id);
    const touches = await importFile(
      t.db,
      writeFile(t.dir, 'touch.csv', `email,type,at\n${email(a!.id)},zz_new_type,${iso(a!.at - 60_000)}\n${email(b!.id)},zz_new_type,${iso(b!.at + 60_000)}\n`),
      mapping('touchpoints', [
        { column: 'email', target: 'lead.email' },
        { column: 'type', target: 'type' },
        { column: 'at', target: 'occurredAt', transform: { dateFormat: 'iso' } },
      ]),
    );
    expect(touches.counts).toMatchObject({ inserted: 2, rejected: 0 });
    const leads = await importFile(
      t.db,
      writeFile(t.dir, 'leads.csv', `email,country\n${email(b!.id)},ZZ\n`),
      mapping('leads', [
        { column: 'email', target: 'email' },
        { column: 'country', target: 'country' },
      ]),
    );
    expect(leads.counts).toMatchObject({ updated: 1 });
    const imported = check();
    expect(changed(before, imported)).toBe(true);
    undo(t.db, leads.importId!);
    undo(t.db, touches.importId!);
    expect(check()).toEqual(before);
  });

  it('follows changes a sync pull applies (a touchpoint, a lead field, a soft delete)', () => {
    const before = check();
    const [a, b] = mqls(2, 30);
    const tp = one<string>('SELECT id FROM touchpoints WHERE lead_id = ? AND occurred_at <= ? AND deleted = 0 LIMIT 1', b!.id, b!.at);
    const node = 'abcdef0123456789';
    let n = 0;
    const f = (tbl: string, rowId: string, col: string, value: string | number | null) => ({
      xid: String(++n),
      id: String(n),
      tbl,
      rowId,
      col,
      value,
      clock: formatHlc({ millis: Date.UTC(2026, 6, 1), counter: n, node }),
      base: null,
    });
    const newTp = newId();
    const fields = [
      ...Object.entries({ lead_id: a!.id, type: 'zz_new_type', occurred_at: a!.at - 1, created_at: 1, updated_at: 1, deleted: 0 }).map(([c, v]) => f('touchpoints', newTp, c, v)),
      f('leads', a!.id, 'country', 'ZZ'),
      f('touchpoints', tp, 'deleted', 1),
    ];
    t.db.transaction(() => applyPulled(t.db, fields, '0123456789abcdef', Date.UTC(2026, 6, 1)))();
    expect(one<string>('SELECT lead_id FROM touchpoints WHERE id = ?', newTp)).toBe(a!.id);
    const pulled = check();
    expect(changed(before, pulled)).toBe(true);
  });

  it('sees new touchpoints after the newest one was deleted (its rowid handed out again) and after a VACUUM', () => {
    check();
    const newest = one<string>('SELECT id FROM touchpoints ORDER BY rowid DESC LIMIT 1');
    const rowid = one<number>('SELECT rowid FROM touchpoints WHERE id = ?', newest);
    t.db.prepare('DELETE FROM touchpoints WHERE id = ?').run(newest);
    const gone = check();
    const [a] = mqls(1, 40);
    touch(a!.id, a!.at - 10, 'zz_new_type');
    expect(one<number>('SELECT max(rowid) FROM touchpoints')).toBe(rowid);
    const reused = check();
    expect(changed(gone, reused)).toBe(true);
    t.db.exec('VACUUM');
    const [b] = mqls(1, 41);
    touch(b!.id, b!.at - 10, 'zz_new_type');
    expect(changed(reused, check())).toBe(true);
  });

  it('writes the rule bits anew for another rule set, and for the same version after a rule is added', () => {
    const active = check();
    const sets = one<number>('SELECT count(*) FROM lift_match_sets');
    const other = listRules(t.db, one<string>(`SELECT id FROM criteria_versions WHERE status <> 'active' ORDER BY number LIMIT 1`)).filter(
      (r) => r.kind !== 'sql',
    );
    expect(other.length).toBeGreaterThan(0);
    expect(ruleMatchCounts(t.db, {}, other)).toEqual(ruleMatchCountsDirect(t.db, {}, other));
    expect(one<number>('SELECT count(*) FROM lift_match_sets')).toBe(Math.min(sets + 1, 3));
    expect(check()).toEqual(active);
    // Both sets keep their slots: reports alternating between them write nothing.
    const changes = one<number>('SELECT total_changes()');
    for (let i = 0; i < 2; i++) {
      expect(ruleMatchCounts(t.db, {}, other)).toEqual(ruleMatchCountsDirect(t.db, {}, other));
      expect(ruleMatchCounts(t.db, {}, rules)).toEqual(active);
    }
    expect(one<number>('SELECT total_changes()')).toBe(changes);
    // A write folded in for one set leaves the other's rows of that lead to be written when it is next read.
    const [a] = mqls(1, 90);
    touch(a!.id, a!.at - 10, 'zz_new_type');
    expect(check()).not.toEqual(active);
    expect(ruleMatchCounts(t.db, {}, other)).toEqual(ruleMatchCountsDirect(t.db, {}, other));
    const v = analysedVersion(t.db, undefined);
    rule(t.db, v.id, { kind: 'fit', label: 'big', field: 'employees', operator: 'range', value: { min: 1000 } });
    const before = rules.length;
    rules = listRules(t.db, v.id).filter((r) => r.kind !== 'sql');
    const more = check();
    expect(more.rules).toHaveLength(before + 1);
    expect(more.rules.at(-1)!.n).toBeGreaterThan(0);
  });

  it('folds a write in while another connection holds a read snapshot, which keeps its own counts', () => {
    check();
    // Another connection holding a read snapshot does not keep the report from folding in a write.
    const other = openWorkspace(t.path);
    try {
      other.exec('BEGIN');
      const before = ruleMatchCounts(other, {}, rules);
      const [a] = mqls(1, 70);
      touch(a!.id, a!.at - 10, 'zz_new_type');
      const key = one<string>('SELECT match_key FROM lift_match_sets ORDER BY used DESC LIMIT 1');
      expect(liftSummaryCurrent(t.db, [], () => ({ key, write: () => undefined }))).toBeNull();
      const after = check();
      expect(changed(before, after)).toBe(true);
      // Its snapshot still answers as before the write; once it ends, as after.
      expect(ruleMatchCounts(other, {}, rules)).toEqual(before);
      other.exec('COMMIT');
      expect(ruleMatchCounts(other, {}, rules)).toEqual(after);
    } finally {
      other.close();
    }
  });

  it('answers from the source tables on a read-only connection', () => {
    const counts = check();
    const [a] = mqls(1, 50);
    touch(a!.id, a!.at - 10, 'zz_new_type');
    const ro = openWorkspace(t.path, { readonly: true });
    try {
      const fresh = ruleMatchCounts(ro, {}, rules);
      expect(fresh).toEqual(ruleMatchCountsDirect(ro, {}, rules));
      expect(changed(counts, fresh)).toBe(true);
    } finally {
      ro.close();
    }
  });

  it('keeps its watermark when an old touchpoint is deleted (only that lead is recomputed)', () => {
    const before = check();
    const watermark = one<number>('SELECT touch_rowid FROM lift_state');
    expect(watermark).toBe(one<number>('SELECT max(rowid) FROM touchpoints'));
    // The oldest touchpoint counted for some MQL, far below the watermark.
    const old = t.db
      .prepare(
        `SELECT t.id, t.lead_id AS lead FROM touchpoints t JOIN lead_rollup r ON r.lead_id = t.lead_id
         WHERE r.mql_at IS NOT NULL AND t.occurred_at <= r.mql_at AND t.deleted = 0 ORDER BY t.rowid LIMIT 1`,
      )
      .get() as { id: string; lead: string };
    t.db.prepare('DELETE FROM touchpoints WHERE id = ?').run(old.id);
    // Lowering the watermark there would have the report fold every later touchpoint in again.
    expect(one<number>('SELECT touch_rowid FROM lift_state')).toBe(watermark);
    expect(t.db.prepare('SELECT lead_id FROM lift_dirty').pluck().all()).toEqual([old.lead]);
    check();
    expect(check().population).toBe(before.population);
  });

  it('numbers only the touchpoint values rules name: 900 values no rule names leave it answering', () => {
    check();
    const [a] = mqls(1, 60);
    const insert = t.db.prepare(
      `INSERT INTO touchpoints (id, lead_id, type, channel, occurred_at, created_at, updated_at) VALUES (?, ?, 'visit', ?, ?, 1, 1)`,
    );
    t.db.transaction(() => {
      for (let i = 0; i < 900; i++) insert.run(newId(), a!.id, `zz channel ${i}`, a!.at - 1);
    })();
    check();
    expect(one<number>('SELECT count(*) FROM lift_touch_bits')).toBeLessThan(100);
    // A rule naming one of them: its bit is added and the MQLs that touched it recomputed.
    const base = rules.find((r) => r.kind === 'engagement' && r.field === 'channel')!;
    const withNew = [...rules, { ...base, id: newId(), operator: 'equals' as const, value: 'ZZ Channel 7' }];
    const counts = ruleMatchCounts(t.db, {}, withNew);
    expect(counts).toEqual(ruleMatchCountsDirect(t.db, {}, withNew));
    expect(counts.rules.at(-1)!.n).toBe(1);
    expect(one<number>('SELECT count(*) FROM lift_dirty')).toBe(0);
    check();
  });

  it('answers rules naming more values than the masks hold from the source tables, without the write lock', () => {
    const active = check();
    const sets = () => t.db.prepare('SELECT slot, match_key, used FROM lift_match_sets ORDER BY slot').all();
    const kept = sets();
    const base = rules.find((r) => r.kind === 'engagement' && r.field === 'channel')!;
    const channels = (from: number, n: number) => Array.from({ length: n }, (_, i) => `zz channel ${from + i}`);
    const wide = [...rules, { ...base, id: newId(), operator: 'in' as const, value: channels(0, 900) }];
    const other = openWorkspace(t.path);
    const busy = liftUpkeepBusy.count;
    try {
      other.exec('BEGIN IMMEDIATE');
      expect(ruleMatchCounts(t.db, {}, wide)).toEqual(ruleMatchCountsDirect(t.db, {}, wide));
      // No write lock was tried, and the summary is as it was for the other rules.
      expect(liftUpkeepBusy.count).toBe(busy);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(sets()).toEqual(kept);
    expect(check()).toEqual(active);
    // Two rule sets that fit alone but not together: each report numbers its own values afresh.
    const half = (from: number) => [...rules, { ...base, id: newId(), operator: 'in' as const, value: channels(from, 450) }];
    for (const rs of [half(0), half(450), half(0)]) {
      const counts = ruleMatchCounts(t.db, {}, rs);
      expect(counts).toEqual(ruleMatchCountsDirect(t.db, {}, rs));
      expect(counts.rules.at(-1)!.n).toBe(1);
      expect(one<number>('SELECT built FROM lift_state')).toBe(1);
    }
    expect(check()).toEqual(active);
  });

  it('does not wait behind another connection holding the write lock: the report reads the source tables at once', () => {
    const before = check();
    const [a] = mqls(1, 80);
    touch(a!.id, a!.at - 10, 'zz_new_type');
    // A minute's busy timeout: an upkeep waiting it out would fail this test's timeout.
    const timeout = t.db.pragma('busy_timeout', { simple: true });
    t.db.pragma('busy_timeout = 60000');
    const other = openWorkspace(t.path);
    const busy = liftUpkeepBusy.count;
    try {
      other.exec('BEGIN IMMEDIATE');
      const counts = ruleMatchCounts(t.db, {}, rules);
      expect(counts).toEqual(ruleMatchCountsDirect(t.db, {}, rules));
      expect(changed(before, counts)).toBe(true);
      // The upkeep found the lock taken (it tries with no busy wait) and gave up; the connection's timeout is back.
      expect(liftUpkeepBusy.count).toBe(busy + 1);
      expect(t.db.pragma('busy_timeout', { simple: true })).toBe(60000);
      expect(one<number>('SELECT touch_rowid FROM lift_state')).toBeLessThan(one<number>('SELECT max(rowid) FROM touchpoints'));
    } finally {
      other.exec('ROLLBACK');
      other.close();
      t.db.pragma(`busy_timeout = ${Number(timeout)}`);
    }
    expect(check()).toEqual(ruleMatchCountsDirect(t.db, {}, rules));
  }, 30_000);

  it('is built by the upgrade to migration 0021 of an existing workspace, so the first report writes only its rule bits', () => {
    const path = join(t.dir, 'v20.db');
    t.db.prepare('VACUUM INTO ?').run(path);
    // The workspace as it was before 0021: no summary tables or triggers.
    const raw = new Database(path);
    for (const tr of ['lift_touchpoints_au', 'lift_touchpoints_ad', 'lift_leads_au', 'lift_leads_ai', 'lift_leads_ad']) raw.exec(`DROP TRIGGER ${tr}`);
    for (const tb of ['lift_mql', 'lift_touch_bits', 'lift_match', 'lift_match_sets', 'lift_dirty', 'lift_state']) raw.exec(`DROP TABLE ${tb}`);
    raw.pragma('user_version = 20');
    raw.close();
    const db = openWorkspace(path);
    try {
      const get = (sql: string) => db.prepare(sql).pluck().get() as number;
      expect(get('SELECT built FROM lift_state')).toBe(1);
      expect(get('SELECT count(*) FROM lift_mql')).toBe(get('SELECT count(*) FROM lead_rollup WHERE mql_at IS NOT NULL'));
      const bits = get('SELECT count(*) FROM lift_touch_bits');
      expect(bits).toBeGreaterThan(0);
      const rows = db.prepare('SELECT * FROM lift_mql ORDER BY lead_id').raw().all();
      for (const f of filters(db)) expect(ruleMatchCounts(db, f, rules), JSON.stringify(f)).toEqual(ruleMatchCountsDirect(db, f, rules));
      // Its rows and value bits were what the report needed: nothing added, nothing rewritten.
      expect(get('SELECT count(*) FROM lift_touch_bits')).toBe(bits);
      expect(db.prepare('SELECT * FROM lift_mql ORDER BY lead_id').raw().all()).toEqual(rows);
      expect(get('SELECT count(*) FROM lift_match')).toBe(rows.length);
      expect(get('SELECT count(*) FROM lift_match_sets')).toBe(1);
    } finally {
      db.close();
    }
  });
});
