import { z } from 'zod';
import type { Rule } from './criteria.js';
import { expandContribution, type CompactContribution, type Contribution } from './scoring.js';

/**
 * How `scores.contributions` holds a score's rule-by-rule explanation.
 *
 * A rescore writes the compact form: a JSON array of CompactContribution (rule positions in the
 * version, and for engagement rules the points, matches and a capped flag), e.g. `[0,3,[14,30,2,1]]`
 * for ~25 bytes instead of ~1 KB of objects. Labels, rule ids and raw points follow from the version,
 * whose rules cannot change once it is proposed. Rows written before (and by the demo generator)
 * hold the full Contribution objects; both read back the same.
 */

export function encodeContributions(contributions: readonly CompactContribution[]): string {
  return JSON.stringify(contributions);
}

const ContributionObject = z.object({
  ruleId: z.string(),
  label: z.string(),
  kind: z.enum(['fit', 'engagement', 'disqualifier', 'sql']),
  points: z.number(),
  rawPoints: z.number(),
  matches: z.number(),
  capped: z.boolean(),
});

const isCompact = (c: unknown): c is CompactContribution =>
  typeof c === 'number' ||
  (Array.isArray(c) && (c.length === 3 || (c.length === 4 && c[3] === 1)) && c.every((x) => typeof x === 'number'));

/**
 * The stored explanation, or null when it cannot be trusted: text that is not one of the two forms,
 * a position that is not a rule of this kind in the version, or contributions that do not add up to
 * the stored fit and engagement points (a draft edited after it was rescored).
 */
export function decodeContributions(
  text: string,
  rules: readonly Rule[],
  expected: { fit: number; engagement: number },
): Contribution[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  let out: Contribution[];
  if (parsed.every(isCompact)) {
    const expanded = parsed.map((c) => expandContribution(rules, c));
    if (expanded.some((c) => c === null)) return null;
    out = expanded as Contribution[];
  } else {
    const objects = z.array(ContributionObject).safeParse(parsed);
    if (!objects.success) return null;
    out = objects.data;
  }
  const sum = (kind: Contribution['kind']) => out.filter((c) => c.kind === kind).reduce((a, c) => a + c.points, 0);
  if (Math.abs(sum('fit') - expected.fit) > 0.005 || Math.abs(sum('engagement') - expected.engagement) > 0.005)
    return null;
  return out;
}
