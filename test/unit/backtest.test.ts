import { describe, expect, it } from 'vitest';
import { backtestMonths, BacktestTally, partialLastMonth, decisionMoment, difference, monthsBetween, type LeadFacts } from '../../shared/domain/backtest.js';
import { isotonic, probabilityAt, probabilityBands } from '../../shared/domain/backtest-probability.js';
import type { ScoringVersion } from '../../shared/domain/criteria.js';
import { mutuallyExclusive } from '../../shared/domain/rule-relations.js';
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

describe('why a won deal was missed', () => {
  // The demo's story in small: v2 is live; the draft v3 cuts ebook, webinar and "Director and above".
  const fit = (id: string, label: string, field: string, operator: string, value: unknown, points: number) => rule({ id, label, kind: 'fit', field, operator, value, points });
  const touch = (id: string, type: string, points: number, cap: number) =>
    rule({ id, label: `${type.replace('_', ' ')} (${points} per touch, max ${cap})`, kind: 'engagement', field: 'touchpoint.type', operator: 'equals', value: type, points, cap });
  const sizes = (p: string) => [
    fit(`${p}mid`, 'Mid-market (200–5,000)', 'employees', 'range', { min: 200, max: 5000 }, 10),
    fit(`${p}large`, 'Large enterprise (over 5,000)', 'employees', 'range', { min: 5001 }, 6),
    fit(`${p}small`, 'Small business (50–199)', 'employees', 'range', { min: 50, max: 199 }, 4),
  ];
  const v2: ScoringVersion = {
    id: 'v2',
    levels: [{ name: 'MQL', threshold: 40 }],
    rules: [
      ...sizes('a'),
      fit('adir', 'Director and above', 'seniority', 'in', ['director', 'vp'], 10),
      fit('amgr', 'Manager', 'seniority', 'equals', 'manager', 5),
      touch('ademo', 'demo_request', 30, 30),
      touch('atrial', 'free_trial', 20, 20),
      touch('aweb', 'webinar', 8, 16),
      touch('aebook', 'ebook', 5, 10),
    ],
  };
  // A clone: new ids; ebook and webinar relabelled with their new points, Director kept by label.
  const v3: ScoringVersion = {
    id: 'v3',
    levels: [{ name: 'MQL', threshold: 40 }],
    rules: [
      ...sizes('b'),
      fit('bdir', 'Director and above', 'seniority', 'in', ['director', 'vp'], 5),
      fit('bmgr', 'Manager', 'seniority', 'equals', 'manager', 5),
      touch('bdemo', 'demo_request', 30, 30),
      touch('btrial', 'free_trial', 20, 20),
      touch('bweb', 'webinar', 4, 8),
      touch('bebook', 'ebook', 2, 4),
    ],
  };
  const at = T0;
  const tps = (...types: string[]): ScoringTouchpoint[] => types.map((type, i) => ({ type, occurredAt: at - (i + 1) * 1000 }));
  const missed = (fields: Record<string, unknown>, touches: ScoringTouchpoint[], cand = v3, base = v2) => {
    const t = new BacktestTally(cand, base);
    const b = score(fields, touches, base, at);
    t.add(lead({ won: true, revenue: 100 }), score(fields, touches, cand, at), b.level !== null, b);
    return t.result().missedWon.leads[0]!;
  };

  it('names what an MQL of the compared version lost against it, not rules both left unmet', () => {
    // v2: 10 + 10 + 16 (webinar ×2) + 10 (ebook ×2) = 46, an MQL; v3: 10 + 5 + 8 + 4 = 27.
    const m = missed({ employees: 800, seniority: 'director' }, tps('webinar', 'webinar', 'ebook', 'ebook'));
    expect(m).toMatchObject({ total: 27, shortBy: 13, otherCaught: true });
    expect(m.lost).toEqual({
      points: 19,
      rules: [
        { label: 'webinar (4 per touch, max 8)', points: 8 },
        { label: 'ebook (2 per touch, max 4)', points: 6 },
        { label: 'Director and above', points: 5 },
      ],
    });
    expect(m.threshold).toBeUndefined();
  });

  it('counts a rule the candidate dropped as lost, and says when the threshold rose instead', () => {
    const noDirector: ScoringVersion = { ...v3, rules: v3.rules.filter((r) => r.id !== 'bdir') };
    // v2: 10 + 10 + 20 = 40, just an MQL; without the Director rule 30.
    const m = missed({ employees: 800, seniority: 'director' }, tps('free_trial'), noDirector);
    expect(m.lost).toEqual({ points: 10, rules: [{ label: 'Director and above', points: 10 }] });
    const stricter: ScoringVersion = { ...v2, id: 'v3', levels: [{ name: 'MQL', threshold: 55 }] };
    const s = missed({ employees: 800, seniority: 'director' }, tps('demo_request'), stricter);
    expect(s).toMatchObject({ total: 50, shortBy: 5, threshold: { from: 40, to: 55 } });
    expect(s.lost).toBeUndefined();
  });

  it('gives a lead missed by both the points short and rules that could still score, never two that exclude each other', () => {
    // No size, no seniority, no touch: the three largest are demo, trial and one size band, not two.
    const m = missed({}, []);
    expect(m.otherCaught).toBe(false);
    expect(m.lost).toBeUndefined();
    expect(m.unmet).toEqual(['demo request (30 per touch, max 30)', 'free trial (20 per touch, max 20)', 'Mid-market (200–5,000)']);
    // A lead with a size band and touches: no other size band, and no other seniority band once one is named.
    const bands: ScoringVersion = { ...v3, rules: v3.rules.filter((r) => r.kind === 'fit') };
    expect(missed({ employees: 800 }, [], bands, bands).unmet).toEqual(['Director and above']);
    expect(missed({}, [], bands, bands).unmet).toEqual(['Mid-market (200–5,000)', 'Director and above']);
  });
});

