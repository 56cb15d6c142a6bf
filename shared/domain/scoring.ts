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

type LeadTest = (lead: ScoringLead) => boolean;
type TouchTest = (t: ScoringTouchpoint) => boolean;

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
        return typeof n === 'number' && Number.isFinite(n) && (r.min === undefined || n >= r.min) && (r.max === undefined || n <= r.max);
      };
    }
    case 'exists':
      return (v) => !isMissing(v);
    case 'missing':
      return (v) => isMissing(v);
  }
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
  test: LeadTest;
}
interface CompiledTouchRule {
  rule: Rule;
  test: TouchTest;
}

export interface CompiledVersion {
  id: string;
  /** Highest threshold first. */
  levels: Level[];
  fit: CompiledLeadRule[];
  disqualifiers: CompiledLeadRule[];
  engagement: CompiledTouchRule[];
}

/** Turn a version into closures once, so scoring a million leads does no per-lead parsing. */
export function compileVersion(v: ScoringVersion): CompiledVersion {
  const leadRule = (rule: Rule): CompiledLeadRule => {
    const read = readField(rule.field);
    const test = valueTest(rule.operator, rule.value);
    return { rule, test: (l) => test(read(l)) };
  };
  const touchRule = (rule: Rule): CompiledTouchRule => {
    const read = touchField(rule.field);
    const test = valueTest(rule.operator, rule.value);
    return { rule, test: (t) => test(read(t)) };
  };
  return {
    id: v.id,
    levels: [...v.levels].sort((a, b) => b.threshold - a.threshold),
    fit: v.rules.filter((r) => r.kind === 'fit').map(leadRule),
    disqualifiers: v.rules.filter((r) => r.kind === 'disqualifier').map(leadRule),
    engagement: v.rules.filter((r) => r.kind === 'engagement').map(touchRule),
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Score one lead as of a moment. Only touchpoints at or before `asOf` count (no look-ahead).
 * Engagement: each matching touchpoint gives points × 0.5^(age / half-life), touchpoints older than
 * the window are ignored, and the rule's sum is capped. The total is the sum of the contributions.
 */
export function scoreCompiled(
  v: CompiledVersion,
  lead: ScoringLead,
  touchpoints: readonly ScoringTouchpoint[],
  asOf: number,
): ScoreResult {
  const contributions: Contribution[] = [];
  let fit = 0;
  for (const { rule, test } of v.fit) {
    if (!test(lead)) continue;
    const points = round2(rule.points);
    fit += points;
    contributions.push({ ruleId: rule.id, label: rule.label, kind: 'fit', points, rawPoints: points, matches: 1, capped: false });
  }
  let engagement = 0;
  for (const { rule, test } of v.engagement) {
    let sum = 0;
    let raw = 0;
    let matches = 0;
    for (const t of touchpoints) {
      if (t.occurredAt > asOf || !test(t)) continue;
      const ageDays = (asOf - t.occurredAt) / DAY_MS;
      if (rule.windowDays !== null && ageDays > rule.windowDays) continue;
      matches += 1;
      raw += rule.points;
      sum += rule.decayHalfLifeDays !== null ? rule.points * Math.pow(0.5, ageDays / rule.decayHalfLifeDays) : rule.points;
    }
    if (matches === 0) continue;
    let capped = false;
    if (rule.cap !== null && Math.abs(sum) > rule.cap) {
      sum = Math.sign(sum) * rule.cap;
      capped = true;
    }
    const points = round2(sum);
    engagement += points;
    contributions.push({ ruleId: rule.id, label: rule.label, kind: 'engagement', points, rawPoints: round2(raw), matches, capped });
  }
  let disqualifiedBy: ScoreResult['disqualifiedBy'] = null;
  for (const { rule, test } of v.disqualifiers) {
    if (!test(lead)) continue;
    disqualifiedBy ??= { ruleId: rule.id, label: rule.label };
    contributions.push({ ruleId: rule.id, label: rule.label, kind: 'disqualifier', points: 0, rawPoints: 0, matches: 1, capped: false });
  }
  fit = round2(fit);
  engagement = round2(engagement);
  const total = round2(fit + engagement);
  const level = disqualifiedBy ? null : (v.levels.find((l) => total >= l.threshold)?.name ?? null);
  return { fit, engagement, total, level, disqualifiedBy, contributions };
}

export function score(
  lead: ScoringLead,
  touchpoints: readonly ScoringTouchpoint[],
  version: ScoringVersion,
  asOf: number,
): ScoreResult {
  return scoreCompiled(compileVersion(version), lead, touchpoints, asOf);
}
