import { OperatorSchema, type Operator, type Rule, type RuleKind } from '../domain/criteria.js';

/*
 * The criteria vocabulary in the reader's language, for the renderer (useRuleWords) and for the
 * review pack the main process prints: one wording of a rule's condition, points and facts, and of
 * a version diff, so the pack says what the criteria editor, Suggest and Compare pages say.
 * English Markdown exports keep describeCondition (shared/domain/version-export.ts).
 */

/* Catalogue ids spelled out so the catalogue test sees every one. */
export const FIELD_LABEL: Readonly<Record<string, string>> = {
  email: 'criteria.field.email',
  name: 'criteria.field.name',
  company: 'criteria.field.company',
  domain: 'criteria.field.domain',
  country: 'criteria.field.country',
  industry: 'criteria.field.industry',
  employees: 'criteria.field.employees',
  jobTitle: 'criteria.field.jobTitle',
  seniority: 'criteria.field.seniority',
  budget: 'criteria.field.budget',
  source: 'criteria.field.source',
  'touchpoint.type': 'criteria.field.touchpointType',
  'offer.id': 'criteria.field.offer',
  'offer.type': 'criteria.field.offerType',
  'campaign.id': 'criteria.field.campaign',
  channel: 'criteria.field.channel',
  'bant.budget': 'criteria.field.bantBudget',
  'bant.authority': 'criteria.field.bantAuthority',
  'bant.need': 'criteria.field.bantNeed',
  'bant.timing': 'criteria.field.bantTiming',
};

export const OPERATOR_LABEL: Readonly<Record<Operator, string>> = {
  equals: 'criteria.op.equals',
  in: 'criteria.op.in',
  not_in: 'criteria.op.notIn',
  contains: 'criteria.op.contains',
  starts_with: 'criteria.op.startsWith',
  range: 'criteria.op.range',
  exists: 'criteria.op.exists',
  missing: 'criteria.op.missing',
};

/** Rule properties as the diff names them. */
export const RULE_PROP_LABEL: Readonly<Record<string, string>> = {
  label: 'criteria.prop.label',
  field: 'criteria.prop.field',
  operator: 'criteria.prop.operator',
  value: 'criteria.prop.value',
  points: 'criteria.prop.points',
  cap: 'criteria.prop.cap',
  decayHalfLifeDays: 'criteria.prop.halfLife',
  windowDays: 'criteria.prop.window',
};

export const KIND_ORDER: readonly RuleKind[] = ['fit', 'engagement', 'disqualifier', 'sql'];

/** What the words are made with: the reader's catalogue and locale formats. */
export interface WordsFormat {
  t(id: string, values?: Record<string, string | number>): string;
  number(n: number, opts?: Pick<Intl.NumberFormatOptions, 'signDisplay' | 'minimumFractionDigits' | 'maximumFractionDigits'>): string;
  list(items: string[], type: 'conjunction' | 'disjunction' | 'unit'): string;
  /** A stored word of a known vocabulary (seniority, channel, touchpoint type) in the reader's language. */
  word(field: string, value: string): string;
  /** The name of an offer or campaign a rule names by id (`offer.id`, `campaign.id`), when known. */
  name?(field: string, value: string): string | undefined;
}

export type RuleLike = Pick<Rule, 'field' | 'operator' | 'value'>;

export interface RuleWords {
  /** "Employees", "Touchpoint type", "Custom attribute tech_stack". */
  field(field: string): string;
  /** One value as a person reads it (an offer's name rather than its id). */
  value(v: unknown, field?: string): string;
  /** The condition in plain words: "Industry is Software, Healthcare, or Manufacturing". */
  condition(r: RuleLike): string;
  /** Signed points: "+6", "−10". */
  points(n: number): string;
  /** A number of days, or "–" when the rule has none. */
  days(n: number | null): string;
  /** A rule as short facts (condition, points, cap, half-life, window), as the criteria editor lists them. */
  facts(rule: Rule, changed?: ReadonlySet<string>): { key: string; text: string }[];
  /** One value of a property a diff names as changed ("+10", "16", "7 days", "none"). */
  /** A rule property's value in words; a changed value (or list of values) as values of the lead field the rule tests. */
  propValue(prop: string, v: unknown, ruleField?: string): string;
  /** An SLA as the criteria details say it: "24 hours", "8 business hours". */
  sla(hours: number, businessHours: boolean): string;
}

