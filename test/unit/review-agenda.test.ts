import { describe, expect, it } from 'vitest';
import { candidatesFrom, loweredPoints, moveTo, offerMovers, previousQuarter, quarterOf, quarterRange } from '../../shared/domain/review-agenda.js';

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
      { code: 'no_authority', label: 'No authority', blame: 'fit' as const, count: 34, share: 0.5, rules: [rule('territory', 3, 30), rule('webinar', 9, 20)] },
      { code: 'no_budget', label: 'No budget', blame: 'fit' as const, count: 10, share: 0.2, rules: [rule('webinar', 9, 9), rule('neg', -5, 9)] },
      { code: 'bad_data', label: 'Bad data', blame: 'data' as const, count: 9, share: 0.1, rules: [] },
    ];
    expect(candidatesFrom(reasons).map((c) => [c.key, c.count, c.points, c.suggestedPoints])).toEqual([['no_authority:webinar', 20, 9, 4]]);
    expect(loweredPoints(7)).toBe(3);
  });

  it('moves an item to a position, clamped', () => {
    expect(moveTo(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveTo(['a', 'b', 'c'], 0, 99)).toEqual(['b', 'c', 'a']);
  });
});
