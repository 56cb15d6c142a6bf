import type { Rule } from './criteria.js';
import { canon, valueTest } from './scoring.js';

type Condition = Pick<Rule, 'kind' | 'field' | 'operator' | 'value'>;

/** The values an `equals` or `in` rule matches (as written), or null for any other operator. */
const listed = (r: Condition): readonly unknown[] | null =>
  r.operator === 'equals' ? [r.value] : r.operator === 'in' && Array.isArray(r.value) ? r.value : null;

/** A text test whose value has outer spaces compares differently from the canonical form: leave it out of any claim. */
const spaced = (r: Condition): boolean =>
  (r.operator === 'contains' || r.operator === 'starts_with') && (typeof r.value !== 'string' || r.value.trim() !== r.value || r.value === '');

const bounds = (r: Condition): { min: number; max: number } => {
  const v = (r.value ?? {}) as { min?: number; max?: number };
  return { min: v.min ?? -Infinity, max: v.max ?? Infinity };
};

/**
 * Whether no lead can match both rules: two lead-field rules (fit or disqualifier) on the same field
 * whose values cannot overlap, such as the size bands 200–5,000 and over 5,000, seniority "director,
 * vp" and "manager", a value and its absence, or "in the territory" and "not in it". Conservative:
 * false whenever an overlap cannot be ruled out (text that contains or starts with something,
 * engagement rules, which count many touchpoints, and different fields).
 */
export function mutuallyExclusive(a: Condition, b: Condition): boolean {
  const leadRule = (r: Condition) => r.kind === 'fit' || r.kind === 'disqualifier';
  if (!leadRule(a) || !leadRule(b) || a.field !== b.field) return false;
  if (spaced(a) || spaced(b)) return false;
  // "missing" matches exactly what every other operator refuses (each needs a value).
  if (a.operator === 'missing' || b.operator === 'missing') return a.operator !== b.operator;
  const finite = (one: Condition, other: Condition): boolean => {
    const values = listed(one)!;
    const test = valueTest(other.operator, other.value);
    // A lead value matches `one` when its canonical form is one of these: test both spellings.
    return values.every((v) => !test(v) && !test(canon(v)));
  };
  if (listed(a)) return finite(a, b);
  if (listed(b)) return finite(b, a);
  if (a.operator === 'range' && b.operator === 'range') {
    const x = bounds(a);
    const y = bounds(b);
    return x.max < y.min || y.max < x.min;
  }
  return false;
}