/** Which fact of a rule a diff's changed property belongs to. */
const FACT_OF: Record<string, string> = {
  field: 'condition',
  operator: 'condition',
  value: 'condition',
  points: 'points',
  cap: 'cap',
  decayHalfLifeDays: 'halfLife',
  windowDays: 'window',
  label: 'label',
};
export const factOf = (prop: string): string => FACT_OF[prop] ?? prop;

export function ruleWords(f: WordsFormat): RuleWords {
  const { t } = f;
  const field = (name: string) => {
    if (name.startsWith('attributes.')) return t('criteria.field.attribute', { key: name.slice('attributes.'.length) });
    const id = FIELD_LABEL[name];
    return id ? t(id) : name;
  };
  const value = (v: unknown, fieldName?: string): string => {
    if (typeof v === 'number') return f.number(v);
    if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
    if (v === null || v === undefined) return '–';
    const s = String(v);
    return fieldName ? (f.name?.(fieldName, s) ?? f.word(fieldName, s)) : s;
  };
  const list = (v: unknown, fieldName: string, type: 'disjunction' | 'unit') =>
    f.list(
      (Array.isArray(v) ? (v as unknown[]) : [v]).map((x) => value(x, fieldName)),
      type,
    );
  const condition = (r: RuleLike): string => {
    const base = { field: field(r.field) };
    switch (r.operator) {
      case 'equals':
        return t('criteria.cond.equals', { ...base, value: value(r.value, r.field) });
      case 'in':
        return t('criteria.cond.in', { ...base, values: list(r.value, r.field, 'disjunction') });
      case 'not_in':
        return t('criteria.cond.notIn', { ...base, values: list(r.value, r.field, 'unit') });
      case 'contains':
        return t('criteria.cond.contains', { ...base, value: value(r.value) });
      case 'starts_with':
        return t('criteria.cond.startsWith', { ...base, value: value(r.value) });
      case 'range': {
        const { min, max } = (r.value ?? {}) as { min?: number; max?: number };
        if (min !== undefined && max !== undefined) return t('criteria.cond.rangeBoth', { ...base, min: value(min), max: value(max) });
        if (min !== undefined) return t('criteria.cond.rangeMin', { ...base, min: value(min) });
        return t('criteria.cond.rangeMax', { ...base, max: value(max) });
      }
      case 'exists':
        return t('criteria.cond.exists', base);
      case 'missing':
        return t('criteria.cond.missing', base);
    }
  };
  const points = (n: number) => f.number(n, { signDisplay: 'exceptZero', maximumFractionDigits: 2 });
  const days = (n: number | null) => (n === null ? '–' : t('criteria.days', { count: n, days: f.number(n) }));
  const facts: RuleWords['facts'] = (rule, changed) => {
    const out: { key: string; text: string }[] = [{ key: 'condition', text: rule.kind === 'sql' ? field(rule.field) : condition(rule) }];
    if (rule.kind === 'fit') out.push({ key: 'points', text: t('criteria.facts.points', { points: points(rule.points) }) });
    if (rule.kind === 'disqualifier') out.push({ key: 'points', text: t('criteria.facts.veto') });
    if (rule.kind === 'engagement') {
      out.push({ key: 'points', text: t('criteria.facts.perTouch', { points: points(rule.points) }) });
      out.push({ key: 'cap', text: rule.cap === null ? t('criteria.facts.noCap') : t('criteria.facts.cap', { cap: value(rule.cap) }) });
      if (rule.decayHalfLifeDays !== null) out.push({ key: 'halfLife', text: t('criteria.facts.halfLife', { days: days(rule.decayHalfLifeDays) }) });
      else if (changed?.has('halfLife')) out.push({ key: 'halfLife', text: t('criteria.facts.noDecay') });
      if (rule.windowDays !== null) out.push({ key: 'window', text: t('criteria.facts.window', { days: days(rule.windowDays) }) });
      else if (changed?.has('window')) out.push({ key: 'window', text: t('criteria.facts.noWindow') });
    }
    return out;
  };
  const propValue = (prop: string, v: unknown, ruleField?: string): string => {
    if (v === null || v === undefined) return t('criteria.diff.none');
    switch (prop) {
      case 'points':
        return points(Number(v));
      case 'operator': {
        const op = OperatorSchema.safeParse(v);
        return op.success ? t(OPERATOR_LABEL[op.data]) : String(v);
      }
      case 'field':
        return field(String(v));
      case 'decayHalfLifeDays':
      case 'windowDays':
        return days(Number(v));
      case 'value':
        if (Array.isArray(v))
          return f.list(
            v.map((x) => value(x, ruleField)),
            'unit',
          );
        if (typeof v === 'object') {
          const r = v as { min?: number; max?: number };
          return `${r.min === undefined ? '…' : value(r.min)}–${r.max === undefined ? '…' : value(r.max)}`;
        }
        return value(v, ruleField);
      default:
        return value(v);
    }
  };
  const sla = (hours: number, business: boolean) => t(business ? 'criteria.details.slaBusiness' : 'criteria.details.slaValue', { hours: f.number(hours), count: hours });
  return { field, value, condition, points, days, facts, propValue, sla };
}

