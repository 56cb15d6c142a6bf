import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/rpc/registry.js';
import * as reports from '../../main/services/reports/index.js';
import { expectedRollupRows, rollupRows } from '../../main/db/rollup.repo.js';
import { day } from '../helpers/report-builders.js';
import { buildReportFixture, type ReportFixture } from '../helpers/report-fixture.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/** Known answers on the hand-made fixture (see test/helpers/report-fixture.ts for the story). */
let t: TestDb;
let fx: ReportFixture;
beforeAll(() => {
  t = createTestDb();
  fx = buildReportFixture(t.db);
});
afterAll(() => t.cleanup());

const cohort = <R extends { cohort: string }>(rows: R[], c: string): R => rows.find((r) => r.cohort === c)!;

describe('the rollup the reports read', () => {
  it('is what the source tables say, after every kind of write the fixture made', () => {
    expect(rollupRows(t.db)).toEqual(expectedRollupRows(t.db));
    expect(rollupRows(t.db)).toHaveLength(7);
  });
});

describe('funnel', () => {
  it('counts each cohort month and converts step by step and cumulatively', () => {
    const f = reports.funnel(t.db, {});
    expect(f.rows.map((r) => r.cohort)).toEqual(['2026-01', '2026-02']);
    expect(cohort(f.rows, '2026-01')).toMatchObject({ leads: 4, mql: 3, sal: 2, sql: 2, won: 1 });
    expect(cohort(f.rows, '2026-02')).toMatchObject({ leads: 2, mql: 2, sal: 1, sql: 1, won: 1 });
    const jan = cohort(f.rows, '2026-01');
    expect(jan.leadToMql).toBeCloseTo(3 / 4);
    expect(jan.mqlToSal).toBeCloseTo(2 / 3);
    expect(jan.salToSql).toBe(1);
    expect(jan.sqlToWon).toBe(0.5);
    expect(jan.cumulativeSal).toBe(0.5);
    expect(jan.cumulativeWon).toBe(0.25);
    expect(f.total).toMatchObject({ cohort: 'total', leads: 6, mql: 5, sal: 3, sql: 3, won: 2 });
  });
  it('applies every filter', () => {
    expect(reports.funnel(t.db, { repId: fx.repA }).total).toMatchObject({ leads: 3, mql: 3, sal: 2, sql: 2, won: 2 });
    expect(reports.funnel(t.db, { campaignId: fx.webinars }).total).toMatchObject({ leads: 3, mql: 2, sal: 1, won: 0 });
    expect(reports.funnel(t.db, { channel: 'events' }).total).toMatchObject({ leads: 3, mql: 2 });
    expect(reports.funnel(t.db, { channel: 'paid_search' }).total).toMatchObject({ leads: 3, mql: 3, won: 2 });
    expect(reports.funnel(t.db, { version: 1 }).total).toMatchObject({ leads: 4, mql: 4, won: 2 });
    expect(reports.funnel(t.db, { version: 2 }).total).toMatchObject({ leads: 1, mql: 1, won: 0 });
    const feb = reports.funnel(t.db, { from: day(2026, 2, 1), to: day(2026, 3, 1) });
    expect(feb.rows.map((r) => r.cohort)).toEqual(['2026-02']);
    expect(() => reports.funnel(t.db, { version: 9 })).toThrow(/no criteria version 9/);
  });
  it('gives null rates, not zero, where nothing reached the earlier stage', () => {
    const none = reports.funnel(t.db, { from: day(2030, 1, 1) });
    expect(none.rows).toEqual([]);
    expect(none.total.leadToMql).toBeNull();
  });
});

describe('velocity', () => {
  it('gives median and p80 days of each step (first time each stage was reached)', () => {
    const v = Object.fromEntries(reports.velocity(t.db, {}).rows.map((r) => [r.step, r]));
    expect(v.leadToMql).toMatchObject({ n: 5, medianDays: 1 });
    expect(v.leadToMql!.p80Days).toBeCloseTo(1.2, 10);
    expect(v.mqlToSal!.n).toBe(3);
    expect(v.mqlToSal!.medianDays).toBeCloseTo(10 / 24, 10);
    expect(v.mqlToSal!.p80Days).toBeCloseTo(10 / 24 + 0.6 * (1 - 10 / 24), 10);
    expect(v.salToSql!.medianDays).toBeCloseTo(4, 10);
    expect(v.salToSql!.p80Days).toBeCloseTo(4 + 0.6 * (36 + 14 / 24 - 4), 10);
    expect(v.sqlToWon).toMatchObject({ n: 2, medianDays: 15.5 });
    expect(v.sqlToWon!.p80Days).toBeCloseTo(24.8, 10);
    expect(v.leadToWon).toMatchObject({ n: 2, medianDays: 37 });
    expect(v.leadToWon!.p80Days).toBeCloseTo(37.6, 10);
  });
  it('is empty, not zero, for no leads', () => {
    const v = reports.velocity(t.db, { from: day(2030, 1, 1) });
    expect(v.rows.every((r) => r.n === 0 && r.medianDays === null && r.p80Days === null)).toBe(true);
  });
});

