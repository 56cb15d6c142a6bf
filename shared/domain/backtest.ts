import type { Rule, ScoringVersion } from './criteria.js';
import type { ScoreResult } from './scoring.js';
import { mutuallyExclusive } from './rule-relations.js';
import { pairRules } from './versions.js';
import { probabilityBands, type ProbabilityBand, type ScoreCount } from './backtest-probability.js';

/**
 * What a backtest counts for one version, lead by lead, and the comparison of two versions. Every
 * number is about the lead's decision moment: the version's score then (only touchpoints up to it)
 * against what really happened to the lead afterwards.
 */

export const DEFAULT_DECISION_DAYS = 30;
export const LIST_LIMIT = 200;

export interface LeadFacts {
  leadId: string;
  name: string;
  company: string;
  createdAt: number;
  decisionAt: number;
  /** The lead's first real handoff: null when it was never handed off. */
  decision: 'accepted' | 'rejected' | 'pending' | null;
  reasonCode: string | null;
  reasonLabel: string | null;
  sql: boolean;
  won: boolean;
  revenue: number;
}

export interface MissedWon {
  leadId: string;
  name: string;
  company: string;
  revenue: number;
  total: number;
  shortBy: number | null;
  disqualifiedBy: string | null;
  /**
   * Rules with positive points that gave nothing, largest first; never one that cannot fire beside a
   * rule that did or one listed before it (two size bands, say).
   */
  unmet: string[];
  /** Whether the version compared against made this lead an MQL (null without a comparison). */
  otherCaught: boolean | null;
  /**
   * When the version compared against made it an MQL and this one neither does nor disqualifies it:
   * the points it has fewer here than there, and the rules that gave it less, most first (each with
   * how much less). Absent when it has as many points (the threshold rose) and in results from
   * before this was kept.
   */
  lost?: { points: number; rules: RuleLoss[] };
  /** The same lead, when this version's lowest MQL threshold is above the compared one's: both thresholds. */
  threshold?: { from: number; to: number };
}

/** A rule that gave a lead fewer points than the compared version's rule did (points: how many fewer, > 0). */
export interface RuleLoss {
  label: string;
  points: number;
}

/** How many rules a missed lead's explanation names. */
export const WHY_RULES = 3;

export interface AvoidedRejection {
  leadId: string;
  name: string;
  company: string;
  total: number;
  reasonCode: string | null;
  reasonLabel: string | null;
}

export interface ReasonCount {
  code: string;
  label: string;
  count: number;
}

export interface VersionBacktest {
  leads: number;
  mqls: number;
  mqlRate: number | null;
  /** By the UTC month each lead was created, every month from the first to the last with leads (a month without any counts 0). */
  monthly: { month: string; mqls: number; leads: number }[];
  handedOff: number;
  accepted: number;
  rejected: number;
  pending: number;
  notHandedOff: number;
  acceptanceRate: number | null;
  rejectReasons: ReasonCount[];
  sql: number;
  sqlRate: number | null;
  won: number;
  winRate: number | null;
  revenue: number;
  confusion: { tp: number; fp: number; fn: number; tn: number };
  missedWon: { count: number; revenue: number; leads: MissedWon[] };
  avoidedRejections: { count: number; byReason: ReasonCount[]; leads: AvoidedRejection[] };
  probability: ProbabilityBand[];
}

/** The UTC month of an instant, 'YYYY-MM' (the backtest's dates are whole UTC days). */
export const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

