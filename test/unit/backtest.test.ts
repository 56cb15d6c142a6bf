import { describe, expect, it } from 'vitest';
import { backtestMonths, BacktestTally, partialLastMonth, decisionMoment, difference, monthsBetween, type LeadFacts } from '../../shared/domain/backtest.js';
import { isotonic, probabilityAt, probabilityBands } from '../../shared/domain/backtest-probability.js';
import type { ScoringVersion } from '../../shared/domain/criteria.js';
import { RuleSchema } from '../../shared/domain/criteria.js';
import { score, type ScoringTouchpoint } from '../../shared/domain/scoring.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);
const rule = (r: Record<string, unknown>) => RuleSchema.parse({ label: String(r.id), ...r });
const version: ScoringVersion = {
  id: 'v',
  levels: [{ name: 'MQL', threshold: 20 }],
  rules: [
    rule({ id: 'big', kind: 'fit', field: 'employees', operator: 'range', value: { min: 100 }, points: 15 }),
    rule({ id: 'demo', kind: 'engagement', field: 'touchpoint.type', operator: 'equals', value: 'demo_request', points: 10 }),
    rule({ id: 'student', kind: 'disqualifier', field: 'jobTitle', operator: 'equals', value: 'Student', points: 0 }),
  ],
};

let n = 0;
function lead(f: Partial<LeadFacts>): LeadFacts {
  n += 1;
  return { leadId: `l${n}`, name: `L${n}`, company: 'C', createdAt: T0, decisionAt: T0, decision: null, reasonCode: null, reasonLabel: null, sql: false, won: false, revenue: 0, ...f };
}

describe('BacktestTally', () => {
  it('counts MQLs, decisions, outcomes, missed won deals with why, and avoided rejections', () => {
    const t = new BacktestTally(version);
    const demo: ScoringTouchpoint[] = [{ type: 'demo_request', occurredAt: T0 - DAY }];
    const add = (fields: Record<string, unknown>, tps: ScoringTouchpoint[], f: Partial<LeadFacts>) => t.add(lead(f), score(fields, tps, version, f.decisionAt ?? T0));
    add({ employees: 500 }, demo, { decision: 'accepted', sql: true, won: true, revenue: 1000 });
    add({ employees: 500 }, demo, { decision: 'rejected', reasonCode: 'no_budget', reasonLabel: 'No budget' });
    add({ employees: 500 }, [], { won: true, revenue: 700 }); // 15 points: missed, demo rule unmet
    add({ employees: 500, jobTitle: 'Student' }, demo, { won: true, revenue: 50 }); // disqualified
    add({ employees: 5 }, [], { decision: 'rejected', reasonCode: 'outside_icp', reasonLabel: 'Outside ICP' }); // avoided
    add({ employees: 500 }, demo, { createdAt: Date.UTC(2026, 3, 2), decisionAt: Date.UTC(2026, 3, 2) });
    const r = t.result();
    expect(r).toMatchObject({ leads: 6, mqls: 3, accepted: 1, rejected: 1, notHandedOff: 1, acceptanceRate: 0.5, won: 1, revenue: 1000, sql: 1 });
    expect(r.confusion).toEqual({ tp: 1, fp: 2, fn: 2, tn: 1 });
    expect(r.monthly).toEqual([{ month: '2026-03', mqls: 2, leads: 5 }, { month: '2026-04', mqls: 1, leads: 1 }]);
    expect(r.rejectReasons).toEqual([{ code: 'no_budget', label: 'No budget', count: 1 }]);
    expect(r.missedWon.count).toBe(2);
    expect(r.missedWon.revenue).toBe(750);
    expect(r.missedWon.leads[0]).toMatchObject({ revenue: 700, total: 15, shortBy: 5, disqualifiedBy: null, unmet: ['demo'] });
    expect(r.missedWon.leads[1]).toMatchObject({ disqualifiedBy: 'student', shortBy: null });
    expect(r.avoidedRejections).toMatchObject({ count: 1, byReason: [{ code: 'outside_icp', count: 1 }] });
  });

  it('states the difference in percent, deals and points', () => {
    const base = new BacktestTally(version);
    const cand = new BacktestTally(version);
    const mql = score({ employees: 500 }, [{ type: 'demo_request', occurredAt: T0 }], version, T0);
    const not = score({ employees: 5 }, [], version, T0);
    for (let i = 0; i < 10; i++) {
      const f = lead({ decision: i < 6 ? 'accepted' : 'rejected', won: i < 3 });
      base.add(f, mql);
      cand.add(f, i < 5 || i === 9 ? mql : not);
    }
    const d = difference(cand.result(), base.result());
    expect(d.handoffsPct).toBe(-40);
    expect(d.wonDeals).toBe(0);
    // candidate: 5 accepted of 6 decided (83.3 %) against 60 %
    expect(d.acceptancePts).toBeCloseTo(23.3, 5);
    expect(d.avoidedRejections).toBe(3);
  });

  it('counts a lead in the month it was created, not of its decision moment, and fills months without leads', () => {
    const t = new BacktestTally(version);
    const not = score({ employees: 5 }, [], version, T0);
    // Created on 25 March, never handed off: judged 30 days later, in April, but counted in March.
    t.add(lead({ createdAt: Date.UTC(2026, 2, 25), decisionAt: decisionMoment(Date.UTC(2026, 2, 25), null) }), not);
    t.add(lead({ createdAt: Date.UTC(2026, 4, 3), decisionAt: Date.UTC(2026, 4, 4) }), not);
    expect(t.result().monthly).toEqual([
      { month: '2026-03', mqls: 0, leads: 1 },
      { month: '2026-04', mqls: 0, leads: 0 },
      { month: '2026-05', mqls: 0, leads: 1 },
    ]);
  });

  it('judges a lead never handed off N days after creation', () => {
    expect(decisionMoment(T0, null, 14)).toBe(T0 + 14 * DAY);
    expect(decisionMoment(T0, T0 + 5, 14)).toBe(T0 + 5);
  });
});

