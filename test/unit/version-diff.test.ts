import { describe, expect, it } from 'vitest';
import { RuleSchema, type Rule } from '../../shared/domain/criteria.js';
import { diffVersions } from '../../shared/domain/versions.js';

const rule = (r: Partial<Rule> & Pick<Rule, 'id' | 'label'>): Rule =>
  RuleSchema.parse({ kind: 'engagement', field: 'touchpoint.type', operator: 'equals', value: 'webinar', points: 8, ...r });
const version = (rules: Rule[]) => ({ levels: [{ name: 'MQL', threshold: 40 }], slaHours: 24, slaBusinessHours: false, rules });

describe('the criteria diff matches rules across versions', () => {
  it('by label, then by condition: a rule relabelled with its points is that rule changed', () => {
    const a = version([
      rule({ id: 'a1', label: 'webinar (15 per touch, max 30)', points: 15, cap: 30 }),
      rule({ id: 'a2', label: 'Director and above', kind: 'fit', field: 'seniority', operator: 'in', value: ['director', 'vp'], points: 8 }),
      rule({ id: 'a3', label: 'Old fit rule', kind: 'fit', field: 'country', operator: 'equals', value: 'NL', points: 3 }),
    ]);
    const b = version([
      rule({ id: 'b1', label: 'webinar (8 per touch, max 16)', points: 8, cap: 16 }),
      rule({ id: 'b2', label: 'Director and above', kind: 'fit', field: 'seniority', operator: 'in', value: ['director', 'vp', 'c_level'], points: 10 }),
      rule({ id: 'b3', label: 'New fit rule', kind: 'fit', field: 'country', operator: 'equals', value: 'BE', points: 3 }),
    ]);
    const d = diffVersions(a, b);
    expect(d.changed).toEqual([
      {
        label: 'webinar (8 per touch, max 16)',
        kind: 'engagement',
        fromId: 'a1',
        toId: 'b1',
        changes: [
          { field: 'label', from: 'webinar (15 per touch, max 30)', to: 'webinar (8 per touch, max 16)' },
          { field: 'points', from: 15, to: 8 },
          { field: 'cap', from: 30, to: 16 },
        ],
        ruleFieldFrom: 'touchpoint.type',
        ruleFieldTo: 'touchpoint.type',
      },
      {
        label: 'Director and above',
        kind: 'fit',
        fromId: 'a2',
        toId: 'b2',
        changes: [
          { field: 'value', from: ['director', 'vp'], to: ['director', 'vp', 'c_level'] },
          { field: 'points', from: 8, to: 10 },
        ],
        ruleFieldFrom: 'seniority',
        ruleFieldTo: 'seniority',
      },
    ]);
    // Label and condition both changed: another rule.
    expect(d.removed.map((r) => r.id)).toEqual(['a3']);
    expect(d.added.map((r) => r.id)).toEqual(['b3']);
  });

  it('pairs rules with the same condition one to one, and a label match first', () => {
    const a = version([rule({ id: 'a1', label: 'Webinar', points: 8 }), rule({ id: 'a2', label: 'Webinar (extra)', points: 2 })]);
    const b = version([rule({ id: 'b1', label: 'Webinar (extra)', points: 2 })]);
    const d = diffVersions(a, b);
    expect(d.changed).toEqual([]);
    expect(d.removed.map((r) => r.id)).toEqual(['a1']);
    expect(d.added).toEqual([]);
  });
});
