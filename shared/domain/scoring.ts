import type { Level, Rule, ScoringVersion } from './criteria.js';

export const DAY_MS = 86_400_000;

export interface ScoringLead {
  [field: string]: unknown;
  attributes?: Record<string, unknown>;
}

export interface ScoringTouchpoint {
  type: string;
  offerId?: string | null;
  offerType?: string | null;
  campaignId?: string | null;
  channel?: string | null;
  occurredAt: number;
}

export interface Contribution {
  ruleId: string;
  label: string;
  kind: Rule['kind'];
  /** Points this rule added to the total (after decay and cap). */
  points: number;
  /** Points before decay and cap: what the rule would give undecayed and uncapped. */
  rawPoints: number;
  /** Touchpoints counted (engagement) or 1 (fit, disqualifier). */
  matches: number;
  capped: boolean;
}

export interface ScoreResult {
  fit: number;
  engagement: number;
  total: number;
  level: string | null;
  disqualifiedBy: { ruleId: string; label: string } | null;
  contributions: Contribution[];
}

/**
 * One rule's contribution by the rule's position in the version's `rules`: a matched fit or
 * disqualifier rule is just its position (its points are the rule's); an engagement rule is
 * [position, points, matches], with a fourth element 1 when the cap cut it. Everything else in a
 * Contribution follows from the rule, so this is what the scores table stores (see
 * contribution-codec.ts) and what `expandScore` turns back into the explanation.
 */
export type CompactContribution = number | [number, number, number] | [number, number, number, 1];

export interface CompactScore {
  fit: number;
  engagement: number;
  total: number;
  level: string | null;
  /** Position of the first disqualifier that fired, or -1. */
  disqualifier: number;
  contributions: CompactContribution[];
}

type LeadTest = (lead: ScoringLead) => boolean;

/**
 * The text form values are compared in: case and surrounding spaces ignored, numbers as written
 * (200, not 200.0), booleans as 1/0 like SQLite's JSON. The SQL form of the rules uses the same.
 */
export const canon = (v: unknown): string =>
  typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
const isMissing = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function readField(field: string): (lead: ScoringLead) => unknown {
  if (field.startsWith('attributes.')) {
    const key = field.slice('attributes.'.length);
    return (l) => l.attributes?.[key];
  }
  return (l) => l[field];
}

/** One predicate per operator; text compares ignore case and surrounding spaces. */
export function valueTest(operator: Rule['operator'], value: Rule['value']): (v: unknown) => boolean {
  switch (operator) {
    case 'equals': {
      const want = canon(value);
      return (v) => !isMissing(v) && canon(v) === want;
    }
    case 'in':
    case 'not_in': {
      const set = new Set((Array.isArray(value) ? value : []).map(canon));
      const inside = operator === 'in';
      return (v) => !isMissing(v) && set.has(canon(v)) === inside;
    }
    case 'contains': {
      const want = String(value).toLowerCase();
      return (v) => typeof v === 'string' && v.toLowerCase().includes(want);
    }
    case 'starts_with': {
      const want = String(value).toLowerCase();
      return (v) => typeof v === 'string' && v.trim().toLowerCase().startsWith(want);
    }
    case 'range': {
      const r = (value ?? {}) as { min?: number; max?: number };
      return (v) => {
        const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
        return (
          typeof n === 'number' &&
          Number.isFinite(n) &&
          (r.min === undefined || n >= r.min) &&
          (r.max === undefined || n <= r.max)
        );
      };
    }
    case 'exists':
      return (v) => !isMissing(v);
    case 'missing':
      return (v) => isMissing(v);
  }
}

const MEMO_MAX = 4096;

/**
 * The same predicate, remembering its answer per value: rule fields repeat a few values a million
 * times (countries, touchpoint types, offers), so case-folding each one again is the main cost. A
 * field with too many distinct values (names, e-mails) fills the memo without hits and is then
 * tested directly.
 */
function memoised(test: (v: unknown) => boolean): (v: unknown) => boolean {
  const memo = new Map<unknown, boolean>();
  let hits = 0;
  let missesWhenFull = 0;
  let bypass = false;
  return (v) => {
    if (bypass || (v !== null && typeof v === 'object')) return test(v);
    const known = memo.get(v);
    if (known !== undefined) {
      hits += 1;
      return known;
    }
    const answer = test(v);
    if (memo.size < MEMO_MAX) memo.set(v, answer);
    else if (++missesWhenFull > hits) bypass = true;
    return answer;
  };
}

