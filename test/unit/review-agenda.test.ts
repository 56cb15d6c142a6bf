import { describe, expect, it } from 'vitest';
import { candidatesFrom, fieldPattern, loweredPoints, moveTo, offerMovers, previousQuarter, quarterOf, quarterRange } from '../../shared/domain/review-agenda.js';

describe('review agenda logic', () => {
  it('reads quarters as UTC ranges and steps back across a year', () => {
    expect(quarterRange('2026Q3')).toEqual({ from: Date.UTC(2026, 6, 1), to: Date.UTC(2026, 9, 1) });
    expect(quarterRange('2026Q4').to).toBe(Date.UTC(2027, 0, 1));
    expect(previousQuarter('2026Q1')).toBe('2025Q4');
    expect(previousQuarter('2026Q3')).toBe('2026Q2');
    expect(quarterOf(Date.UTC(2026, 8, 30, 23, 59))).toBe('2026Q3');
    expect(() => quarterRange('2026Q5')).toThrow(RangeError);
  });

  it('ranks offers by the size of their SAL % change and leaves out thin ones', () => {
    const o = (key: string, mqls: number, salRate: number) => ({ key, label: key, mqls, salRate, wonRate: 0.1 });
    const movers = offerMovers([o('a', 20, 0.5), o('b', 30, 0.9), o('c', 5, 0.1), o('d', 40, 0.45)], [o('a', 20, 0.6), o('b', 30, 0.5), o('c', 50, 0.9)]);
    expect(movers.map((m) => [m.key, Number(m.salChange.toFixed(2))])).toEqual([
      ['b', 0.4],
      ['a', -0.1],
    ]);
  });

  it('makes one candidate per reason from the rule that gave its rejected leads the most points', () => {
    const rule = (ruleId: string, points: number, count: number) => ({ ruleId, label: ruleId, kind: 'fit' as const, points, count });
    const reasons = [
      { code: 'no_authority', label: 'No authority', blame: 'fit' as const, count: 34, share: 0.5, rules: [rule('territory', 3, 30), rule('webinar', 9, 20)], pattern: null },
      { code: 'no_budget', label: 'No budget', blame: 'fit' as const, count: 10, share: 0.2, rules: [rule('webinar', 9, 9), rule('neg', -5, 9)], pattern: null },
      { code: 'bad_data', label: 'Bad data', blame: 'data' as const, count: 9, share: 0.1, rules: [], pattern: null },
    ];
    expect(candidatesFrom(reasons).map((c) => [c.key, c.count, c.points, c.suggestedPoints, c.alternative])).toEqual([['no_authority:webinar', 20, 9, 4, null]]);
    expect(loweredPoints(7)).toBe(3);
    // With a seniority pattern the candidate also offers a rule taking the blamed rule's points back from those leads.
    const pattern = { field: 'seniority', values: ['entry'], rejected: 12, rejectedShare: 0.35, acceptedShare: 0.02 };
    const [c] = candidatesFrom([{ ...reasons[0]!, pattern }]);
    expect(c!.alternative).toEqual({ key: 'no_authority:webinar:rule:seniority', field: 'seniority', values: ['entry'], points: -9, rejected: 12 });
    expect(candidatesFrom([{ ...reasons[0]!, pattern: { ...pattern, rejected: 2 } }])[0]!.alternative).toBeNull();
  });

  it('finds the field values a reason\'s rejected leads had far more often than accepted leads', () => {
    const m = (o: Record<string, number>) => new Map(Object.entries(o));
    // The demo's shape: "entry" is 6.5% of no-authority rejections but 1.8% of acceptances; ICs 53% vs 46%.
    const p = fieldPattern(m({ individual_contributor: 1724, manager: 580, director: 468, entry: 210, c_level: 150, vp: 105 }), m({ individual_contributor: 9469, manager: 5622, director: 3240, c_level: 1077, vp: 763, entry: 373 }));
    expect(p).toMatchObject({ values: ['entry'], rejected: 210 });
    expect(p!.rejectedShare).toBeCloseTo(210 / 3237, 6);
    expect(p!.acceptedShare).toBeCloseTo(373 / 20544, 6);
    // Nothing stands out when rejections look like acceptances; too few rejections make no pattern.
    expect(fieldPattern(m({ a: 50, b: 50 }), m({ a: 500, b: 500 }))).toBeNull();
    expect(fieldPattern(m({ a: 2 }), m({ b: 100 }))).toBeNull();
    expect(fieldPattern(m({ a: 3, b: 1 }), m({ b: 100 }))).toMatchObject({ values: ['a'], rejected: 3, acceptedShare: 0 });
    expect(fieldPattern(new Map(), m({ a: 1 }))).toBeNull();
  });

  it('moves an item to a position, clamped', () => {
    expect(moveTo(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveTo(['a', 'b', 'c'], 0, 99)).toEqual(['b', 'c', 'a']);
  });
});
