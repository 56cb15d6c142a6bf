import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleSchema, type Rule, type ScoringVersion } from '../../shared/domain/criteria.js';
import { decodeContributions, encodeContributions } from '../../shared/domain/contribution-codec.js';
import {
  DAY_MS,
  compileVersion,
  scoreCompact,
  scoreCompiled,
  valueTest,
  type Contribution,
  type ScoreResult,
  type ScoringLead,
  type ScoringTouchpoint,
} from '../../shared/domain/scoring.js';

/**
 * The engine memoises matchers and groups engagement rules by the field they read; this is the
 * plain definition (every rule tested against every lead field and touchpoint, as written in the
 * issue), which the fast engine must reproduce exactly, contributions included.
 */
const round2 = (x: number) => Math.round(x * 100) / 100;
const leadValue = (l: ScoringLead, field: string) =>
  field.startsWith('attributes.') ? l.attributes?.[field.slice(11)] : l[field];
const touchValue = (t: ScoringTouchpoint, field: string): unknown =>
  ({
    'touchpoint.type': t.type,
    'offer.id': t.offerId,
    'offer.type': t.offerType,
    'campaign.id': t.campaignId,
    channel: t.channel,
  })[field];

function referenceScore(
  v: ScoringVersion,
  lead: ScoringLead,
  tps: readonly ScoringTouchpoint[],
  asOf: number,
): ScoreResult {
  const contributions: Contribution[] = [];
  const base = (r: Rule) => ({ ruleId: r.id, label: r.label, kind: r.kind });
  let fit = 0;
  for (const r of v.rules.filter((x) => x.kind === 'fit')) {
    if (!valueTest(r.operator, r.value)(leadValue(lead, r.field))) continue;
    fit += round2(r.points);
    contributions.push({
      ...base(r),
      points: round2(r.points),
      rawPoints: round2(r.points),
      matches: 1,
      capped: false,
    });
  }
  let engagement = 0;
  for (const r of v.rules.filter((x) => x.kind === 'engagement')) {
    let sum = 0;
    let matches = 0;
    for (const t of tps) {
      if (t.occurredAt > asOf || !valueTest(r.operator, r.value)(touchValue(t, r.field))) continue;
      const age = (asOf - t.occurredAt) / DAY_MS;
      if (r.windowDays !== null && age > r.windowDays) continue;
      matches += 1;
      sum += r.decayHalfLifeDays !== null ? r.points * Math.pow(0.5, age / r.decayHalfLifeDays) : r.points;
    }
    if (matches === 0) continue;
    let capped = false;
    if (r.cap !== null && Math.abs(sum) > r.cap) {
      sum = Math.sign(sum) * r.cap;
      capped = true;
    }
    engagement += round2(sum);
    contributions.push({ ...base(r), points: round2(sum), rawPoints: round2(r.points * matches), matches, capped });
  }
  let disqualifiedBy: ScoreResult['disqualifiedBy'] = null;
  for (const r of v.rules.filter((x) => x.kind === 'disqualifier')) {
    if (!valueTest(r.operator, r.value)(leadValue(lead, r.field))) continue;
    disqualifiedBy ??= { ruleId: r.id, label: r.label };
    contributions.push({ ...base(r), points: 0, rawPoints: 0, matches: 1, capped: false });
  }
  const total = round2(round2(fit) + round2(engagement));
  const levels = [...v.levels].sort((a, b) => b.threshold - a.threshold);
  const level = disqualifiedBy ? null : (levels.find((l) => total >= l.threshold)?.name ?? null);
  return { fit: round2(fit), engagement: round2(engagement), total, level, disqualifiedBy, contributions };
}

const NOW = Date.UTC(2026, 10, 1);
const countries = ['NL', 'DE', ' nl ', 'FR', '', null];
const types = ['webinar', 'ebook', 'Demo_Request', 'visit'];