describe('mutually exclusive rules', () => {
  const r = (operator: string, value: unknown, field = 'employees', kind = 'fit') => rule({ id: 'x', kind, field, operator, value, points: 1 });
  it('are rules on one lead field whose values cannot overlap', () => {
    expect(mutuallyExclusive(r('range', { min: 200, max: 5000 }), r('range', { min: 5001 }))).toBe(true);
    expect(mutuallyExclusive(r('range', { min: 200, max: 5000 }), r('range', { min: 5000 }))).toBe(false);
    expect(mutuallyExclusive(r('in', ['director', 'VP'], 'seniority'), r('equals', 'manager', 'seniority'))).toBe(true);
    expect(mutuallyExclusive(r('in', ['director', 'VP'], 'seniority'), r('in', [' vp', 'c_level'], 'seniority'))).toBe(false);
    expect(mutuallyExclusive(r('in', ['NL', 'BE'], 'country'), r('not_in', ['NL', 'BE', 'DE'], 'country'))).toBe(true);
    expect(mutuallyExclusive(r('in', ['NL', 'FR'], 'country'), r('not_in', ['NL', 'BE'], 'country'))).toBe(false);
    expect(mutuallyExclusive(r('equals', 100), r('range', { min: 200 }))).toBe(true);
    expect(mutuallyExclusive(r('equals', '250'), r('range', { min: 200 }))).toBe(false);
    expect(mutuallyExclusive(r('missing', null, 'budget'), r('range', { min: 10000 }, 'budget'))).toBe(true);
    expect(mutuallyExclusive(r('missing', null, 'budget'), r('exists', null, 'budget'))).toBe(true);
    expect(mutuallyExclusive(r('missing', null, 'budget'), r('missing', null, 'budget'))).toBe(false);
  });
  it('are never claimed where an overlap cannot be ruled out', () => {
    expect(mutuallyExclusive(r('range', { min: 200 }), r('range', { min: 5001 }, 'budget'))).toBe(false);
    expect(mutuallyExclusive(r('contains', 'head', 'jobTitle'), r('starts_with', 'vp', 'jobTitle'))).toBe(false);
    expect(mutuallyExclusive(r('equals', 'Sales Director', 'jobTitle'), r('contains', 'sales', 'jobTitle'))).toBe(false);
    expect(mutuallyExclusive(r('equals', 'CTO', 'jobTitle'), r('contains', 'sales', 'jobTitle'))).toBe(true);
    expect(mutuallyExclusive(r('exists', null, 'budget'), r('range', { min: 1 }, 'budget'))).toBe(false);
    // Engagement rules count many touchpoints: a lead can have both.
    const e = (v: string) => r('equals', v, 'touchpoint.type', 'engagement');
    expect(mutuallyExclusive(e('webinar'), e('ebook'))).toBe(false);
  });
});
