import { describe, expect, it } from 'vitest';
import { BacktestTally, decisionMoment, difference, type LeadFacts } from '../../shared/domain/backtest.js';
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
    add({ employees: 500 }, demo, { decisionAt: Date.UTC(2026, 3, 2) });
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

  it('judges a lead never handed off N days after creation', () => {
    expect(decisionMoment(T0, null, 14)).toBe(T0 + 14 * DAY);
    expect(decisionMoment(T0, T0 + 5, 14)).toBe(T0 + 5);
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