const nextMonth = (m: string): string => {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return mo === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${m.slice(0, 4)}-${String(mo + 1).padStart(2, '0')}`;
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Every month from `first` to `last`, both included, in order (none when `last` is before `first`, or either is no 'YYYY-MM'). */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  if (!MONTH.test(first) || !MONTH.test(last)) return out;
  for (let m = first; m <= last; m = nextMonth(m)) out.push(m);
  return out;
}

/**
 * The months a backtest's chart shows: every month from the first to the last one with leads, gaps
 * filled, and none outside the period. A lead counts in the month it was created, as the period
 * selects leads by creation; `to` is exclusive, so a period ending at midnight on the 1st ends with
 * the month before.
 */
export function backtestMonths(period: { from: number | null; to: number | null }, withLeads: Iterable<string>): string[] {
  let first: string | null = null;
  let last: string | null = null;
  for (const m of withLeads) {
    if (first === null || m < first) first = m;
    if (last === null || m > last) last = m;
  }
  if (first === null || last === null) return [];
  if (period.from !== null && monthOf(period.from) > first) first = monthOf(period.from);
  if (period.to !== null && monthOf(period.to - 1) < last) last = monthOf(period.to - 1);
  return monthsBetween(first, last);
}

/**
 * The period's last month when the period ends before that month does (a period up to today, or to
 * the 14th): its bar is short because the month is. `to` is exclusive; null ends at `computedAt`.
 * Gives the month and the period's last instant (for "to Jun 14"), or null for a whole month.
 */
export function partialLastMonth(to: number | null, computedAt: number): { month: string; lastInstant: number } | null {
  const end = to ?? computedAt;
  const last = new Date(end - 1);
  const nextMonth = Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1);
  return nextMonth > end ? { month: monthOf(end - 1), lastInstant: end - 1 } : null;
}
const rate = (a: number, b: number) => (b > 0 ? a / b : null);
const expanded = (s: ScoreResult | LazyScore): ScoreResult => ('expand' in s ? s.expand() : s);

function bump(m: Map<string, ReasonCount>, code: string | null, label: string | null): void {
  const k = code ?? '';
  const c = m.get(k);
  if (c) c.count += 1;
  else m.set(k, { code: k, label: label ?? '—', count: 1 });
}

const sortedReasons = (m: Map<string, ReasonCount>) => [...m.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));

/** Accumulates one version's backtest, lead by lead, in constant memory per lead. */
/** A tally's counts as plain data (see BacktestTally.state / absorb). */
export interface TallyState {
  n: number;
  mqls: number;
  months: [string, { mqls: number; leads: number }][];
  accepted: number;
  rejected: number;
  pending: number;
  notHandedOff: number;
  reasons: ReasonCount[];
  sql: number;
  won: number;
  revenue: number;
  confusion: { tp: number; fp: number; fn: number; tn: number };
  missedCount: number;
  missedRevenue: number;
  missed: MissedWon[];
  missedCaught: MissedWon[];
  avoidedCount: number;
  avoidedReasons: ReasonCount[];
  avoided: AvoidedRejection[];
  scoreCounts: ScoreCount[];
}

/** A score whose contributions are expanded on demand. */
export interface LazyScore {
  readonly total: number;
  readonly level: string | null;
  expand(): ScoreResult;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** What a tally needs of the version it is compared with to say what a lead lost against it. */
interface Comparison {
  lowest: number | null;
  /** Each scoring rule of ours, with the compared version's rule it is (pairRules), if any. */
  pairs: { id: string; label: string; otherId: string | null }[];
  /** The compared version's scoring rules that none of ours is. */
  gone: { id: string; label: string }[];
}

const scoring = (r: Rule) => r.kind === 'fit' || r.kind === 'engagement';
/** The lowest MQL level of a version: reaching it makes an MQL; null without levels. */
export const lowestThreshold = (v: Pick<ScoringVersion, 'levels'>): number | null => (v.levels.length ? Math.min(...v.levels.map((l) => l.threshold)) : null);

function comparison(version: ScoringVersion, compareWith: ScoringVersion): Comparison {
  const mine = version.rules.filter(scoring);
  const theirs = compareWith.rules.filter(scoring);
  const pairs = pairRules(theirs, mine);
  const kept = new Set(pairs.values());
  return {
    lowest: lowestThreshold(compareWith),
    pairs: mine.map((r) => ({ id: r.id, label: r.label, otherId: pairs.get(r)?.id ?? null })),
    gone: theirs.filter((r) => !kept.has(r)).map((r) => ({ id: r.id, label: r.label })),
  };
}

export class BacktestTally {
  private readonly positive: Rule[];
  private readonly leadRules: Map<string, Rule>;
  private readonly lowest: number | null;
  private readonly comparison: Comparison | null;
  private n = 0;
  private mqls = 0;
  private readonly months = new Map<string, { mqls: number; leads: number }>();
  private readonly dayMonth = new Map<number, string>();
  private accepted = 0;
  private rejected = 0;
  private pending = 0;
  private notHandedOff = 0;
  private readonly reasons = new Map<string, ReasonCount>();
  private sql = 0;
  private won = 0;
  private revenue = 0;
  private readonly confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  private missedCount = 0;
  private missedRevenue = 0;
  private readonly missed: MissedWon[] = [];
  /** Kept apart so the list shows first the won deals the other version did catch. */
  private readonly missedCaught: MissedWon[] = [];
  private avoidedCount = 0;
  private readonly avoidedReasons = new Map<string, ReasonCount>();
  private readonly avoided: AvoidedRejection[] = [];
  private readonly scoreCounts = new Map<number, ScoreCount>();

  /** `compareWith`: the version whose MQLs this one misses are explained against (what they lost). */
  constructor(version: ScoringVersion, compareWith: ScoringVersion | null = null) {
    this.positive = version.rules.filter((r) => scoring(r) && r.points > 0).sort((a, b) => b.points - a.points);
    this.leadRules = new Map(version.rules.filter((r) => r.kind === 'fit' || r.kind === 'disqualifier').map((r) => [r.id, r]));
    this.lowest = lowestThreshold(version);
    this.comparison = compareWith ? comparison(version, compareWith) : null;
  }

  private month(ms: number): string {
    const day = Math.floor(ms / 86_400_000);
    let m = this.dayMonth.get(day);
    if (m === undefined) this.dayMonth.set(day, (m = monthOf(ms)));
    return m;
  }

  /**
   * `s` may be a lazy score: only its total and level are read for every lead; the contributions
   * (expand) only for the few missed won deals listed, so a million leads are not expanded.
   */
  add(f: LeadFacts, s: ScoreResult | LazyScore, otherMql: boolean | null = null, other: ScoreResult | LazyScore | null = null): boolean {
    const mql = s.level !== null;
    this.n += 1;
    // The month of creation, not of the decision moment: the period selects leads by creation, and a
    // lead never handed off is judged days after it (often after the period's end, or in the future).
    const key = this.month(f.createdAt);
    let mo = this.months.get(key);
    if (!mo) this.months.set(key, (mo = { mqls: 0, leads: 0 }));
    mo.leads += 1;
    const bucket = Math.floor(s.total);
    const sc = this.scoreCounts.get(bucket);
    if (sc) {
      sc.n += 1;
      sc.won += f.won ? 1 : 0;
    } else this.scoreCounts.set(bucket, { minScore: bucket, maxScore: bucket, n: 1, won: f.won ? 1 : 0 });
    if (mql) {
      this.mqls += 1;
      mo.mqls += 1;
      if (f.decision === 'accepted') this.accepted += 1;
      else if (f.decision === 'rejected') {
        this.rejected += 1;
        bump(this.reasons, f.reasonCode, f.reasonLabel);
      } else if (f.decision === 'pending') this.pending += 1;
      else this.notHandedOff += 1;
      if (f.sql) this.sql += 1;
      if (f.won) {
        this.won += 1;
        this.revenue += f.revenue;
        this.confusion.tp += 1;
      } else this.confusion.fp += 1;
      return true;
    }
    if (f.won) {
      this.confusion.fn += 1;
      this.missedCount += 1;
      this.missedRevenue += f.revenue;
      const list = otherMql ? this.missedCaught : this.missed;
      if (list.length < LIST_LIMIT) list.push(this.missedWon(f, s, otherMql, otherMql ? other : null));
    } else this.confusion.tn += 1;
    if (f.decision === 'rejected') {
      this.avoidedCount += 1;
      bump(this.avoidedReasons, f.reasonCode, f.reasonLabel);
      if (this.avoided.length < LIST_LIMIT) {
        this.avoided.push({ leadId: f.leadId, name: f.name, company: f.company, total: s.total, reasonCode: f.reasonCode, reasonLabel: f.reasonLabel });
      }
    }
    return false;
  }

  private missedWon(f: LeadFacts, lazy: ScoreResult | LazyScore, otherMql: boolean | null, otherLazy: ScoreResult | LazyScore | null): MissedWon {
    const s = expanded(lazy);
    const out: MissedWon = {
      leadId: f.leadId,
      name: f.name,
      company: f.company,
      revenue: f.revenue,
      total: s.total,
      shortBy: s.disqualifiedBy || this.lowest === null ? null : round2(this.lowest - s.total),
      disqualifiedBy: s.disqualifiedBy?.label ?? null,
      unmet: this.unmet(s),
      otherCaught: otherMql,
    };
    if (otherLazy && this.comparison && !s.disqualifiedBy) {
      const o = expanded(otherLazy);
      const points = round2(o.total - s.total);
      if (points > 0) out.lost = { points, rules: this.losses(s, o, this.comparison) };
      const { lowest } = this.comparison;
      if (this.lowest !== null && lowest !== null && this.lowest > lowest) out.threshold = { from: lowest, to: this.lowest };
    }
    return out;
  }

  /**
   * The rules with points that gave the lead nothing, most points first, leaving out any that cannot
   * fire beside a lead rule that did (it matched another size band) or beside one already named:
   * a list of what could still have scored, not of alternatives that exclude each other.
   */
  private unmet(s: ScoreResult): string[] {
    const gave = new Set(s.contributions.filter((c) => c.points > 0).map((c) => c.ruleId));
    const matched = s.contributions.flatMap((c) => this.leadRules.get(c.ruleId) ?? []);
    const named: Rule[] = [];
    for (const r of this.positive) {
      if (named.length === WHY_RULES) break;
      if (gave.has(r.id) || [...matched, ...named].some((x) => x.id !== r.id && mutuallyExclusive(x, r))) continue;
      named.push(r);
    }
    return named.map((r) => r.label);
  }

  /** Per rule, the points the compared version's rule gave the lead minus ours, where that is more than nothing: most first. */
  private losses(mine: ScoreResult, theirs: ScoreResult, c: Comparison): RuleLoss[] {
    const pointsBy = (s: ScoreResult) => {
      const m = new Map<string, number>();
      for (const x of s.contributions) m.set(x.ruleId, (m.get(x.ruleId) ?? 0) + x.points);
      return m;
    };
    const ours = pointsBy(mine);
    const other = pointsBy(theirs);
    const all = [
      ...c.pairs.map((p) => ({ label: p.label, points: round2((p.otherId === null ? 0 : (other.get(p.otherId) ?? 0)) - (ours.get(p.id) ?? 0)) })),
      ...c.gone.map((g) => ({ label: g.label, points: round2(other.get(g.id) ?? 0) })),
    ];
    return all
      .filter((l) => l.points > 0)
      .sort((a, b) => b.points - a.points || a.label.localeCompare(b.label))
      .slice(0, WHY_RULES);
  }

  /** What this tally counted, as plain data (structured-cloneable), for another thread's tally to absorb. */
  state(): TallyState {
    return {
      n: this.n,
      mqls: this.mqls,
      months: [...this.months.entries()],
      accepted: this.accepted,
      rejected: this.rejected,
      pending: this.pending,
      notHandedOff: this.notHandedOff,
      reasons: [...this.reasons.values()],
      sql: this.sql,
      won: this.won,
      revenue: this.revenue,
      confusion: { ...this.confusion },
      missedCount: this.missedCount,
      missedRevenue: this.missedRevenue,
      missed: this.missed,
      missedCaught: this.missedCaught,
      avoidedCount: this.avoidedCount,
      avoidedReasons: [...this.avoidedReasons.values()],
      avoided: this.avoided,
      scoreCounts: [...this.scoreCounts.values()],
    };
  }

  /**
   * Add the counts of a tally of later leads (a higher id range, scored by another thread): the
   * result is what one tally over both ranges in id order gives, lists included (theirs follow ours).
   */
  absorb(o: TallyState): void {
    this.n += o.n;
    this.mqls += o.mqls;
    for (const [k, m] of o.months) {
      const mine = this.months.get(k);
      if (mine) {
        mine.mqls += m.mqls;
        mine.leads += m.leads;
      } else this.months.set(k, { ...m });
    }
    this.accepted += o.accepted;
    this.rejected += o.rejected;
    this.pending += o.pending;
    this.notHandedOff += o.notHandedOff;
    const addReasons = (into: Map<string, ReasonCount>, from: readonly ReasonCount[]) => {
      for (const r of from) {
        const c = into.get(r.code);
        if (c) c.count += r.count;
        else into.set(r.code, { ...r });
      }
    };
    addReasons(this.reasons, o.reasons);
    this.sql += o.sql;
    this.won += o.won;
    this.revenue += o.revenue;
    this.confusion.tp += o.confusion.tp;
    this.confusion.fp += o.confusion.fp;
    this.confusion.fn += o.confusion.fn;
    this.confusion.tn += o.confusion.tn;
    this.missedCount += o.missedCount;
    this.missedRevenue += o.missedRevenue;
    this.missed.push(...o.missed.slice(0, LIST_LIMIT - this.missed.length));
    this.missedCaught.push(...o.missedCaught.slice(0, LIST_LIMIT - this.missedCaught.length));
    this.avoidedCount += o.avoidedCount;
    addReasons(this.avoidedReasons, o.avoidedReasons);
    this.avoided.push(...o.avoided.slice(0, LIST_LIMIT - this.avoided.length));
    for (const c of o.scoreCounts) {
      const mine = this.scoreCounts.get(c.minScore);
      if (mine) {
        mine.n += c.n;
        mine.won += c.won;
      } else this.scoreCounts.set(c.minScore, { ...c });
    }
  }

  result(): VersionBacktest {
    const decided = this.accepted + this.rejected;
    return {
      leads: this.n,
      mqls: this.mqls,
      mqlRate: rate(this.mqls, this.n),
      monthly: backtestMonths({ from: null, to: null }, this.months.keys()).map((month) => ({ month, ...(this.months.get(month) ?? { mqls: 0, leads: 0 }) })),
      handedOff: this.accepted + this.rejected + this.pending,
      accepted: this.accepted,
      rejected: this.rejected,
      pending: this.pending,
      notHandedOff: this.notHandedOff,
      acceptanceRate: rate(this.accepted, decided),
      rejectReasons: sortedReasons(this.reasons),
      sql: this.sql,
      sqlRate: rate(this.sql, this.mqls),
      won: this.won,
      winRate: rate(this.won, this.mqls),
      revenue: this.revenue,
      confusion: { ...this.confusion },
      missedWon: {
        count: this.missedCount,
        revenue: this.missedRevenue,
        leads: [
          ...[...this.missedCaught].sort((a, b) => b.revenue - a.revenue),
          ...[...this.missed].sort((a, b) => b.revenue - a.revenue),
        ].slice(0, LIST_LIMIT),
      },
      avoidedRejections: { count: this.avoidedCount, byReason: sortedReasons(this.avoidedReasons), leads: this.avoided },
      probability: probabilityBands([...this.scoreCounts.values()]),
    };
  }
}

export interface BacktestDifference {
  /** Relative change of MQL volume, in percent (null when the baseline has none). */
  handoffsPct: number | null;
  wonDeals: number;
  /** Percentage points. */
  acceptancePts: number | null;
  sqlRatePts: number | null;
  winRatePts: number | null;
  revenue: number;
  missedWon: number;
  avoidedRejections: number;
}

const pts = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 1000) / 10);

export function difference(candidate: VersionBacktest, baseline: VersionBacktest): BacktestDifference {
  return {
    handoffsPct: baseline.mqls > 0 ? Math.round(((candidate.mqls - baseline.mqls) / baseline.mqls) * 1000) / 10 : null,
    wonDeals: candidate.won - baseline.won,
    acceptancePts: pts(candidate.acceptanceRate, baseline.acceptanceRate),
    sqlRatePts: pts(candidate.sqlRate, baseline.sqlRate),
    winRatePts: pts(candidate.winRate, baseline.winRate),
    revenue: candidate.revenue - baseline.revenue,
    missedWon: candidate.missedWon.count - baseline.missedWon.count,
    avoidedRejections: candidate.avoidedRejections.count - baseline.avoidedRejections.count,
  };
}

/** The decision moment: the first handoff, else creation plus the decision window. */
export const decisionMoment = (createdAt: number, handedAt: number | null, days = DEFAULT_DECISION_DAYS): number =>
  handedAt ?? createdAt + days * 86_400_000;
