import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LevelsSchema, RuleSchema, type Rule, type RuleInput, type ScoringVersion } from '../../shared/domain/criteria.js';
import { DAY_MS, score, type ScoringTouchpoint } from '../../shared/domain/scoring.js';

const rule = (r: Partial<RuleInput> & Pick<RuleInput, 'kind' | 'field' | 'operator'>): Rule =>
  RuleSchema.parse({ id: `r-${Math.random()}`, label: 'rule', value: null, points: 10, ...r });

const version = (rules: Rule[], levels = [{ name: 'MQL-A', threshold: 70 }, { name: 'MQL-B', threshold: 40 }]): ScoringVersion => ({
  id: 'v',
  levels,
  rules,
});

const NOW = Date.UTC(2026, 10, 1);
const touch = (type: string, daysAgo: number, extra: Partial<ScoringTouchpoint> = {}): ScoringTouchpoint => ({
  type,
  occurredAt: NOW - daysAgo * DAY_MS,
  ...extra,
});

describe('fit operators', () => {
  const lead = { country: 'NL', industry: 'Software', employees: 250, jobTitle: 'Head of Sales', email: '', attributes: { tech_stack: 'HubSpot' } };
  const cases: [string, Partial<RuleInput> & Pick<RuleInput, 'field' | 'operator'>, boolean][] = [
    ['equals ignores case', { field: 'industry', operator: 'equals', value: 'software' }, true],
    ['equals misses', { field: 'industry', operator: 'equals', value: 'Retail' }, false],
    ['in', { field: 'country', operator: 'in', value: ['DE', 'NL'] }, true],
    ['not in', { field: 'country', operator: 'not_in', value: ['DE', 'NL'] }, false],
    ['not in on a missing value is no match', { field: 'seniority', operator: 'not_in', value: ['vp'] }, false],
    ['contains', { field: 'jobTitle', operator: 'contains', value: 'sales' }, true],
    ['starts with', { field: 'jobTitle', operator: 'starts_with', value: 'head of' }, true],
    ['range inside', { field: 'employees', operator: 'range', value: { min: 200, max: 5000 } }, true],
    ['range outside', { field: 'employees', operator: 'range', value: { min: 251 } }, false],
    ['exists', { field: 'country', operator: 'exists' }, true],
    ['missing treats empty text as missing', { field: 'email', operator: 'missing' }, true],
    ['custom attribute', { field: 'attributes.tech_stack', operator: 'in', value: ['hubspot'] }, true],
  ];
  for (const [name, r, matches] of cases) {
    it(name, () => {
      const s = score(lead, [], version([rule({ kind: 'fit', points: 7, ...r })]), NOW);
      expect(s.fit).toBe(matches ? 7 : 0);
      expect(s.contributions).toHaveLength(matches ? 1 : 0);
    });
  }
  it('negative points lower the score', () => {
    const s = score({ country: 'BR' }, [], version([rule({ kind: 'fit', field: 'country', operator: 'not_in', value: ['NL'], points: -10 })]), NOW);
    expect(s.total).toBe(-10);
  });
});

describe('engagement', () => {
  const webinar = (extra: Partial<RuleInput> = {}) =>
    rule({ kind: 'engagement', field: 'touchpoint.type', operator: 'equals', value: 'webinar', points: 10, ...extra });

  it('counts points per occurrence and caps the rule', () => {
    const s = score({}, [touch('webinar', 1), touch('webinar', 2), touch('webinar', 3)], version([webinar({ cap: 25 })]), NOW);
    expect(s.engagement).toBe(25);
    expect(s.contributions[0]).toMatchObject({ matches: 3, rawPoints: 30, points: 25, capped: true });
  });

  it('halves points every half-life', () => {
    const s = score({}, [touch('webinar', 30)], version([webinar({ decayHalfLifeDays: 30 })]), NOW);
    expect(s.engagement).toBe(5);
    const s2 = score({}, [touch('webinar', 60)], version([webinar({ decayHalfLifeDays: 30 })]), NOW);
    expect(s2.engagement).toBe(2.5);
  });

  it('ignores touchpoints outside the window and after asOf (no look-ahead)', () => {
    const s = score({}, [touch('webinar', 100), touch('webinar', 10), touch('webinar', -1)], version([webinar({ windowDays: 90 })]), NOW);
    expect(s.engagement).toBe(10);
    expect(s.contributions[0]!.matches).toBe(1);
  });

  it('matches on offer type, campaign and channel', () => {
    const rules = [
      rule({ kind: 'engagement', field: 'offer.type', operator: 'equals', value: 'ebook', points: 3 }),
      rule({ kind: 'engagement', field: 'campaign.id', operator: 'in', value: ['c1'], points: 4 }),
      rule({ kind: 'engagement', field: 'channel', operator: 'equals', value: 'email', points: 5 }),
    ];
    const s = score({}, [touch('download', 1, { offerType: 'ebook', campaignId: 'c1', channel: 'email' })], version(rules), NOW);
    expect(s.engagement).toBe(12);
  });
});