const leadRuleArb = fc.oneof(
  fc.record({ field: fc.constant('country'), operator: fc.constant('equals'), value: fc.constantFrom('nl', 'DE') }),
  fc.record({
    field: fc.constantFrom('country', 'employees'),
    operator: fc.constantFrom('exists', 'missing'),
    value: fc.constant(null),
  }),
  fc.record({
    field: fc.constant('country'),
    operator: fc.constantFrom('in', 'not_in'),
    value: fc.constant(['NL', 'fr']),
  }),
  fc.record({
    field: fc.constant('company'),
    operator: fc.constantFrom('contains', 'starts_with'),
    value: fc.constantFrom('soft', 'ac'),
  }),
  fc.record({
    field: fc.constant('employees'),
    operator: fc.constant('range'),
    value: fc.constantFrom({ min: 50 }, { min: 10, max: 500 }),
  }),
  fc.record({
    field: fc.constant('attributes.stack'),
    operator: fc.constant('equals'),
    value: fc.constantFrom('hubspot', 1),
  }),
);
const touchRuleArb = fc.record({
  field: fc.constantFrom('touchpoint.type', 'offer.type', 'offer.id', 'campaign.id', 'channel'),
  operator: fc.constantFrom('equals', 'in'),
  pick: fc.constantFrom('webinar', 'demo_request', 'ebook', 'o1', 'c2', 'email'),
  points: fc.integer({ min: -20, max: 40 }),
  cap: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  half: fc.option(fc.integer({ min: 1, max: 90 }), { nil: null }),
  window: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }),
});
const versionArb = fc
  .record({
    fit: fc.array(fc.tuple(leadRuleArb, fc.integer({ min: -30, max: 30 })), { maxLength: 6 }),
    engagement: fc.array(touchRuleArb, { maxLength: 6 }),
    dq: fc.array(leadRuleArb, { maxLength: 2 }),
  })
  .map(({ fit, engagement, dq }): ScoringVersion => {
    const rules: Rule[] = [];
    const add = (r: Record<string, unknown>) =>
      rules.push(RuleSchema.parse({ id: `r${rules.length}`, label: `rule ${rules.length}`, ...r }));
    // Mixed order on purpose: positions in the stored form refer to the version's own order.
    for (const e of engagement)
      add({
        kind: 'engagement',
        field: e.field,
        operator: e.operator,
        value: e.operator === 'in' ? [e.pick] : e.pick,
        points: e.points,
        cap: e.cap,
        decayHalfLifeDays: e.half,
        windowDays: e.window,
      });
    for (const [r, points] of fit) add({ kind: 'fit', ...r, points });
    for (const r of dq) add({ kind: 'disqualifier', ...r, points: 0 });
    return {
      id: 'v',
      levels: [
        { name: 'A', threshold: 70 },
        { name: 'B', threshold: 30 },
      ],
      rules,
    };
  });
const leadArb = fc.record({
  country: fc.constantFrom(...countries),
  company: fc.constantFrom('Acme Software', 'soft drinks', ' ACME', 'Bakery'),
  employees: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
  attributes: fc.constantFrom({}, { stack: 'HubSpot' }, { stack: 1 }, { stack: '' }),
});
const touchArb = fc.record({
  type: fc.constantFrom(...types),
  offerId: fc.constantFrom('o1', 'o2', null),
  offerType: fc.constantFrom('webinar', 'ebook', null),
  campaignId: fc.constantFrom('c1', 'c2', null, undefined),
  channel: fc.constantFrom('email', 'Email ', 'paid', null),
  daysAgo: fc.integer({ min: -10, max: 300 }),
});

describe('the fast scoring path', () => {
  it('gives exactly the plain definition, contributions included, for any rules, leads and touchpoints', () => {
    fc.assert(
      fc.property(
        versionArb,
        fc.array(fc.tuple(leadArb, fc.array(touchArb, { maxLength: 12 })), { minLength: 1, maxLength: 8 }),
        (v, leads) => {
          const compiled = compileVersion(v); // one compiled version for all leads: its memos are shared
          for (const [lead, ts] of leads) {
            const tps = ts.map(({ daysAgo, ...t }) => ({ ...t, occurredAt: NOW - daysAgo * DAY_MS }));
            expect(scoreCompiled(compiled, lead, tps, NOW)).toEqual(referenceScore(v, lead, tps, NOW));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays exact when a field has more distinct values than the matcher remembers', () => {
    const v: ScoringVersion = {
      id: 'v',
      levels: [{ name: 'A', threshold: 10 }],
      rules: [
        RuleSchema.parse({
          id: 'f',
          kind: 'fit',
          label: 'soft',
          field: 'company',
          operator: 'contains',
          value: 'soft',
          points: 12,
        }),
        RuleSchema.parse({
          id: 'e',
          kind: 'engagement',
          label: 'c',
          field: 'campaign.id',
          operator: 'in',
          value: ['c7', 'c9999'],
          points: 5,
        }),
      ],
    };
    const compiled = compileVersion(v);
    for (let i = 0; i < 12_000; i++) {
      const lead = { company: i % 3 === 0 ? `Company ${i} Software` : `Company ${i}` };
      const tps = [{ type: 'visit', campaignId: `c${i % 10_007}`, occurredAt: NOW - DAY_MS }];
      const fast = scoreCompiled(compiled, lead, tps, NOW);
      if (i % 500 === 0 || i === 9999 || i === 7) expect(fast).toEqual(referenceScore(v, lead, tps, NOW));
      expect(fast.fit).toBe(i % 3 === 0 ? 12 : 0);
      expect(fast.engagement).toBe(i % 10_007 === 7 || i % 10_007 === 9999 ? 5 : 0);
    }
  });

  it('stores contributions compactly and reads them back as the full explanation', () => {
    fc.assert(
      fc.property(versionArb, leadArb, fc.array(touchArb, { maxLength: 12 }), (v, lead, ts) => {
        const compiled = compileVersion(v);
        const tps = ts.map(({ daysAgo, ...t }) => ({ ...t, occurredAt: NOW - daysAgo * DAY_MS }));
        const compact = scoreCompact(compiled, lead, tps, NOW);
        const text = encodeContributions(compact.contributions);
        // Through JSON a -0 (a tiny negative decayed sum, rounded) reads back as 0: the same points.
        const plain = JSON.parse(
          JSON.stringify(scoreCompiled(compiled, lead, tps, NOW).contributions),
        ) as Contribution[];
        expect(decodeContributions(text, v.rules, compact)).toEqual(plain);
      }),
      { numRuns: 200 },
    );
  });
});