describe('backtest months', () => {
  const open = { from: null, to: null };
  it('lists every month between two, across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-02')).toEqual(['2026-02']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
    expect(monthsBetween('2026-13', '2027-01')).toEqual([]);
  });

  it('spans the months with leads, gaps filled; none without leads', () => {
    expect(backtestMonths(open, ['2026-04', '2026-01'])).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(backtestMonths(open, [])).toEqual([]);
    // A period up to and including 14 June (exclusive end 15 June) ends mid-June; one up to 30 June does not.
    expect(partialLastMonth(Date.UTC(2026, 5, 15), 0)).toEqual({ month: '2026-06', lastInstant: Date.UTC(2026, 5, 15) - 1 });
    expect(partialLastMonth(Date.UTC(2026, 6, 1), 0)).toBeNull();
    // Without an end, the period runs to when it was computed.
    expect(partialLastMonth(null, Date.UTC(2026, 11, 4, 10))?.month).toBe('2026-12');
  });

  it('keeps to the period: its end is exclusive, so midnight on the 1st ends with the month before', () => {
    const months = ['2026-01', '2026-02', '2026-03', '2026-04'];
    // The form's "up to and including 31 March" sends 1 April 00:00 UTC.
    expect(backtestMonths({ from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 3, 1) }, months)).toEqual(['2026-02', '2026-03']);
    // An end inside a month keeps that month; a start inside one keeps it too.
    expect(backtestMonths({ from: Date.UTC(2026, 1, 15), to: Date.UTC(2026, 3, 1, 0, 0, 0, 1) }, months)).toEqual(['2026-02', '2026-03', '2026-04']);
    // A period wider than the data shows only the months with leads, not empty ones before or after.
    expect(backtestMonths({ from: Date.UTC(2025, 0, 1), to: Date.UTC(2027, 0, 1) }, ['2026-02', '2026-03'])).toEqual(['2026-02', '2026-03']);
  });
});

describe('probability per score', () => {
  it('pools adjacent violators into a non-decreasing curve', () => {
    const bands = isotonic([
      { minScore: 0, maxScore: 9, n: 100, won: 10 },
      { minScore: 10, maxScore: 19, n: 100, won: 30 },
      { minScore: 20, maxScore: 29, n: 100, won: 20 },
      { minScore: 30, maxScore: 39, n: 100, won: 50 },
    ]);
    expect(bands.map((b) => b.probability)).toEqual([0.1, 0.25, 0.5]);
    expect(bands[1]).toMatchObject({ minScore: 10, maxScore: 29, n: 200, won: 50 });
    expect(probabilityAt(bands, 25)!.probability).toBe(0.25);
    expect(probabilityAt(bands, -5)!.probability).toBe(0.1);
    expect(bands[0]!.interval!.low).toBeLessThan(0.1);
  });
  it('pools scores into at most the asked number of bands', () => {
    const counts = Array.from({ length: 100 }, (_, s) => ({ minScore: s, maxScore: s, n: 10, won: Math.floor(s / 10) }));
    const bands = probabilityBands(counts, 10);
    expect(bands.length).toBeLessThanOrEqual(10);
    expect(bands.reduce((a, b) => a + b.n, 0)).toBe(1000);
    for (let i = 1; i < bands.length; i++) expect(bands[i]!.probability).toBeGreaterThanOrEqual(bands[i - 1]!.probability);
  });
});