describe('levels and disqualifiers', () => {
  const rules = [
    rule({ kind: 'fit', field: 'country', operator: 'equals', value: 'NL', points: 45 }),
    rule({ kind: 'engagement', field: 'touchpoint.type', operator: 'equals', value: 'demo_request', points: 30 }),
    rule({ kind: 'disqualifier', field: 'jobTitle', operator: 'contains', value: 'student', points: 0 }),
  ];
  it('picks the highest level reached', () => {
    expect(score({ country: 'NL' }, [], version(rules), NOW).level).toBe('MQL-B');
    expect(score({ country: 'NL' }, [touch('demo_request', 1)], version(rules), NOW).level).toBe('MQL-A');
    expect(score({ country: 'DE' }, [], version(rules), NOW).level).toBeNull();
  });
  it('a disqualifier vetoes the MQL whatever the points, and says which rule', () => {
    const s = score({ country: 'NL', jobTitle: 'PhD Student' }, [touch('demo_request', 1)], version(rules), NOW);
    expect(s.total).toBe(75);
    expect(s.level).toBeNull();
    expect(s.disqualifiedBy?.ruleId).toBe(rules[2]!.id);
  });
});

describe('rule validation', () => {
  const bad = (r: Record<string, unknown>) => RuleSchema.safeParse({ id: 'x', label: 'x', value: null, points: 1, ...r });
  it('refuses an unknown field', () => {
    const r = bad({ kind: 'fit', field: 'shoe_size', operator: 'exists' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('Unknown lead field');
  });
  it('refuses an operator that does not fit the type', () => {
    expect(JSON.stringify(bad({ kind: 'fit', field: 'employees', operator: 'contains', value: '5' }).error?.issues)).toContain('does not fit number');
    expect(JSON.stringify(bad({ kind: 'fit', field: 'country', operator: 'range', value: { min: 1 } }).error?.issues)).toContain('does not fit text');
  });
  it('refuses a negative cap and a bad range', () => {
    expect(bad({ kind: 'engagement', field: 'touchpoint.type', operator: 'equals', value: 'ebook', cap: -1 }).success).toBe(false);
    expect(bad({ kind: 'fit', field: 'employees', operator: 'range', value: { min: 10, max: 1 } }).success).toBe(false);
  });
  it('refuses overlapping level thresholds and duplicate names', () => {
    expect(LevelsSchema.safeParse([{ name: 'A', threshold: 40 }, { name: 'B', threshold: 40 }]).success).toBe(false);
    expect(LevelsSchema.safeParse([{ name: 'A', threshold: 70 }, { name: 'A', threshold: 40 }]).success).toBe(false);
    expect(LevelsSchema.safeParse([{ name: 'A', threshold: 70 }, { name: 'B', threshold: 40 }]).success).toBe(true);
  });
});

describe('scoring properties', () => {
  const types = ['webinar', 'ebook', 'demo_request', 'visit'];
  const engagementRule = (positive: boolean) =>
    fc.record({
      type: fc.constantFrom(...types),
      points: positive ? fc.integer({ min: 0, max: 40 }) : fc.integer({ min: -40, max: 40 }),
      cap: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      half: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
      window: fc.option(fc.integer({ min: 1, max: 365 }), { nil: null }),
    });
  const toRules = (rs: { type: string; points: number; cap: number | null; half: number | null; window: number | null }[]) =>
    rs.map((r, i) =>
      RuleSchema.parse({
        id: `e${i}`,
        kind: 'engagement',
        label: r.type,
        field: 'touchpoint.type',
        operator: 'equals',
        value: r.type,
        points: r.points,
        cap: r.cap,
        decayHalfLifeDays: r.half,
        windowDays: r.window,
      }),
    );
  const touchArb = fc.record({ type: fc.constantFrom(...types), daysAgo: fc.integer({ min: -30, max: 400 }) });
  const fitRules = [
    RuleSchema.parse({ id: 'f1', kind: 'fit', label: 'NL', field: 'country', operator: 'equals', value: 'NL', points: 12 }),
    RuleSchema.parse({ id: 'f2', kind: 'fit', label: 'big', field: 'employees', operator: 'range', value: { min: 100 }, points: -5 }),
  ];
  const leadArb = fc.record({ country: fc.constantFrom('NL', 'DE'), employees: fc.integer({ min: 1, max: 1000 }) });

  it('adding a touchpoint of a positive rule never lowers the score', () => {
    fc.assert(
      fc.property(fc.array(engagementRule(true), { maxLength: 6 }), leadArb, fc.array(touchArb, { maxLength: 20 }), touchArb, (rs, lead, ts, extra) => {
        const v = version([...fitRules, ...toRules(rs)]);
        const tps = ts.map((t) => touch(t.type, t.daysAgo));
        const before = score(lead, tps, v, NOW).total;
        const after = score(lead, [...tps, touch(extra.type, extra.daysAgo)], v, NOW).total;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('the contributions always sum to the total, and scoring is deterministic', () => {
    fc.assert(
      fc.property(fc.array(engagementRule(false), { maxLength: 6 }), leadArb, fc.array(touchArb, { maxLength: 20 }), (rs, lead, ts) => {
        const v = version([...fitRules, ...toRules(rs)]);
        const tps = ts.map((t) => touch(t.type, t.daysAgo));
        const s = score(lead, tps, v, NOW);
        const sum = s.contributions.reduce((a, c) => a + c.points, 0);
        expect(s.total).toBeCloseTo(sum, 6);
        expect(s.total).toBeCloseTo(s.fit + s.engagement, 6);
        expect(score(lead, [...tps].reverse(), v, NOW)).toEqual(s);
      }),
    );
  });
});
