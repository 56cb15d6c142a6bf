import { describe, expect, it } from 'vitest';
import { V1, V2 } from '../../main/services/demo/criteria.js';
import { RuleSchema, type Rule } from '../../shared/domain/criteria.js';
import { defaultRuleLabel, relabel, staleLabelMentions } from '../../shared/domain/rule-label.js';
import { editForm, initialFormState, type RuleFormState } from '../../renderer/src/features/criteria/rule-form.js';

const engagement = (type: string, points: number, cap: number | null, label = defaultRuleLabel({ kind: 'engagement', field: 'touchpoint.type', operator: 'equals', value: type, points, cap })!): Rule =>
  RuleSchema.parse({ id: type, kind: 'engagement', label, field: 'touchpoint.type', operator: 'equals', value: type, points, cap });

describe('default rule labels', () => {
  it('are the demo criteria labels of engagement rules, as the demo wrote them', () => {
    expect(defaultRuleLabel(engagement('webinar', 8, 16))).toBe('webinar (8 per touch, max 16)');
    expect(defaultRuleLabel(engagement('demo_request', 30, 30))).toBe('demo request (30 per touch, max 30)');
    expect(defaultRuleLabel(engagement('ebook', 2.5, null))).toBe('ebook (2.5 per touch)');
    const rules = [...V1.rules, ...V2.rules].filter((r) => r.kind === 'engagement');
    expect(rules.length).toBeGreaterThan(10);
    for (const r of rules) {
      expect(defaultRuleLabel({ kind: r.kind, field: r.field, operator: r.operator, value: r.value as string, points: r.points, cap: r.cap ?? null })).toBe(r.label);
    }
  });

  it('exist for no other rule', () => {
    const fit = RuleSchema.parse({ id: 'f', kind: 'fit', label: 'Director and above', field: 'seniority', operator: 'in', value: ['director'], points: 10 });
    expect(defaultRuleLabel(fit)).toBeNull();
    expect(defaultRuleLabel({ ...engagement('webinar', 8, 16), field: 'offer.id' })).toBeNull();
    expect(defaultRuleLabel({ ...engagement('webinar', 8, 16), operator: 'in', value: ['webinar', 'ebook'] })).toBeNull();
  });
});

describe('relabel', () => {
  const ebook = engagement('ebook', 5, 10);

  it('moves a label the app wrote along with the points and cap', () => {
    expect(relabel(ebook.label, ebook, { ...ebook, points: 2, cap: 4 })).toEqual({ label: 'ebook (2 per touch, max 4)', followed: true, stale: [] });
    expect(relabel(ebook.label, ebook, { ...ebook, cap: null }).label).toBe('ebook (5 per touch)');
    // What it counts is part of the default too.
    expect(relabel(ebook.label, ebook, { ...ebook, value: 'free_trial' }).label).toBe('free trial (5 per touch, max 10)');
  });

  it('keeps a customised label as written, naming the numbers it states that no longer hold', () => {
    const custom = 'Ebook downloads (5 per touch, max 10)';
    expect(relabel(custom, ebook, { ...ebook, points: 2, cap: 4 })).toEqual({
      label: custom,
      followed: false,
      stale: [
        { part: 'points', said: 5, now: 2 },
        { part: 'cap', said: 10, now: 4 },
      ],
    });
    expect(relabel(custom, ebook, { ...ebook, cap: null }).stale).toEqual([{ part: 'cap', said: 10, now: null }]);
    expect(relabel(custom, ebook, ebook).stale).toEqual([]);
    expect(relabel('Ebook downloads', ebook, { ...ebook, points: 2 })).toEqual({ label: 'Ebook downloads', followed: false, stale: [] });
  });

  it('reads only numbers in the default wording, whole', () => {
    const r = { ...ebook, points: 2, cap: 4 };
    expect(staleLabelMentions('ebook (5 per touch, max 10)', r)).toHaveLength(2);
    expect(staleLabelMentions('ebook (2 per touch, max 4)', r)).toEqual([]);
    expect(staleLabelMentions('ebook (1.5 per touch)', r)).toEqual([{ part: 'points', said: 1.5, now: 2 }]);
    expect(staleLabelMentions('ebook (-3 per touch)', { ...r, points: -3 })).toEqual([]);
    // Not a number of points or a cap: sizes, counts, a thousands separator.
    expect(staleLabelMentions('Companies over 5,000 employees, 2 touches', r)).toEqual([]);
    expect(staleLabelMentions('ebook (max 4,000 a year)', r)).toEqual([]);
    expect(staleLabelMentions('ebook (12 per touch)', { ...r, points: 2 })).toEqual([{ part: 'points', said: 12, now: 2 }]);
    // A fit rule's label is not about per-touch points or a cap.
    const fit = RuleSchema.parse({ id: 'f', kind: 'fit', label: 'x', field: 'employees', operator: 'range', value: { min: 1 }, points: 3 });
    expect(staleLabelMentions('Budget (max 10 points)', fit)).toEqual([]);
  });
});

describe('the rule form label', () => {
  const type = (s: RuleFormState, patch: Partial<RuleFormState['values']>) => editForm(s, { ...s.values, ...patch });

  it('follows points and cap typed one key at a time, while it is the default label', () => {
    let s = initialFormState(engagement('ebook', 5, 10), 'engagement');
    s = type(s, { points: '' });
    expect(s.values.label).toBe('ebook (5 per touch, max 10)');
    s = type(s, { points: '2' });
    expect(s.values.label).toBe('ebook (2 per touch, max 10)');
    s = type(s, { cap: '' });
    expect(s.values.label).toBe('ebook (2 per touch)');
    s = type(s, { cap: '4' });
    expect(s.values.label).toBe('ebook (2 per touch, max 4)');
    s = type(s, { points: '5', cap: '10' });
    expect(s.values.label).toBe('ebook (5 per touch, max 10)');
  });

  it('never rewrites a label the user customised or is typing', () => {
    let s = initialFormState(engagement('ebook', 5, 10, 'Ebook (5 per touch, max 10) — gated'), 'engagement');
    s = type(s, { points: '2', cap: '4' });
    expect(s.values.label).toBe('Ebook (5 per touch, max 10) — gated');

    let t = initialFormState(engagement('ebook', 5, 10), 'engagement');
    t = type(t, { label: 'Ebooks' });
    t = type(t, { points: '2' });
    expect(t.values.label).toBe('Ebooks');
    // Typed back to the default for the numbers now: it follows again.
    t = type(t, { label: 'ebook (2 per touch, max 10)' });
    t = type(t, { cap: '4' });
    expect(t.values.label).toBe('ebook (2 per touch, max 4)');
  });

  it('leaves a new rule’s label to the user', () => {
    let s = initialFormState(null, 'engagement');
    s = type(s, { text: 'webinar', points: '8', cap: '16' });
    expect(s.values.label).toBe('');
  });
});
