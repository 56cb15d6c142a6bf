import {
  fieldType,
  LEAD_FIELDS,
  OperatorSchema,
  RuleSchema,
  SQL_FIELDS,
  TOUCHPOINT_FIELDS,
  type Operator,
  type Rule,
  type RuleKind,
} from '../../../../shared/domain/criteria.js';
import { defaultRuleLabel, relabel, type LabelledParts } from '../../../../shared/domain/rule-label.js';
import type { RuleDraft } from '../../hooks/use-criteria.js';
import type { MessageId } from '../../i18n/index.js';

/** The select's entry for "a custom attribute", whose key is typed in a second input. */
export const CUSTOM_FIELD = 'attributes.';

/** What the rule form holds: text as typed, turned into a rule by `toDraft`. */
export interface RuleFormValues {
  id?: string;
  kind: RuleKind;
  label: string;
  /** A lead, touchpoint or BANT field; CUSTOM_FIELD for a custom attribute. */
  field: string;
  attributeKey: string;
  operator: Operator;
  /** equals, contains, starts with. */
  text: string;
  /** in / not in: one value per line. */
  list: string;
  min: string;
  max: string;
  points: string;
  cap: string;
  halfLife: string;
  window: string;
}

export type RuleFormKey = keyof Omit<RuleFormValues, 'id' | 'kind'>;

/** An error for one input: a catalogue message, or the schema's own words. */
export interface FormError {
  id: MessageId | null;
  text: string;
}
export type RuleFormErrors = Partial<Record<RuleFormKey | 'value', FormError>>;

export function fieldOptions(kind: RuleKind): string[] {
  if (kind === 'engagement') return [...TOUCHPOINT_FIELDS];
  if (kind === 'sql') return [...SQL_FIELDS];
  return [...Object.keys(LEAD_FIELDS), CUSTOM_FIELD];
}

/** The field the rule tests, with a custom attribute's key put back in. */
export const ruleField = (v: Pick<RuleFormValues, 'field' | 'attributeKey'>): string =>
  v.field === CUSTOM_FIELD ? `${CUSTOM_FIELD}${v.attributeKey.trim()}` : v.field;

const PROBE_VALUE: Record<Operator, unknown> = {
  equals: 'x',
  in: ['x'],
  not_in: ['x'],
  contains: 'x',
  starts_with: 'x',
  range: { min: 0 },
  exists: null,
  missing: null,
};

/**
 * The operators that fit a field, as RuleSchema decides: each is tried on a sample rule and kept
 * unless the schema objects to the operator, so the form never offers what the server refuses.
 */
export function operatorsFor(kind: RuleKind, field: string): Operator[] {
  if (kind === 'sql') return ['equals'];
  const probeField = field === CUSTOM_FIELD ? `${CUSTOM_FIELD}key` : field;
  return OperatorSchema.options.filter((operator) => {
    const r = RuleSchema.safeParse({
      id: 'probe',
      kind,
      label: 'probe',
      field: probeField,
      operator,
      value: PROBE_VALUE[operator],
      points: 0,
    });
    return r.success || !r.error.issues.some((i) => i.path[0] === 'operator' || i.path[0] === 'field');
  });
}

/** Whether a value input is needed, and which. */
export type ValueShape = 'text' | 'list' | 'range' | 'none';
export function valueShape(operator: Operator): ValueShape {
  if (operator === 'in' || operator === 'not_in') return 'list';
  if (operator === 'range') return 'range';
  if (operator === 'exists' || operator === 'missing') return 'none';
  return 'text';
}

export const hasPoints = (kind: RuleKind): boolean => kind === 'fit' || kind === 'engagement';

const str = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));

export function emptyRuleForm(kind: RuleKind): RuleFormValues {
  const field = fieldOptions(kind)[0]!;
  return {
    kind,
    label: '',
    field,
    attributeKey: '',
    operator: operatorsFor(kind, field)[0]!,
    text: '',
    list: '',
    min: '',
    max: '',
    points: kind === 'fit' ? '5' : kind === 'engagement' ? '5' : '0',
    cap: '',
    halfLife: '',
    window: '',
  };
}

export function ruleToForm(rule: Rule): RuleFormValues {
  const custom = rule.field.startsWith(CUSTOM_FIELD);
  const v = rule.value;
  const range = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as { min?: number; max?: number }) : {};
  return {
    id: rule.id,
    kind: rule.kind,
    label: rule.label,
    field: custom ? CUSTOM_FIELD : rule.field,
    attributeKey: custom ? rule.field.slice(CUSTOM_FIELD.length) : '',
    operator: rule.operator,
    text: v === null || typeof v === 'object' ? '' : String(v),
    list: Array.isArray(v) ? v.map(String).join('\n') : '',
    min: str(range.min),
    max: str(range.max),
    points: String(rule.points),
    cap: str(rule.cap),
    halfLife: str(rule.decayHalfLifeDays),
    window: str(rule.windowDays),
  };
}

/** Change the field: keep the operator when it still fits, else take the first one that does. */
export function withField(values: RuleFormValues, field: string): RuleFormValues {
  const ops = operatorsFor(values.kind, field);
  return { ...values, field, operator: ops.includes(values.operator) ? values.operator : ops[0]! };
}

const NUMBER_ERROR: FormError = { id: 'criteria.rule.error.number', text: 'Enter a number' };