/** A rule whose condition may not be stored (evidence from before it was kept): its words, else its label. */
export function conditionOr(words: RuleWords, r: { label: string; field?: string | undefined; operator?: string | undefined; value?: unknown }): string {
  const op = OperatorSchema.safeParse(r.operator);
  return r.field !== undefined && op.success ? words.condition({ field: r.field, operator: op.data, value: r.value as Rule['value'] }) : r.label;
}

/** One line of what a version changes: a rule added, removed or changed, a level threshold, the SLA. */
export interface ChangeLine {
  type: 'added' | 'removed' | 'changed';
  /** The rule's kind; null for a level threshold or the SLA. */
  kind: RuleKind | null;
  /** The rule's label as typed, or the level or SLA as named in the reader's language. */
  label: string;
  /** Added or removed: the rule's facts; changed: "Points: +10 → +5", one per property. */
  details: string[];
}

/**
 * A version diff as lines in the reader's words: level thresholds and the SLA first, then the rules
 * by kind (fit, engagement, disqualifiers, SQL checklist), changed before removed before added, as
 * the Compare page lists them.
 */
export interface DiffLike {
  added: readonly Rule[];
  removed: readonly Rule[];
  changed: readonly { label: string; kind: RuleKind; changes: readonly { field: string; from: unknown; to: unknown }[]; ruleFieldFrom?: string; ruleFieldTo?: string }[];
  levels: readonly { name: string; from: number | null; to: number | null }[];
  sla: { from: number; to: number; businessHoursFrom: boolean; businessHoursTo: boolean } | null;
}

export function changeLines(d: DiffLike, words: RuleWords, t: WordsFormat['t']): ChangeLine[] {
  const atLeast = (x: number | null) => (x === null ? t('criteria.diff.absent') : t('criteria.levels.atLeast', { points: words.value(x) }));
  const arrow = (prop: string, from: string, to: string) => t('criteria.diff.change', { prop, from, to });
  const fromTo = (from: string, to: string) => t('criteria.diff.fromTo', { from, to });
  const levels: ChangeLine[] = d.levels.map((l) => ({
    type: l.from === null ? 'added' : l.to === null ? 'removed' : 'changed',
    kind: null,
    label: t('criteria.diff.level', { name: l.name }),
    details: [fromTo(atLeast(l.from), atLeast(l.to))],
  }));
  const sla: ChangeLine[] = d.sla
    ? [{ type: 'changed', kind: null, label: t('criteria.details.sla'), details: [fromTo(words.sla(d.sla.from, d.sla.businessHoursFrom), words.sla(d.sla.to, d.sla.businessHoursTo))] }]
    : [];
  const rules = [
    ...d.changed.map((c) => ({
      type: 'changed' as const,
      kind: c.kind,
      label: c.label,
      details: c.changes.map((x) => arrow(t(RULE_PROP_LABEL[x.field] ?? 'criteria.prop.value'), words.propValue(x.field, x.from, c.ruleFieldFrom), words.propValue(x.field, x.to, c.ruleFieldTo))),
    })),
    ...d.removed.map((r) => ({ type: 'removed' as const, kind: r.kind, label: r.label, details: words.facts(r).map((x) => x.text) })),
    ...d.added.map((r) => ({ type: 'added' as const, kind: r.kind, label: r.label, details: words.facts(r).map((x) => x.text) })),
  ].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return [...levels, ...sla, ...rules];
}
