import type { AgendaData, Candidate, OfferMover, ReasonBlame } from '../contracts/reviews.js';

/** Pure parts of the quarterly review: quarter arithmetic and how the drafted agenda picks its rows. */

export interface QuarterRange {
  from: number;
  to: number;
}

/** [first day 00:00 UTC, first day of the next quarter) for "2026Q3". */
export function quarterRange(quarter: string): QuarterRange {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) throw new RangeError(`Not a quarter: ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  return { from: Date.UTC(year, (q - 1) * 3, 1), to: Date.UTC(year, q * 3, 1) };
}

export function previousQuarter(quarter: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) throw new RangeError(`Not a quarter: ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

export function quarterOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

export interface OfferQuality {
  key: string | null;
  label: string;
  mqls: number;
  salRate: number | null;
  wonRate: number | null;
}

/**
 * Offers whose SAL % moved most between the quarters, both ways. Offers with fewer than `minMqls`
 * MQLs in either quarter are left out: a rate over three leads moves by chance.
 */
export function offerMovers(current: readonly OfferQuality[], previous: readonly OfferQuality[], minMqls = 10, limit = 6): OfferMover[] {
  const prev = new Map(previous.map((o) => [o.key, o]));
  const movers: OfferMover[] = [];
  for (const o of current) {
    const p = prev.get(o.key);
    if (!p || o.mqls < minMqls || p.mqls < minMqls || o.salRate === null || p.salRate === null) continue;
    movers.push({
      key: o.key,
      label: o.label,
      mqls: o.mqls,
      prevMqls: p.mqls,
      salRate: o.salRate,
      prevSalRate: p.salRate,
      wonRate: o.wonRate,
      prevWonRate: p.wonRate,
      salChange: o.salRate - p.salRate,
    });
  }
  movers.sort((a, b) => Math.abs(b.salChange) - Math.abs(a.salChange) || a.label.localeCompare(b.label));
  return movers.slice(0, limit);
}

/** Halve a rule's points (rounded toward zero): the one-click change a rejection pattern suggests. */
export const loweredPoints = (points: number): number => Math.trunc(points / 2);

/** A candidate before the review links it to the proposals made from it. */
export type CandidateDraft = Omit<Candidate, 'proposalId' | 'alternative'> & { alternative: Omit<NonNullable<Candidate['alternative']>, 'proposalId'> | null };

/**
 * Each top reason's most blamed rule (most points given to its rejected leads) becomes a candidate proposal ("reps rejected 34 MQLs that
 * Webinar attended scored, for No authority: lower its points?"). Only rules that add points can be
 * lowered; at least `minCount` rejections make a pattern. When the reason's rejected leads shared a
 * field value (r.pattern), the candidate also offers the other change: a fit rule that takes back,
 * for those leads, the points the blamed rule gave them ("…or add a seniority rule?").
 */
export function candidatesFrom(reasons: readonly ReasonBlame[], minCount = 3, limit = 5): CandidateDraft[] {
  const out: CandidateDraft[] = [];
  const seen = new Set<string>();
  for (const r of reasons) {
    // The rule that gave those leads the most points in all: lowering it moves them most.
    const rule = r.rules
      .filter((x) => x.points > 0 && x.count >= minCount && !seen.has(x.ruleId))
      .sort((a, b) => b.points * b.count - a.points * a.count || b.count - a.count)[0];
    if (!rule) continue;
    seen.add(rule.ruleId);
    const key = `${r.code}:${rule.ruleId}`;
    const p = r.pattern;
    out.push({
      // The leads that shared the pattern lose what the blamed rule gave them.
      alternative: p && p.rejected >= minCount ? { key: `${key}:rule:${p.field}`, field: p.field, values: p.values, points: -rule.points, rejected: p.rejected } : null,
      key,
      reasonCode: r.code,
      reasonLabel: r.label,
      count: rule.count,
      ruleId: rule.ruleId,
      ruleLabel: rule.label,
      ruleKind: rule.kind,
      points: rule.points,
      suggestedPoints: loweredPoints(rule.points),
    });
    if (out.length >= limit) break;
  }
  return out;
}

/** The agenda's rejection item, if any (candidates are read from its snapshot). */
export function rejectionReasons(agenda: readonly { data: AgendaData }[]): ReasonBlame[] {
  for (const item of agenda) if (item.data.kind === 'rejections') return item.data.reasons;
  return [];
}

/** Move one element to index `to` (clamped), keeping the others in order. */
export function moveTo<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  const [x] = out.splice(from, 1);
  if (x === undefined) return out;
  out.splice(Math.max(0, Math.min(to, out.length)), 0, x);
  return out;
}

/** Which lead field may explain a default rejection reason's pattern. */
export const PATTERN_FIELD_OF_REASON: Readonly<Record<string, 'seniority' | 'country' | 'industry'>> = {
  no_authority: 'seniority',
  unsupported_geography: 'country',
  outside_icp: 'industry',
};

/**
 * The values of a field that a reason's rejected leads had clearly more often than accepted leads
 * (share at least `lift` times as high), most rejected first, at most three; null when they make
 * fewer than `minCount` rejections or none stands out.
 */
export function fieldPattern(
  rejected: ReadonlyMap<string, number>,
  accepted: ReadonlyMap<string, number>,
  opts: { minCount?: number; lift?: number } = {},
): { values: string[]; rejected: number; rejectedShare: number; acceptedShare: number } | null {
  const minCount = opts.minCount ?? 3;
  const lift = opts.lift ?? 1.5;
  const rTotal = [...rejected.values()].reduce((a, b) => a + b, 0);
  const aTotal = [...accepted.values()].reduce((a, b) => a + b, 0);
  if (rTotal === 0) return null;
  const share = (n: number, total: number) => (total > 0 ? n / total : 0);
  const standouts = [...rejected.entries()]
    .filter(([v, n]) => n >= 2 && share(n, rTotal) >= lift * share(accepted.get(v) ?? 0, aTotal))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3);
  const n = standouts.reduce((a, [, c]) => a + c, 0);
  if (standouts.length === 0 || n < minCount) return null;
  const acc = standouts.reduce((a, [v]) => a + (accepted.get(v) ?? 0), 0);
  return { values: standouts.map(([v]) => v), rejected: n, rejectedShare: share(n, rTotal), acceptedShare: share(acc, aTotal) };
}
