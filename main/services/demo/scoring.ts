import type { Rule, ScoringVersion } from '../../../shared/domain/criteria.js';
import {
  compileVersion as compileForApp,
  scoreCompiled,
  type ScoreResult,
  type ScoringTouchpoint,
} from '../../../shared/domain/scoring.js';
import type { Level, RuleDef, VersionDef } from './criteria.js';
import { DAY, type DemoLead, type DemoTouch } from './types.js';

/**
 * Scoring inside the simulation, which asks "what was this lead's score after each touch?" a few
 * million times. It does exactly the arithmetic of shared/domain/scoring.ts (per-rule sums of
 * points × 0.5^(age/half-life) within the window, capped, each contribution and the total rounded
 * to cents), without building explanation objects, so a later rescore gives the very same numbers
 * (the integration test checks that). Stored explanations come from the app's own scorer.
 */

const round2 = (x: number): number => Math.round(x * 100) / 100;
export { round2 };

type Getter = (lead: DemoLead) => unknown;

function getter(field: string): Getter {
  if (field.startsWith('attributes.')) {
    const key = field.slice('attributes.'.length);
    return (l) => l.attributes[key];
  }
  switch (field) {
    case 'employees':
      return (l) => l.employees;
    case 'industry':
      return (l) => l.industry;
    case 'country':
      return (l) => l.country;
    case 'seniority':
      return (l) => l.seniority;
    case 'jobTitle':
      return (l) => l.jobTitle;
    case 'budget':
      return (l) => l.budget;
    case 'email':
      return (l) => l.email;
    case 'domain':
      return (l) => l.domain;
    case 'company':
      return (l) => l.company;
    case 'source':
      return (l) => l.source;
    default:
      throw new Error(`demo scoring: unknown lead field ${field}`);
  }
}

const canon = (v: unknown): string =>
  typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
const isMissing = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function predicate(rule: RuleDef): (lead: DemoLead) => boolean {
  const get = getter(rule.field);
  const value = rule.value;
  switch (rule.operator) {
    case 'equals': {
      const want = canon(value);
      return (l) => {
        const v = get(l);
        return !isMissing(v) && canon(v) === want;
      };
    }
    case 'in':
    case 'not_in': {
      const set = new Set((value as unknown[]).map(canon));
      const inside = rule.operator === 'in';
      return (l) => {
        const v = get(l);
        return !isMissing(v) && set.has(canon(v)) === inside;
      };
    }
    case 'contains': {
      const want = String(value).toLowerCase();
      return (l) => {
        const v = get(l);
        return typeof v === 'string' && v.toLowerCase().includes(want);
      };
    }
    case 'starts_with': {
      const want = String(value).toLowerCase();
      return (l) => {
        const v = get(l);
        return typeof v === 'string' && v.trim().toLowerCase().startsWith(want);
      };
    }
    case 'range': {
      const { min, max } = value as { min?: number; max?: number };
      return (l) => {
        const v = get(l);
        return (
          typeof v === 'number' &&
          Number.isFinite(v) &&
          (min === undefined || v >= min) &&
          (max === undefined || v <= max)
        );
      };
    }
    case 'exists':
      return (l) => !isMissing(get(l));
    case 'missing':
      return (l) => isMissing(get(l));
  }
}

interface FitRule {
  id: string;
  label: string;
  points: number;
  test: (lead: DemoLead) => boolean;
}

interface EngagementRule {
  points: number;
  cap: number | null;
  halfLifeDays: number | null;
  windowDays: number | null;
}

export interface CompiledVersion {
  id: string;
  number: number;
  /** Highest threshold first. */
  levels: Level[];
  slaHours: number;
  effectiveFrom: number;
  effectiveTo: number | null;
  fit: FitRule[];
  disqualifiers: FitRule[];
  engagement: EngagementRule[];
  /** Engagement rule index by touchpoint type (the demo's engagement rules are `touchpoint.type equals`). */
  byType: Map<string, number>;
  /** The lowest MQL threshold: reaching it makes an MQL. */
  mqlThreshold: number;
  /** Ids of the SQL checklist (BANT) rules, in order. */
  sqlRuleIds: string[];
  /** The same version compiled by the app's scorer, for stored explanations. */
  app: ReturnType<typeof compileForApp>;
}

/** The version as the app stores and scores it. */
export function toScoringVersion(def: VersionDef, id: string, ruleIds: readonly string[]): ScoringVersion {
  const rules: Rule[] = def.rules.map((r, i) => ({
    id: ruleIds[i]!,
    kind: r.kind,
    label: r.label,
    field: r.field,
    operator: r.operator,
    value: (r.value ?? null) as Rule['value'],
    points: r.points,
    cap: r.cap ?? null,
    decayHalfLifeDays: r.halfLifeDays ?? null,
    windowDays: r.windowDays ?? null,
  }));
  return { id, levels: def.levels, rules };
}

