import type { Rule } from './criteria.js';

/**
 * Rule labels that state the rule's numbers. The app labels an engagement rule on a touchpoint type
 * by default as "webinar (8 per touch, max 16)" (the demo's criteria, see main/services/demo); when
 * its points or cap change, such a label would silently go on saying the old numbers. Two answers,
 * both plain string work: a label that is exactly the default for the old numbers was never
 * customised and follows the new ones; any other label is kept as written, and the numbers it
 * states in the default's wording ("5 per touch", "max 10") that the rule no longer has are named.
 */

export type LabelledParts = Pick<Rule, 'kind' | 'field' | 'operator' | 'value' | 'points' | 'cap'>;

/** A number the label states that the rule no longer has (`now` null: the rule has no cap now). */
export type StaleMention = { part: 'points'; said: number; now: number } | { part: 'cap'; said: number; now: number | null };

/**
 * The label the app gives an engagement rule counting one touchpoint type: the type with spaces for
 * underscores, its points per touch and its cap ("free trial (20 per touch, max 20)", "ad (1 per
 * touch)" without a cap). Null for any other rule: it has no default label.
 */
export function defaultRuleLabel(r: LabelledParts): string | null {
  if (r.kind !== 'engagement' || r.field !== 'touchpoint.type' || r.operator !== 'equals') return null;
  if (typeof r.value !== 'string' || r.value.trim() === '') return null;
  const name = r.value.replaceAll('_', ' ');
  return r.cap === null ? `${name} (${r.points} per touch)` : `${name} (${r.points} per touch, max ${r.cap})`;
}

// A number as the default label writes it (String(n)): not part of a longer one ("5,000", "1.5", "25").
const NUMBER = String.raw`(-?\d+(?:\.\d+)?)(?![.,]?\d)`;
const PER_TOUCH = new RegExp(String.raw`(?<![\d.,])${NUMBER} per touch\b`, 'i');
const MAX = new RegExp(String.raw`\bmax ${NUMBER}`, 'i');

/** The numbers an engagement rule's label states in the default label's wording that differ from the rule's. */
export function staleLabelMentions(label: string, rule: LabelledParts): StaleMention[] {
  if (rule.kind !== 'engagement') return [];
  const out: StaleMention[] = [];
  const points = PER_TOUCH.exec(label);
  if (points && Number(points[1]) !== rule.points) out.push({ part: 'points', said: Number(points[1]), now: rule.points });
  const cap = MAX.exec(label);
  if (cap && Number(cap[1]) !== rule.cap) out.push({ part: 'cap', said: Number(cap[1]), now: rule.cap });
  return out;
}

/**
 * The label after the rule's numbers (or what it counts) changed from `before` to `after`: the new
 * default when `label` is the default for `before` (followed: true), else `label` unchanged, with
 * the numbers it states that `after` no longer has.
 */
export function relabel(label: string, before: LabelledParts, after: LabelledParts): { label: string; followed: boolean; stale: StaleMention[] } {
  const was = defaultRuleLabel(before);
  const next = defaultRuleLabel(after);
  if (was !== null && next !== null && label === was) return { label: next, followed: true, stale: [] };
  return { label, followed: false, stale: staleLabelMentions(label, after) };
}