describe('offers', () => {
  const find = (o: ReturnType<typeof reports.offers>, group: string, label: string) =>
    o.rows.find((r) => r.group === group && r.label === label)!;

  it('attributes MQLs to the first offer and weighs them against cost', () => {
    const o = reports.offers(t.db, {}, 'first');
    expect(o.currencies).toEqual(['EUR', 'USD']);
    expect(find(o, 'offer', 'Demo')).toMatchObject({ mqls: 2, sals: 1, sqls: 1, won: 1, revenue: 1000, cost: 100, salRate: 0.5, wonRate: 0.5, revenuePerMql: 500, costPerMql: 50, cac: 100, roi: 9 });
    expect(find(o, 'offer', 'Webinar')).toMatchObject({ mqls: 2, sals: 1, sqls: 1, won: 0, revenue: 0, cost: 50, cac: null, roi: -1 });
    expect(find(o, 'offer', '(no offer)')).toMatchObject({ key: null, mqls: 1, won: 1, revenue: 3000, cost: 0, costPerMql: null, cac: null, roi: null });
    const ads = find(o, 'campaign', 'Ads');
    expect(ads).toMatchObject({ key: fx.ads, mqls: 3, sals: 2, sqls: 2, won: 2, revenue: 4000, cost: 1100, cac: 550 });
    expect(ads.roi).toBeCloseTo((4000 - 1100) / 1100, 10);
    expect(find(o, 'campaign', 'Webinars')).toMatchObject({ mqls: 2, cost: 550 });
    expect(find(o, 'channel', 'paid_search')).toMatchObject({ mqls: 3, won: 2, cost: 1100 });
    expect(find(o, 'channel', 'events')).toMatchObject({ mqls: 2, won: 0, cost: 550 });
    expect(find(o, 'landingPage', '/demo')).toMatchObject({ mqls: 2, cost: 100 });
    expect(find(o, 'landingPage', '(no landing page)')).toMatchObject({ mqls: 3, cost: 50 });
  });
  it('attributes to the last offer touch at or before the MQL on request', () => {
    const o = reports.offers(t.db, {}, 'last');
    expect(find(o, 'offer', 'Demo')).toMatchObject({ mqls: 3, sals: 2, sqls: 2, won: 1, revenue: 1000 });
    expect(find(o, 'offer', 'Webinar')).toMatchObject({ mqls: 1, sals: 0, won: 0 });
    expect(find(o, 'offer', '(no offer)')).toMatchObject({ mqls: 1, won: 1 });
  });
  it('keeps offers that cost money and brought no MQL', () => {
    const o = reports.offers(t.db, { from: day(2030, 1, 1) }, 'first');
    expect(find(o, 'offer', 'Demo')).toMatchObject({ mqls: 0, cost: 100, costPerMql: null });
  });
});

describe('reasons', () => {
  it('paretos rejections and losses of live leads with their bases', () => {
    const r = reports.reasons(t.db, {}, null);
    expect(r).toMatchObject({ rejected: 1, decided: 4, lost: 1, closed: 3 });
    expect(r.rejection).toEqual([
      expect.objectContaining({ kind: 'rejection', reasonId: fx.noAuthority, count: 1, share: 1, cumulativeShare: 1, splits: [] }),
    ]);
    expect(r.loss).toEqual([expect.objectContaining({ kind: 'loss', reasonId: fx.price, code: 't_price', count: 1 })]);
  });
  it('splits each bar and filters on the decision and close dates', () => {
    const byRep = reports.reasons(t.db, {}, 'rep');
    expect(byRep.rejection[0]!.splits).toEqual([{ key: fx.repA, label: 'Alice Rep', count: 1 }]);
    // With a split the base is counted on its own; without one it is the rejections plus the accepted.
    expect(byRep.decided).toBe(4);
    expect(byRep.loss[0]!.splits).toEqual([{ key: fx.repB, label: 'Bob Rep', count: 1 }]);
    const byCompetitor = reports.reasons(t.db, {}, 'competitor');
    expect(byCompetitor.loss[0]!.splits).toEqual([{ key: 'Rival', label: 'Rival', count: 1 }]);
    expect(byCompetitor.rejection[0]!.splits).toEqual([]);
    const feb = reports.reasons(t.db, { from: day(2026, 2, 1) }, null);
    expect(feb).toMatchObject({ rejected: 0, lost: 1, closed: 3 });
    expect(reports.reasons(t.db, { to: day(2026, 2, 11) }, null)).toMatchObject({ rejected: 1, lost: 0, closed: 1 });
  });
});

