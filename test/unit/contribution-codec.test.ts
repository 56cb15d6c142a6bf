import { describe, expect, it } from 'vitest';
import { RuleSchema } from '../../shared/domain/criteria.js';
import { decodeContributions } from '../../shared/domain/contribution-codec.js';

const rules = [
  RuleSchema.parse({
    id: 'fit-nl',
    kind: 'fit',
    label: 'Dutch',
    field: 'country',
    operator: 'equals',
    value: 'NL',
    points: 12.5,
  }),
  RuleSchema.parse({
    id: 'eng-demo',
    kind: 'engagement',
    label: 'Demo',
    field: 'touchpoint.type',
    operator: 'equals',
    value: 'demo_request',
    points: 30,
    cap: 45,
  }),
  RuleSchema.parse({
    id: 'dq-student',
    kind: 'disqualifier',
    label: 'Students',
    field: 'jobTitle',
    operator: 'contains',
    value: 'student',
    points: 0,
  }),
];

describe('stored contributions', () => {
  it('expands the compact form through the version: labels, raw points, caps', () => {
    expect(decodeContributions('[0,[1,45,2,1],2]', rules, { fit: 12.5, engagement: 45 })).toEqual([
      { ruleId: 'fit-nl', label: 'Dutch', kind: 'fit', points: 12.5, rawPoints: 12.5, matches: 1, capped: false },
      { ruleId: 'eng-demo', label: 'Demo', kind: 'engagement', points: 45, rawPoints: 60, matches: 2, capped: true },
      {
        ruleId: 'dq-student',
        label: 'Students',
        kind: 'disqualifier',
        points: 0,
        rawPoints: 0,
        matches: 1,
        capped: false,
      },
    ]);
    expect(decodeContributions('[]', rules, { fit: 0, engagement: 0 })).toEqual([]);
  });

  it('still reads the full objects written before (and by the demo generator)', () => {
    const legacy = [
      {
        ruleId: 'fit-nl',
        label: 'Dutch (old label)',
        kind: 'fit',
        points: 12.5,
        rawPoints: 12.5,
        matches: 1,
        capped: false,
      },
    ];
    expect(decodeContributions(JSON.stringify(legacy), rules, { fit: 12.5, engagement: 0 })).toEqual(legacy);
  });

  it('refuses what does not fit the version, so the explanation scores the lead live instead', () => {
    const none = { fit: 0, engagement: 0 };
    expect(decodeContributions('[7]', rules, none)).toBeNull(); // no rule at that position
    expect(decodeContributions('[1]', rules, { fit: 30, engagement: 0 })).toBeNull(); // an engagement rule without its points
    expect(decodeContributions('[[0,12.5,1]]', rules, { fit: 12.5, engagement: 0 })).toBeNull(); // a fit rule written as engagement
    expect(decodeContributions('[0]', rules, { fit: 20, engagement: 0 })).toBeNull(); // points changed since (an edited draft)
    expect(decodeContributions('[[1,30,1,0]]', rules, { fit: 0, engagement: 30 })).toBeNull(); // capped flag is 1 or absent
    expect(decodeContributions('{"a":1}', rules, none)).toBeNull();
    expect(decodeContributions('not json', rules, none)).toBeNull();
    expect(decodeContributions('[{"ruleId":"x"}]', rules, none)).toBeNull();
  });
});
