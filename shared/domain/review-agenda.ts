import type { AgendaData, BlamedRule, Candidate, OfferMover, ReasonBlame } from '../contracts/reviews.js';

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
  // A change chance could make (a dozen MQLs a quarter) comes after every one it could not.
  movers.sort((a, b) => Number(moverIsChance(a)) - Number(moverIsChance(b)) || Math.abs(b.salChange) - Math.abs(a.salChange) || a.label.localeCompare(b.label));
  return movers.slice(0, limit);
}

/**
 * Whether an offer's SAL % change is within what chance gives on its MQL counts: the two-sided
 * two-proportion z-test at 95 % (|z| < 1.96). 2 of 12 accepted, then 10 of 14, is not.
 */
export function moverIsChance(m: Pick<OfferMover, 'salRate' | 'mqls' | 'prevSalRate' | 'prevMqls'>): boolean {
  if (m.salRate === null || m.prevSalRate === null) return false;
  return Math.abs(twoProportionZ(Math.round(m.salRate * m.mqls), m.mqls, Math.round(m.prevSalRate * m.prevMqls), m.prevMqls)) < 1.96;
}

/** Fewer scored acceptances than this in the quarter, and a rule's rate among them says too little to compare with. */
export const MIN_ACCEPTED_TO_COMPARE = 10;
/** A rule is blamed for a reason only if it scored at least this much larger a share of those rejections than of the acceptances. */
export const MIN_BLAME_EXCESS = 0.05;

/**
 * And by more than chance: the one-sided two-proportion z-test at 95 % (z ≥ 1.645). A reason with a
 * hundred rejections cannot tell 61 % from 54 %, and a review should not lower a rule on that.
 */
export const BLAME_Z = 1.645;

/** z of "p1 = k1/n1 is larger than p2 = k2/n2", pooled; 0 when there is no spread to measure. */
export function twoProportionZ(k1: number, n1: number, k2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 0;
  const p = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  return se === 0 ? 0 : (k1 / n1 - k2 / n2) / se;
}

/** A rule's tally among one reason's rejected leads, before it is compared with the accepted ones. */
export interface RuleHit {
  ruleId: string;
  label: string;
  kind: BlamedRule['kind'];
  points: number;
  count: number;
}

/**
 * The rules a rejection reason blames: those that scored its rejected leads more often than the leads
 * sales accepted, by at least MIN_BLAME_EXCESS and by more than chance. A rule nearly every lead matches ("In sales territory") scores nearly every rejected
 * lead too, and says nothing about why they were rejected: comparing with the acceptances leaves it
 * out. Without enough scored acceptances to compare with, the rules are ranked by count alone.
 */
export function rankBlamedRules(
  hits: Iterable<RuleHit>,
  scoredRejected: number,
  acceptedHits: ReadonlyMap<string, number>,
  scoredAccepted: number,
  limit = 5,
): BlamedRule[] {
  const compare = scoredAccepted >= MIN_ACCEPTED_TO_COMPARE && scoredRejected > 0;
  const rows = [...hits].map((h) => ({
    ...h,
    share: scoredRejected > 0 ? h.count / scoredRejected : 0,
    acceptedShare: compare ? (acceptedHits.get(h.ruleId) ?? 0) / scoredAccepted : null,
  }));
  const kept = compare
    ? rows.filter(
        (r) =>
          r.share - r.acceptedShare! >= MIN_BLAME_EXCESS - 1e-9 &&
          twoProportionZ(r.count, scoredRejected, acceptedHits.get(r.ruleId) ?? 0, scoredAccepted) >= BLAME_Z,
      )
    : rows;
  return kept
    .sort((a, b) => (compare ? b.share - b.acceptedShare! - (a.share - a.acceptedShare!) : 0) || b.count - a.count || a.label.localeCompare(b.label))
    .slice(0, limit);
}

/**
 * How many of the reason's rejections a rule scored beyond what its rate among the accepted leads
 * predicts (all of them when there was nothing to compare with, as in agendas drafted before).
 */
export function excessCount(rule: BlamedRule): number {
  if (rule.acceptedShare === null || rule.acceptedShare === undefined || !rule.share) return rule.count;
  return Math.max(0, rule.count * (1 - rule.acceptedShare / rule.share));
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
    // The rule that gave those leads the most points beyond what it gives the accepted ones: lowering it moves them most.
    const rule = r.rules
      .filter((x) => x.points > 0 && x.count >= minCount && excessCount(x) > 0 && !seen.has(x.ruleId))
      .sort((a, b) => b.points * excessCount(b) - a.points * excessCount(a) || b.count - a.count)[0];
    const p = r.pattern && r.pattern.rejected >= minCount ? r.pattern : null;
    if (rule) {
      seen.add(rule.ruleId);
      const key = `${r.code}:${rule.ruleId}`;
      out.push({
        // The leads that shared the pattern lose what the blamed rule gave them.
        alternative: p ? { key: `${key}:rule:${p.field}`, field: p.field, values: p.values, points: -rule.points, rejected: p.rejected } : null,
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
    } else if (p && p.toDrop !== undefined && p.toDrop < 0) {
      // No rule to lower for these leads (none stands out, or none is a candidate), but a field value does: a rule on it is the change to offer.
      const key = `${r.code}:pattern`;
      out.push({
        alternative: { key: `${key}:rule:${p.field}`, field: p.field, values: p.values, points: p.toDrop, rejected: p.rejected },
        key,
        reasonCode: r.code,
        reasonLabel: r.label,
        count: r.count,
        ruleId: null,
        ruleLabel: null,
        ruleKind: null,
        points: null,
        suggestedPoints: null,
      });
    }
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * The points a rule on a field pattern would give so that half of its rejected leads fall below the
 * lowest MQL level: minus the median of their margins above it, rounded up to a whole point.
 */
export function pointsToDrop(margins: readonly number[]): number | undefined {
  if (margins.length === 0) return undefined;
  const sorted = [...margins].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return -Math.max(1, Math.floor(median) + 1);
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
