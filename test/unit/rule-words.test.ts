import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../shared/domain/criteria.js';
import { diffVersions, type VersionShape } from '../../shared/domain/versions.js';
import { changeLines, conditionOr, ruleWords, type WordsFormat } from '../../shared/i18n/rule-words.js';
import { vocabularyId } from '../../shared/i18n/message-ids.js';

/*
 * The criteria's words shared by the renderer (useRuleWords) and the review pack: one wording of a
 * rule and of a version diff in the reader's language, from the real catalogues.
 */
const catalogue = (lang: string) => JSON.parse(readFileSync(`shared/i18n/${lang}.json`, 'utf8')) as Record<string, string>;

function format(lang: string, names: Record<string, string> = {}): WordsFormat {
  const cat = catalogue(lang);
  const t = (id: string, values?: Record<string, string | number>) => String(new IntlMessageFormat(cat[id]!, lang).format(values));
  return {
    t,
    number: (n, opts) => new Intl.NumberFormat(lang, opts).format(n),
    list: (items, type) => new Intl.ListFormat(lang, { type }).format(items),
    word: (field, value) => {
      const id = vocabularyId(field, value);
      return id === null ? value : t(id);
    },
    name: (field, value) => names[`${field}:${value}`],
  };
}

const rule = (r: Partial<Rule> & Pick<Rule, 'kind' | 'label' | 'field' | 'operator' | 'value' | 'points'>): Rule => ({
  id: `${r.kind}-${r.label}`,
  cap: null,
  decayHalfLifeDays: null,
  windowDays: null,
  ...r,
});

const director = rule({ kind: 'fit', label: 'Director and above', field: 'seniority', operator: 'in', value: ['director', 'vp', 'c_level'], points: 10 });
const dutch = rule({ kind: 'fit', label: 'Dutch', field: 'country', operator: 'equals', value: 'NL', points: 5 });
const webinar = rule({ kind: 'engagement', label: 'webinar', field: 'touchpoint.type', operator: 'equals', value: 'webinar', points: 8, cap: 16, decayHalfLifeDays: 30 });
const student = rule({ kind: 'disqualifier', label: 'Student', field: 'email', operator: 'contains', value: '.edu', points: 0 });

const v2: VersionShape = { levels: [{ name: 'MQL', threshold: 30 }], slaHours: 24, slaBusinessHours: false, rules: [director, dutch, webinar] };
const v3: VersionShape = {
  levels: [
    { name: 'MQL', threshold: 35 },
    { name: 'Hot', threshold: 60 },
  ],
  slaHours: 8,
  slaBusinessHours: true,
  rules: [{ ...director, id: 'd3', points: 5 }, { ...webinar, id: 'w3', points: 4, cap: 8 }, student],
};

describe('rule words', () => {
  it('word a condition as the criteria editor does: vocabulary, ranges, custom attributes, offer names', () => {
    const w = ruleWords(format('en', { 'offer.id:o1': 'Free trial (LinkedIn)' }));
    expect(w.condition(director)).toBe('Seniority is Director, VP, or C-level');
    expect(w.condition({ field: 'employees', operator: 'range', value: { min: 443 } })).toBe('Employees 443 or more');
    expect(w.condition({ field: 'attributes.tech_stack', operator: 'equals', value: 'Salesforce' })).toBe('Custom attribute tech_stack is Salesforce');
    expect(w.condition({ field: 'budget', operator: 'missing', value: null })).toBe('Budget is empty');
    expect(w.condition({ field: 'offer.id', operator: 'equals', value: 'o1' })).toBe('Offer is Free trial (LinkedIn)');
    expect(w.condition({ field: 'source', operator: 'equals', value: 'direct' })).toBe('Source is Direct');
    expect(w.points(4)).toBe('+4');
    expect(w.facts(webinar).map((f) => f.text)).toEqual(['Touchpoint type is Webinar', '+8 per touchpoint', 'capped at 16', 'half-life 30 days']);
    expect(w.facts(student).map((f) => f.text)).toEqual(['Email contains “.edu”', 'vetoes MQL']);
  });

  it('falls back to the label for a suggested rule stored without its condition (evidence kept before it was)', () => {
    const w = ruleWords(format('en'));
    expect(conditionOr(w, { label: 'budget missing' })).toBe('budget missing');
    expect(conditionOr(w, { label: 'budget missing', field: 'budget', operator: 'missing', value: null })).toBe('Budget is empty');
    expect(conditionOr(w, { label: 'odd', field: 'budget', operator: 'near', value: 1 })).toBe('odd');
  });

  it('lists what a version changes: levels and SLA, then rules by kind, each property from → to', () => {
    const lines = changeLines(diffVersions(v2, v3), ruleWords(format('en')), format('en').t);
    expect(lines).toEqual([
      { type: 'changed', kind: null, label: 'Level MQL', details: ['30 points or more → 35 points or more'] },
      { type: 'added', kind: null, label: 'Level Hot', details: ['(no such level) → 60 points or more'] },
      { type: 'changed', kind: null, label: 'SLA for a decision', details: ['24 hours → 8 business hours'] },
      { type: 'changed', kind: 'fit', label: 'Director and above', details: ['Points: +10 → +5'] },
      { type: 'removed', kind: 'fit', label: 'Dutch', details: ['Country is NL', '+5 points'] },
      { type: 'changed', kind: 'engagement', label: 'webinar', details: ['Points: +8 → +4', 'Cap: 16 → 8'] },
      { type: 'added', kind: 'disqualifier', label: 'Student', details: ['Email contains “.edu”', 'vetoes MQL'] },
    ]);
    expect(changeLines(diffVersions(v2, v2), ruleWords(format('en')), format('en').t)).toEqual([]);
    // A changed value is worded as values of the field the rule tests: "Director, VP", not the stored codes.
    const v4: VersionShape = { ...v2, rules: [{ ...director, id: 'd4', value: ['director', 'vp'] }, dutch, webinar] };
    expect(changeLines(diffVersions(v2, v4), ruleWords(format('en')), format('en').t)).toEqual([
      { type: 'changed', kind: 'fit', label: 'Director and above', details: ['Value: Director, VP, C-level → Director, VP'] },
    ]);
  });

  it('in the reader language: Czech words and number formats, Persian from → to', () => {
    const cs = format('cs');
    const lines = changeLines(diffVersions(v2, v3), ruleWords(cs), cs.t);
    expect(lines.find((l) => l.label === 'Director and above')!.details).toEqual([`${cs.t('criteria.prop.points')}: +10 → +5`]);
    expect(lines[0]!.label).toBe(cs.t('criteria.diff.level', { name: 'MQL' }));
    const fa = format('fa');
    const level = changeLines(diffVersions(v2, v3), ruleWords(fa), fa.t)[0]!;
    expect(level.details[0]).toMatch(/^از .*۳۰.* به .*۳۵/);
  });
});