function touchField(field: string): (t: ScoringTouchpoint) => unknown {
  switch (field) {
    case 'touchpoint.type':
      return (t) => t.type;
    case 'offer.id':
      return (t) => t.offerId;
    case 'offer.type':
      return (t) => t.offerType;
    case 'campaign.id':
      return (t) => t.campaignId;
    case 'channel':
      return (t) => t.channel;
    default:
      return () => undefined;
  }
}

interface CompiledLeadRule {
  rule: Rule;
  /** Position in the version's rules. */
  position: number;
  /** The rule's points as counted (rounded to cents). */
  points: number;
  test: LeadTest;
}

interface CompiledTouchRule {
  rule: Rule;
  position: number;
}

/** Engagement rules that read the same touchpoint field, with which of them each value matches. */
interface TouchFieldGroup {
  read: (t: ScoringTouchpoint) => unknown;
  /** Indexes into `engagement` of the rules matching a value, memoised per value. */
  matching: (v: unknown) => readonly number[];
}

export interface CompiledVersion {
  id: string;
  /** Highest threshold first. */
  levels: Level[];
  /** The version's rules as given: contribution positions refer to this list. */
  rules: readonly Rule[];
  fit: CompiledLeadRule[];
  disqualifiers: CompiledLeadRule[];
  engagement: CompiledTouchRule[];
  touchFields: TouchFieldGroup[];
  /** Per-rule sums and counts of the lead being scored (reused: scoring never allocates them). */
  sums: Float64Array;
  counts: Int32Array;
}

function touchFieldGroup(field: string, members: { index: number; test: (v: unknown) => boolean }[]): TouchFieldGroup {
  const memo = new Map<unknown, readonly number[]>();
  const compute = (v: unknown) => members.filter((m) => m.test(v)).map((m) => m.index);
  return {
    read: touchField(field),
    matching: (v) => {
      if (v !== null && typeof v === 'object') return compute(v);
      let hit = memo.get(v);
      if (hit === undefined) {
        hit = compute(v);
        if (memo.size < MEMO_MAX) memo.set(v, hit);
      }
      return hit;
    },
  };
}