describe('lift', () => {
  it('compares the win rate of MQLs that match each rule with those that do not', () => {
    const l = reports.lift(t.db, {}, null);
    expect(l).toMatchObject({ version: 1, population: 5, won: 2 });
    expect(l.skippedRules).toEqual([{ id: fx.rules.ruleBant, label: 'Budget confirmed' }]);
    expect(l.rows.map((r) => r.key)).toEqual([fx.rules.ruleBig, fx.rules.ruleDemo, fx.rules.ruleNl]);
    const [big, demo, nl] = l.rows;
    expect(big).toMatchObject({ n: 1, won: 1, winRate: 1, otherN: 4, otherWon: 1, otherWinRate: 0.25, lift: 4 });
    expect(demo).toMatchObject({ ruleKind: 'engagement', n: 3, won: 1, otherN: 2, otherWon: 1 });
    expect(demo!.lift).toBeCloseTo(2 / 3, 10);
    expect(nl).toMatchObject({ n: 3, won: 2, otherN: 2, otherWon: 0, otherWinRate: 0, lift: null });
    expect(big!.interval!.low).toBeCloseTo(0.2065, 3);
    expect(big!.interval!.high).toBeCloseTo(1, 10);
  });
  it('adds every value of a chosen field', () => {
    const l = reports.lift(t.db, {}, 'country');
    const de = l.rows.find((r) => r.kind === 'value' && r.key === 'DE')!;
    expect(de).toMatchObject({ n: 2, won: 0, winRate: 0, otherN: 3, otherWon: 2, lift: 0 });
    const nl = l.rows.find((r) => r.kind === 'value' && r.key === 'NL')!;
    expect(nl).toMatchObject({ n: 3, won: 2, lift: null });
    const offers = reports.lift(t.db, {}, 'offer');
    expect(offers.rows.find((r) => r.kind === 'value' && r.label === 'Demo')).toMatchObject({ key: fx.demo, n: 2, won: 1 });
  });
});

describe('calibration', () => {
  it('gives the win rate by decile of the score under the version', () => {
    const c = reports.calibration(t.db, {});
    expect(c).toMatchObject({ version: 1, scored: 6, won: 2 });
    // Live leads in scope, scored or not: what the page compares the scored leads with.
    expect(c.leads).toBe((t.db.prepare('SELECT count(*) AS n FROM leads WHERE deleted = 0').get() as { n: number }).n);
    expect(c.leads).toBeGreaterThanOrEqual(c.scored);
    expect(c.rows.map((r) => [r.decile, r.n, r.won, r.meanScore])).toEqual([
      [1, 1, 0, 5],
      [2, 1, 0, 30],
      [3, 1, 0, 35],
      [4, 1, 0, 40],
      [5, 1, 1, 45],
      [6, 1, 1, 50],
    ]);
    expect(c.rows[5]!.interval!.low).toBeCloseTo(0.2065, 3);
    expect(() => reports.calibration(t.db, { version: 3 })).toThrow(/no criteria version 3/);
    // The index-only path (no lead-side filter) and the joined one rank and count alike.
    expect(reports.calibration(t.db, { from: 0 })).toEqual(c);
    expect(reports.calibration(t.db, { repId: fx.repA }).rows.map((r) => [r.n, r.won, r.meanScore])).toEqual([[1, 0, 30], [1, 1, 45], [1, 1, 50]]);
  });
});

describe('sla', () => {
  it('counts breaches (pending past due, decided late) and hours to decision per rep', () => {
    const s = reports.sla(t.db, {}, fx.asOf);
    const a = s.rows.find((r) => r.repId === fx.repA)!;
    const bob = s.rows.find((r) => r.repId === fx.repB)!;
    expect(a).toMatchObject({ handoffs: 3, pending: 0, decided: 3, decidedLate: 1, breached: 1, medianHoursToDecision: 24 });
    expect(a.breachRate).toBeCloseTo(1 / 3, 10);
    expect(a.p80HoursToDecision).toBeCloseTo(52.8, 10);
    expect(bob).toMatchObject({ handoffs: 2, pending: 1, pendingBreached: 1, decided: 1, decidedLate: 0, breached: 1, breachRate: 0.5, medianHoursToDecision: 2, p80HoursToDecision: 2 });
    expect(s.total).toMatchObject({ handoffs: 5, pending: 1, pendingBreached: 1, decided: 4, decidedLate: 1, breached: 2, breachRate: 0.4, medianHoursToDecision: 17 });
    expect(s.total.p80HoursToDecision).toBeCloseTo(43.2, 10);
  });
  it('judges pending handoffs at the time asked', () => {
    const early = reports.sla(t.db, {}, day(2026, 2, 5));
    expect(early.total.pendingBreached).toBe(0);
    expect(reports.sla(t.db, { version: 2 }, fx.asOf).total).toMatchObject({ handoffs: 1, pending: 1 });
  });
});

describe('through the registry', () => {
  it('validates filters and answers every report', async () => {
    const registry = createRegistry();
    for (const channel of ['funnel', 'velocity', 'offers', 'reasons', 'lift', 'calibration', 'sla']) {
      const res = await registry.invoke(`reports:${channel}`, { filters: {} }, t.ctx);
      expect(res.ok, channel).toBe(true);
    }
    const bad = await registry.invoke('reports:funnel', { filters: { from: 10, to: 5 } }, t.ctx);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const missing = await registry.invoke('reports:lift', { filters: { version: 42 } }, t.ctx);
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});
