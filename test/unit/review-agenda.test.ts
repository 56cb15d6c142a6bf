import { describe, expect, it } from 'vitest';
import {
  MIN_ACCEPTED_TO_COMPARE,
  candidatesFrom,
  excessCount,
  fieldPattern,
  loweredPoints,
  moveTo,
  moverIsChance,
  offerMovers,
  pointsToDrop,
  previousQuarter,
  quarterOf,
  quarterRange,
  rankBlamedRules,
  twoProportionZ,
} from '../../shared/domain/review-agenda.js';

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

  it('says which offer moves chance could make, and lists those after the ones it could not', () => {
    // The walk-through's Meta lead ad: 2 of 12 accepted, then 10 of 14 (z ≈ 2.9): not chance.
    expect(moverIsChance({ prevSalRate: 2 / 12, prevMqls: 12, salRate: 10 / 14, mqls: 14 })).toBe(false);
    // 5 of 12, then 8 of 14: fifteen points up, but well within chance.
    expect(moverIsChance({ prevSalRate: 5 / 12, prevMqls: 12, salRate: 8 / 14, mqls: 14 })).toBe(true);
    expect(moverIsChance({ prevSalRate: null, prevMqls: 12, salRate: 0.5, mqls: 14 })).toBe(false);
    const o = (key: string, mqls: number, salRate: number) => ({ key, label: key, mqls, salRate, wonRate: 0.1 });
    // "small" moved 30 points on 12 MQLs, "big" 10 points on 2,000: big first.
    const movers = offerMovers([o('small', 12, 0.8), o('big', 2000, 0.6)], [o('small', 12, 0.5), o('big', 2000, 0.5)]);
    expect(movers.map((m) => m.key)).toEqual(['big', 'small']);
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

  it('blames the rules that scored a reason\'s rejected leads more often than the accepted ones, not the near-universal ones', () => {
    const hit = (ruleId: string, count: number, points = 5) => ({ ruleId, label: ruleId, kind: 'fit' as const, points, count });
    // 100 rejections for the reason, 400 acceptances: territory scored 96% and 95% of them, webinar 60% and 20%, size 30% and 20%.
    const hits = [hit('territory', 96, 3), hit('webinar', 60, 9), hit('size', 30)];
    const accepted = new Map([
      ['territory', 380],
      ['webinar', 80],
      ['size', 80],
    ]);
    const ranked = rankBlamedRules(hits, 100, accepted, 400);
    expect(ranked.map((r) => [r.ruleId, r.share, r.acceptedShare])).toEqual([
      ['webinar', 0.6, 0.2],
      ['size', 0.3, 0.2],
    ]);
    // Lowering webinar moves 60 - 0.2 * 100 = 40 rejections' points beyond what the accepted leads get.
    expect(excessCount(ranked[0]!)).toBeCloseTo(40, 9);
    // Too few acceptances to compare with: every rule, by count, and its excess is its count.
    const thin = rankBlamedRules(hits, 100, accepted, MIN_ACCEPTED_TO_COMPARE - 1);
    expect(thin.map((r) => [r.ruleId, r.acceptedShare])).toEqual([
      ['territory', null],
      ['webinar', null],
      ['size', null],
    ]);
    expect(excessCount(thin[0]!)).toBe(96);
    // An agenda drafted before the comparison (no shares stored) keeps its old ranking by count.
    expect(excessCount(hit('old', 12))).toBe(12);
    // The candidate is the rule with most points beyond the accepted leads' rate: webinar, not territory.
    const reason = { code: 'no_budget', label: 'No budget', blame: 'fit' as const, count: 100, share: 0.4, pattern: null };
    expect(candidatesFrom([{ ...reason, rules: ranked }]).map((c) => c.ruleId)).toEqual(['webinar']);
    expect(candidatesFrom([{ ...reason, rules: thin }]).map((c) => c.ruleId)).toEqual(['webinar']);
    const universal = rankBlamedRules([hit('territory', 96, 3)], 100, accepted, 400);
    expect(universal).toEqual([]);
    // 61 of 100 against 54 % of 400 is seven points more, but within chance (z ≈ 1.25): not blamed.
    expect(twoProportionZ(61, 100, 216, 400)).toBeCloseTo(1.25, 1);
    expect(rankBlamedRules([hit('crm', 61)], 100, new Map([['crm', 216]]), 400)).toEqual([]);
    expect(rankBlamedRules([hit('crm', 61)], 1000, new Map([['crm', 2160]]), 4000)).toEqual([]);
    expect(rankBlamedRules([hit('crm', 610)], 1000, new Map([['crm', 2160]]), 4000).map((r) => r.ruleId)).toEqual(['crm']);
  });

  it('offers a rule on the field pattern alone when no rule is blamed, worth enough to keep half those leads under the MQL line', () => {
    expect(pointsToDrop([])).toBeUndefined();
    // Margins 0, 4, 6 and 11 above the line: median 5, so -6 takes the lower half under it.
    expect(pointsToDrop([11, 0, 6, 4])).toBe(-6);
    expect(pointsToDrop([6.5])).toBe(-7);
    expect(pointsToDrop([0, 0])).toBe(-1);
    const pattern = { field: 'seniority', values: ['entry'], rejected: 12, rejectedShare: 0.35, acceptedShare: 0.02, toDrop: -8 };
    const reason = { code: 'no_authority', label: 'No authority', blame: 'fit' as const, count: 34, share: 0.5, rules: [], pattern };
    expect(candidatesFrom([reason])).toEqual([
      {
        key: 'no_authority:pattern',
        reasonCode: 'no_authority',
        reasonLabel: 'No authority',
        count: 34,
        ruleId: null,
        ruleLabel: null,
        ruleKind: null,
        points: null,
        suggestedPoints: null,
        alternative: { key: 'no_authority:pattern:rule:seniority', field: 'seniority', values: ['entry'], points: -8, rejected: 12 },
      },
    ]);
    // Too few rejected leads share it, or an agenda drafted before toDrop was kept: nothing to offer.
    expect(candidatesFrom([{ ...reason, pattern: { ...pattern, rejected: 2 } }])).toEqual([]);
    const { toDrop: _, ...old } = pattern;
    expect(candidatesFrom([{ ...reason, pattern: old }])).toEqual([]);
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