/** Turn a version into closures once, so scoring a million leads does no per-lead parsing. */
export function compileVersion(v: ScoringVersion): CompiledVersion {
  const leadRule = (rule: Rule, position: number): CompiledLeadRule => {
    const read = readField(rule.field);
    const test = memoised(valueTest(rule.operator, rule.value));
    return { rule, position, points: round2(rule.points), test: (l) => test(read(l)) };
  };
  const fit: CompiledLeadRule[] = [];
  const disqualifiers: CompiledLeadRule[] = [];
  const engagement: CompiledTouchRule[] = [];
  const byField = new Map<string, { index: number; test: (v: unknown) => boolean }[]>();
  v.rules.forEach((rule, position) => {
    if (rule.kind === 'fit') fit.push(leadRule(rule, position));
    else if (rule.kind === 'disqualifier') disqualifiers.push(leadRule(rule, position));
    else if (rule.kind === 'engagement') {
      const members = byField.get(rule.field) ?? [];
      members.push({ index: engagement.length, test: valueTest(rule.operator, rule.value) });
      byField.set(rule.field, members);
      engagement.push({ rule, position });
    }
  });
  return {
    id: v.id,
    levels: [...v.levels].sort((a, b) => b.threshold - a.threshold),
    rules: v.rules,
    fit,
    disqualifiers,
    engagement,
    touchFields: [...byField].map(([field, members]) => touchFieldGroup(field, members)),
    sums: new Float64Array(engagement.length),
    counts: new Int32Array(engagement.length),
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Score one lead as of a moment. Only touchpoints at or before `asOf` count (no look-ahead).
 * Engagement: each matching touchpoint gives points × 0.5^(age / half-life), touchpoints older than
 * the window are ignored, and the rule's sum is capped. The total is the sum of the contributions.
 * Each rule's sum adds its touchpoints in the order given, so the result is exactly the same
 * whichever way the rules are looked up.
 */
export function scoreCompact(
  v: CompiledVersion,
  lead: ScoringLead,
  touchpoints: readonly ScoringTouchpoint[],
  asOf: number,
): CompactScore {
  const contributions: CompactContribution[] = [];
  let fit = 0;
  for (const r of v.fit) {
    if (!r.test(lead)) continue;
    fit += r.points;
    contributions.push(r.position);
  }
  const { sums, counts, engagement: rules } = v;
  sums.fill(0);
  counts.fill(0);
  for (const t of touchpoints) {
    if (t.occurredAt > asOf) continue;
    const ageDays = (asOf - t.occurredAt) / DAY_MS;
    for (const group of v.touchFields) {
      for (const i of group.matching(group.read(t))) {
        const rule = rules[i]!.rule;
        if (rule.windowDays !== null && ageDays > rule.windowDays) continue;
        counts[i]! += 1;
        sums[i]! +=
          rule.decayHalfLifeDays !== null ? rule.points * Math.pow(0.5, ageDays / rule.decayHalfLifeDays) : rule.points;
      }
    }
  }
  let engagement = 0;
  for (let i = 0; i < rules.length; i++) {
    const matches = counts[i]!;
    if (matches === 0) continue;
    const { rule, position } = rules[i]!;
    let sum = sums[i]!;
    let capped = false;
    if (rule.cap !== null && Math.abs(sum) > rule.cap) {
      sum = Math.sign(sum) * rule.cap;
      capped = true;
    }
    const points = round2(sum);
    engagement += points;
    contributions.push(capped ? [position, points, matches, 1] : [position, points, matches]);
  }
  let disqualifier = -1;
  for (const r of v.disqualifiers) {
    if (!r.test(lead)) continue;
    if (disqualifier < 0) disqualifier = r.position;
    contributions.push(r.position);
  }
  fit = round2(fit);
  engagement = round2(engagement);
  const total = round2(fit + engagement);
  const level = disqualifier >= 0 ? null : (v.levels.find((l) => total >= l.threshold)?.name ?? null);
  return { fit, engagement, total, level, disqualifier, contributions };
}

/**
 * One compact contribution as the explanation shows it, or null when it does not fit the rules
 * (a position out of range, or a shape that is not the rule's kind).
 */
export function expandContribution(rules: readonly Rule[], c: CompactContribution): Contribution | null {
  const position = typeof c === 'number' ? c : c[0];
  const rule = Number.isInteger(position) ? rules[position] : undefined;
  if (!rule) return null;
  const base = { ruleId: rule.id, label: rule.label, kind: rule.kind };
  if (typeof c === 'number') {
    if (rule.kind === 'fit') {
      const points = round2(rule.points);
      return { ...base, points, rawPoints: points, matches: 1, capped: false };
    }
    if (rule.kind === 'disqualifier') return { ...base, points: 0, rawPoints: 0, matches: 1, capped: false };
    return null;
  }
  if (rule.kind !== 'engagement') return null;
  const [, points, matches] = c;
  return { ...base, points, rawPoints: round2(rule.points * matches), matches, capped: c[3] === 1 };
}

/** The full explanation of a compact score under the version it was computed with. */
export function expandScore(rules: readonly Rule[], s: CompactScore): ScoreResult {
  const dq = s.disqualifier >= 0 ? rules[s.disqualifier] : undefined;
  return {
    fit: s.fit,
    engagement: s.engagement,
    total: s.total,
    level: s.level,
    disqualifiedBy: dq ? { ruleId: dq.id, label: dq.label } : null,
    contributions: s.contributions.map((c) => expandContribution(rules, c)!),
  };
}

export function scoreCompiled(
  v: CompiledVersion,
  lead: ScoringLead,
  touchpoints: readonly ScoringTouchpoint[],
  asOf: number,
): ScoreResult {
  return expandScore(v.rules, scoreCompact(v, lead, touchpoints, asOf));
}

export function score(
  lead: ScoringLead,
  touchpoints: readonly ScoringTouchpoint[],
  version: ScoringVersion,
  asOf: number,
): ScoreResult {
  return scoreCompiled(compileVersion(version), lead, touchpoints, asOf);
}
