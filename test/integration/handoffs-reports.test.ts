import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOX_SQL } from '../../main/db/handoffs.repo.js';
import { createRegistry } from '../../main/rpc/registry.js';
import * as handoffs from '../../main/services/handoffs.js';
import * as reports from '../../main/services/handoffs-reports.js';
import { weekStart } from '../../shared/domain/sla.js';
import { loopWorld, reasonId, type LoopWorld } from './handoff-fixtures.js';

const HOUR = 3_600_000;

/** 6 handoffs per rep; Rita's webinar leads are rejected for no authority, Ravi accepts most. */
describe('loop reports', () => {
  let w: LoopWorld;
  let at: number;
  beforeAll(() => {
    w = loopWorld({ perRep: 6 });
    at = w.handedAt + 60 * HOUR;
    const db = w.db;
    db.exec(`
      INSERT INTO campaigns (id, name, channel, created_at, updated_at) VALUES
        ('0190f5c8-0000-7000-8000-0000000000c1', 'Webinar promo', 'paid_social', 0, 0),
        ('0190f5c8-0000-7000-8000-0000000000c2', 'Search ads', 'paid_search', 0, 0);
      INSERT INTO offers (id, name, type, campaign_id, channel, created_at, updated_at) VALUES
        ('0190f5c8-0000-7000-8000-0000000000f1', 'Webinar: Handoffs', 'webinar', '0190f5c8-0000-7000-8000-0000000000c1', 'paid_social', 0, 0),
        ('0190f5c8-0000-7000-8000-0000000000f2', 'Demo request', 'demo_request', '0190f5c8-0000-7000-8000-0000000000c2', 'paid_search', 0, 0);
      UPDATE leads SET first_offer_id = '0190f5c8-0000-7000-8000-0000000000f1', first_campaign_id = '0190f5c8-0000-7000-8000-0000000000c1' WHERE name LIKE 'Rita lead %';
      UPDATE leads SET first_offer_id = '0190f5c8-0000-7000-8000-0000000000f2', first_campaign_id = '0190f5c8-0000-7000-8000-0000000000c2' WHERE name LIKE 'Ravi lead %';
    `);
    const [r0, r1, r2, r3] = w.handoffs.rita as [string, string, string, string];
    w.as(w.rita);
    handoffs.decideMany(db, [r0, r1, r2], { decision: 'reject', reasonId: reasonId(db, 'no_authority'), comment: 'Intern signed up' }, at);
    handoffs.decide(db, r3, { decision: 'reject', reasonId: reasonId(db, 'no_budget') }, at + HOUR);
    w.as(w.ravi);
    const [v0, v1, v2, v3] = w.handoffs.ravi as [string, string, string, string];
    handoffs.decideMany(db, [v0, v1, v2], { decision: 'accept' }, at);
    handoffs.decide(db, v3, { decision: 'reject', reasonId: reasonId(db, 'no_authority'), comment: 'Wrong contact' }, at + 2 * HOUR);
  });
  afterAll(() => w.t.cleanup());

  it('Pareto of rejection reasons with shares, and splits by offer and by rep', () => {
    const p = reports.pareto(w.db, {}, 'offer');
    expect(p).toMatchObject({ rejected: 5, decided: 8 });
    expect(p.bars.map((b) => [b.code, b.count, b.share, b.cumulativeShare])).toEqual([
      ['no_authority', 4, 0.8, 0.8],
      ['no_budget', 1, 0.2, 1],
    ]);
    expect(p.bars[0]!.splits).toEqual([
      { key: '0190f5c8-0000-7000-8000-0000000000f1', label: 'Webinar: Handoffs', count: 3 },
      { key: '0190f5c8-0000-7000-8000-0000000000f2', label: 'Demo request', count: 1 },
    ]);
    const byRep = reports.pareto(w.db, {}, 'rep').bars[0]!.splits;
    expect(byRep).toEqual([
      { key: w.rita, label: 'Rita Rep', count: 3 },
      { key: w.ravi, label: 'Ravi Rep', count: 1 },
    ]);
    expect(reports.pareto(w.db, {}, 'channel').bars[0]!.splits.map((s) => [s.key, s.count])).toEqual([
      ['paid_social', 3],
      ['paid_search', 1],
    ]);
    expect(reports.pareto(w.db, {}, 'version').bars[0]!.splits).toEqual([{ key: w.versionId, label: 'v1', count: 4 }]);
    expect(reports.pareto(w.db, { repId: w.ravi }, null)).toMatchObject({ rejected: 1, decided: 4, bars: [{ code: 'no_authority', count: 1, splits: [] }] });
  });

  it('drills a bar down to the leads and the reps’ comments', () => {
    const rows = reports.drill(w.db, { filters: {}, reasonId: reasonId(w.db, 'no_authority'), splitBy: 'offer', splitKey: '0190f5c8-0000-7000-8000-0000000000f1', limit: 50 });
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.comment))).toEqual(new Set(['Intern signed up']));
    expect(rows.every((r) => r.firstOfferName === 'Webinar: Handoffs' && r.repName === 'Rita Rep')).toBe(true);
    const all = reports.drill(w.db, { filters: {}, reasonId: reasonId(w.db, 'no_authority'), splitBy: null, splitKey: null, limit: 50 });
    expect(all.map((r) => r.comment)).toContain('Wrong contact');
  });

  it('SLA by rep: pending, breached, acceptance and the median time to decision', () => {
    const rows = reports.slaByRep(w.db, {}, at + 3 * HOUR);
    const rita = rows.find((r) => r.repId === w.rita)!;
    const ravi = rows.find((r) => r.repId === w.ravi)!;
    // Handed at 0..5 h after the first; due 48 h later; decided 60 h (+1 h) after the first.
    expect(rita).toMatchObject({ pending: 2, breachedPending: 2, decided: 4, breachedDecided: 4, accepted: 0, acceptanceRate: 0 });
    expect(ravi).toMatchObject({ pending: 2, decided: 4, accepted: 3, acceptanceRate: 0.75 });
    // Rita decided after 60, 59, 58 and 58 (57+1) hours: the median is 58.5.
    expect(rita.medianHoursToDecision).toBe(58.5);
    expect(rows.find((r) => r.repId === w.manager)).toMatchObject({ pending: 0, decided: 0, acceptanceRate: null, medianHoursToDecision: null });
  });

  it('acceptance by ISO week of handoff in the workspace time zone', () => {
    const trend = reports.acceptanceTrend(w.db, {});
    expect(trend).toEqual([{ weekStart: weekStart(w.handedAt, 'Europe/Amsterdam'), decided: 8, accepted: 3, rate: 3 / 8 }]);
    expect(trend[0]!.weekStart).toBe(Date.UTC(2026, 2, 1, 23)); // Monday 2 March 00:00 CET
    expect(reports.acceptanceTrend(w.db, { from: at * 2 })).toEqual([]);
  });

  it('lists with filters and keyset paging that visits every row once', async () => {
    const reg = createRegistry();
    const seen: string[] = [];
    let cursor: unknown = null;
    for (let page = 0; page < 10; page++) {
      const res = await reg.invoke('handoffs:list', { filters: { status: 'all' }, sort: { column: 'slaDueAt', dir: 'asc' }, cursor, limit: 5 }, w.t.ctx);
      if (!res.ok) throw new Error(res.error.message);
      const v = res.value as { rows: { id: string; slaDueAt: number }[]; nextCursor: unknown; total: number };
      expect(v.total).toBe(12);
      seen.push(...v.rows.map((r) => r.id));
      cursor = v.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    const byName = handoffs.list(w.db, { filters: { status: 'rejected', repId: w.rita }, sort: { column: 'leadName', dir: 'desc' }, limit: 2 });
    expect(byName.total).toBe(4);
    const next = handoffs.list(w.db, { filters: { status: 'rejected', repId: w.rita }, sort: { column: 'leadName', dir: 'desc' }, cursor: byName.nextCursor, limit: 2 });
    expect([...byName.rows, ...next.rows].map((r) => r.leadName)).toEqual(['Rita lead 3', 'Rita lead 2', 'Rita lead 1', 'Rita lead 0']);
    expect(handoffs.list(w.db, { filters: { offerId: '0190f5c8-0000-7000-8000-0000000000f2', status: 'pending' } }).total).toBe(2);
    expect(handoffs.list(w.db, { filters: { breached: true, status: 'pending' } }, at).total).toBe(4);
    expect(() => handoffs.list(w.db, { sort: { column: 'leadName', dir: 'asc' }, cursor: { value: 5, id: seen[0]! } })).toThrow(/cursor does not belong/);
  });

  it('the inbox query reads the partial index in SLA order, with no sort step', () => {
    const steps = w.db.prepare(`EXPLAIN QUERY PLAN ${INBOX_SQL}`).all(w.rita, 5000) as { parent: number; detail: string }[];
    const plan = steps.map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/SEARCH h USING INDEX handoffs_inbox \(rep_id=\?\)/);
    // No sort of the inbox rows; only each row's outcome lookup (a subquery) orders that lead's few outcomes.
    expect(steps.filter((r) => r.parent === 0).map((r) => r.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
    // The campaigns join is unused by the inbox columns, and SQLite leaves it out.
    for (const table of ['l', 'o', 'v', 'ru', 'du', 'rr']) {
      expect(plan.some((d) => new RegExp(`SEARCH ${table} USING (INTEGER PRIMARY KEY|INDEX sqlite_autoindex)`).test(d)), `${table}: ${plan.join(' | ')}`).toBe(true);
    }
  });
});