export function compileVersion(
  def: VersionDef,
  id: string,
  ruleIds: readonly string[],
  effectiveFrom: number,
  effectiveTo: number | null,
): CompiledVersion {
  const v: CompiledVersion = {
    id,
    number: def.number,
    levels: [...def.levels].sort((a, b) => b.threshold - a.threshold),
    slaHours: def.slaHours,
    effectiveFrom,
    effectiveTo,
    fit: [],
    disqualifiers: [],
    engagement: [],
    byType: new Map(),
    mqlThreshold: Math.min(...def.levels.map((l) => l.threshold)),
    sqlRuleIds: def.rules.flatMap((r, i) => (r.kind === 'sql' ? [ruleIds[i]!] : [])),
    app: compileForApp(toScoringVersion(def, id, ruleIds)),
  };
  def.rules.forEach((rule, i) => {
    const ruleId = ruleIds[i]!;
    if (rule.kind === 'fit') v.fit.push({ id: ruleId, label: rule.label, points: rule.points, test: predicate(rule) });
    else if (rule.kind === 'disqualifier')
      v.disqualifiers.push({ id: ruleId, label: rule.label, points: 0, test: predicate(rule) });
    else if (rule.kind === 'engagement') {
      if (rule.field !== 'touchpoint.type' || rule.operator !== 'equals')
        throw new Error('demo scoring: engagement rules are touchpoint.type equals');
      v.byType.set(String(rule.value), v.engagement.length);
      v.engagement.push({
        points: rule.points,
        cap: rule.cap ?? null,
        halfLifeDays: rule.halfLifeDays ?? null,
        windowDays: rule.windowDays ?? null,
      });
    }
  });
  if (v.engagement.length > sums.length) throw new Error('demo scoring: too many engagement rules');
  return v;
}

export interface FitResult {
  points: number;
  disqualifiedBy: string | null;
}

export function fitOf(v: CompiledVersion, lead: DemoLead): FitResult {
  let points = 0;
  for (const r of v.fit) if (r.test(lead)) points += round2(r.points);
  let disqualifiedBy: string | null = null;
  for (const r of v.disqualifiers) {
    if (r.test(lead)) {
      disqualifiedBy = r.id;
      break;
    }
  }
  return { points: round2(points), disqualifiedBy };
}

const sums = new Float64Array(64);
const seen = new Uint8Array(64);

/** Engagement points of the first `count` touchpoints as of `asOf`: decayed, windowed, capped, in cents. */
export function engagementOf(v: CompiledVersion, touches: readonly DemoTouch[], count: number, asOf: number): number {
  const n = v.engagement.length;
  sums.fill(0, 0, n);
  seen.fill(0, 0, n);
  for (let j = 0; j < count; j++) {
    const t = touches[j]!;
    if (t.at > asOf) continue;
    const idx = v.byType.get(t.type);
    if (idx === undefined) continue;
    const rule = v.engagement[idx]!;
    const ageDays = (asOf - t.at) / DAY;
    if (rule.windowDays !== null && ageDays > rule.windowDays) continue;
    seen[idx] = 1;
    sums[idx] =
      sums[idx]! +
      (rule.halfLifeDays !== null ? rule.points * Math.pow(0.5, ageDays / rule.halfLifeDays) : rule.points);
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!seen[i]) continue;
    const rule = v.engagement[i]!;
    let s = sums[i]!;
    if (rule.cap !== null && Math.abs(s) > rule.cap) s = Math.sign(s) * rule.cap;
    total += round2(s);
  }
  return round2(total);
}

export function levelOf(v: CompiledVersion, total: number, disqualified: boolean): string | null {
  if (disqualified) return null;
  for (const l of v.levels) if (total >= l.threshold) return l.name;
  return null;
}

/** The app's full score with its rule-by-rule explanation, for a `scores` row. */
export function explain(
  v: CompiledVersion,
  lead: DemoLead,
  touches: readonly DemoTouch[],
  count: number,
  kinds: readonly { offerId: string | null; campaignId: string | null; channel: string | null }[],
  asOf: number,
): ScoreResult {
  const tps: ScoringTouchpoint[] = [];
  for (let j = 0; j < count; j++) {
    const t = touches[j]!;
    const k = kinds[t.kind]!;
    tps.push({
      type: t.type,
      offerId: k.offerId,
      offerType: k.offerId ? t.type : null,
      campaignId: k.campaignId,
      channel: k.channel,
      occurredAt: t.at,
    });
  }
  return scoreCompiled(v.app, lead as unknown as Parameters<typeof scoreCompiled>[1], tps, asOf);
}

/**
 * An upper bound of the engagement points of the touches added so far, ignoring decay and windows
 * (which only lower them): per rule, min(cap, points × matching touches). O(1) per touch.
 */
export class EngagementBound {
  private v: CompiledVersion | null = null;
  private readonly raw = new Float64Array(64);
  private total = 0;

  /** Start over for version `v` with the first `count` touches already in. */
  reset(v: CompiledVersion, touches: readonly DemoTouch[], count: number): void {
    this.v = v;
    this.raw.fill(0);
    this.total = 0;
    for (let j = 0; j < count; j++) this.add(touches[j]!);
  }

  /** Add one touch; returns the bound. */
  add(t: DemoTouch): number {
    const v = this.v!;
    const idx = v.byType.get(t.type);
    if (idx === undefined) return this.total;
    const rule = v.engagement[idx]!;
    if (rule.points < 0) return Infinity; // no bound for penalties; the exact sum decides
    const cap = rule.cap ?? Infinity;
    const before = Math.min(this.raw[idx]!, cap);
    this.raw[idx] = this.raw[idx]! + rule.points;
    this.total += Math.min(this.raw[idx]!, cap) - before;
    return this.total;
  }
}