/** "12" → 12, "" → null (when optional), anything else → an error. */
function parseNumber(text: string, optional: boolean): number | null | FormError {
  const s = text.trim().replace(',', '.');
  if (s === '') return optional ? null : NUMBER_ERROR;
  const n = Number(s);
  return Number.isFinite(n) ? n : NUMBER_ERROR;
}
const isError = (x: unknown): x is FormError => typeof x === 'object' && x !== null && 'text' in x;

const ISSUE_KEY: Record<string, RuleFormKey | 'value'> = {
  label: 'label',
  field: 'attributeKey',
  operator: 'operator',
  value: 'value',
  points: 'points',
  cap: 'cap',
  decayHalfLifeDays: 'halfLife',
  windowDays: 'window',
};

/**
 * The form as the rule the server would store, checked by the very schema the server applies
 * (RuleSchema); errors come back keyed by input.
 */
export function toDraft(
  values: RuleFormValues,
): { ok: true; draft: RuleDraft } | { ok: false; errors: RuleFormErrors } {
  const errors: RuleFormErrors = {};
  const field = ruleField(values);
  const numeric = fieldType(field) === 'number';
  const scalar = (s: string): string | number | FormError => {
    if (!numeric) return s.trim();
    const n = parseNumber(s, false);
    return n === null ? NUMBER_ERROR : n;
  };

  let value: unknown = null;
  switch (valueShape(values.operator)) {
    case 'text':
      value = values.kind === 'sql' ? true : scalar(values.text);
      break;
    case 'list': {
      const items = values.list
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
        .map(scalar);
      value = items.some(isError) ? NUMBER_ERROR : items;
      break;
    }
    case 'range': {
      const min = parseNumber(values.min, true);
      const max = parseNumber(values.max, true);
      if (isError(min)) errors.min = min;
      if (isError(max)) errors.max = max;
      value = { ...(typeof min === 'number' ? { min } : {}), ...(typeof max === 'number' ? { max } : {}) };
      break;
    }
    case 'none':
      value = null;
  }
  if (isError(value)) {
    errors.value = value;
    value = null;
  }

  const points = hasPoints(values.kind) ? parseNumber(values.points, false) : 0;
  if (isError(points)) errors.points = points;
  const engagement = values.kind === 'engagement';
  const cap = engagement ? parseNumber(values.cap, true) : null;
  const halfLife = engagement ? parseNumber(values.halfLife, true) : null;
  const window = engagement ? parseNumber(values.window, true) : null;
  if (isError(cap)) errors.cap = cap;
  if (isError(halfLife)) errors.halfLife = halfLife;
  if (isError(window)) errors.window = window;

  const draft: RuleDraft = {
    ...(values.id ? { id: values.id } : {}),
    kind: values.kind,
    label: values.label,
    field,
    operator: values.operator,
    value,
    points: typeof points === 'number' ? points : 0,
    cap: typeof cap === 'number' ? cap : null,
    decayHalfLifeDays: typeof halfLife === 'number' ? halfLife : null,
    windowDays: typeof window === 'number' ? window : null,
  };
  if (values.field === CUSTOM_FIELD && values.attributeKey.trim() === '') {
    errors.attributeKey = { id: 'criteria.rule.error.attributeKey', text: 'Enter the attribute key' };
  }
  const parsed = RuleSchema.safeParse({ ...draft, id: values.id ?? 'new' });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = ISSUE_KEY[String(issue.path[0] ?? '')] ?? 'label';
      // A range's own check ("min ≤ max") belongs under the range inputs.
      const at = key === 'value' && valueShape(values.operator) === 'range' ? 'max' : key;
      errors[at] ??= { id: null, text: issue.message };
    }
  }
  return Object.keys(errors).length === 0 ? { ok: true, draft } : { ok: false, errors };
}

/**
 * What a rule's label may state about it, read from the form: null while the points (or an
 * engagement rule's cap) are no number yet.
 */
export function labelParts(values: RuleFormValues): LabelledParts | null {
  const points = parseNumber(values.points, false);
  const cap = values.kind === 'engagement' ? parseNumber(values.cap, true) : null;
  if (typeof points !== 'number' || isError(cap)) return null;
  const shape = valueShape(values.operator);
  const value =
    shape === 'text'
      ? values.text.trim()
      : shape === 'list'
        ? values.list
            .split('\n')
            .map((x) => x.trim())
            .filter(Boolean)
        : null;
  return { kind: values.kind, field: ruleField(values), operator: values.operator, value, points, cap };
}

/** The form, and the rule the label was last written for (the rule as opened; null for a new rule). */
export interface RuleFormState {
  values: RuleFormValues;
  labelFor: LabelledParts | null;
}

export const initialFormState = (rule: Rule | null, kind: RuleKind): RuleFormState =>
  rule ? { values: ruleToForm(rule), labelFor: rule } : { values: emptyRuleForm(kind), labelFor: null };

/**
 * The form after an edit. A label that is the app's default for the numbers it was written for
 * (see relabel) follows their change as the user types them; any other label stays as it is, and
 * an edit of the label itself is never overridden. While a number is half-typed ("", "-") the label
 * waits, and follows once it reads as a number again.
 */
export function editForm(state: RuleFormState, next: RuleFormValues): RuleFormState {
  const parts = labelParts(next);
  let values = next;
  if (parts !== null && state.labelFor !== null && next.label === state.values.label) {
    const r = relabel(next.label, state.labelFor, parts);
    if (r.followed) values = { ...next, label: r.label };
  }
  // A label that is (now) the default for these numbers is written for them.
  const labelFor = parts !== null && values.label === defaultRuleLabel(parts) ? parts : state.labelFor;
  return { values, labelFor };
}
