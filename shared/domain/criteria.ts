import { z } from 'zod';

/**
 * The criteria vocabulary both teams sign. Fit and disqualifier rules test a lead field; engagement
 * rules count touchpoints; SQL rules are the BANT checklist sales ticks. Values are JSON so a rule
 * survives export, import and sync unchanged.
 */
export const RuleKindSchema = z.enum(['fit', 'engagement', 'disqualifier', 'sql']);
export type RuleKind = z.infer<typeof RuleKindSchema>;

export const OperatorSchema = z.enum(['equals', 'in', 'not_in', 'contains', 'starts_with', 'range', 'exists', 'missing']);
export type Operator = z.infer<typeof OperatorSchema>;

export type FieldType = 'text' | 'number' | 'any';

/** Lead fields a rule may test; custom attributes are `attributes.<key>` and may hold text or numbers. */
export const LEAD_FIELDS: Readonly<Record<string, FieldType>> = {
  email: 'text',
  name: 'text',
  company: 'text',
  domain: 'text',
  country: 'text',
  industry: 'text',
  employees: 'number',
  jobTitle: 'text',
  seniority: 'text',
  budget: 'number',
  source: 'text',
};

/** What an engagement rule can match a touchpoint on. */
export const TOUCHPOINT_FIELDS = ['touchpoint.type', 'offer.id', 'offer.type', 'campaign.id', 'channel'] as const;
export const SQL_FIELDS = ['bant.budget', 'bant.authority', 'bant.need', 'bant.timing'] as const;

const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  text: ['equals', 'in', 'not_in', 'contains', 'starts_with', 'exists', 'missing'],
  number: ['equals', 'in', 'not_in', 'range', 'exists', 'missing'],
  any: OperatorSchema.options,
};

export function fieldType(field: string): FieldType | null {
  if (field.startsWith('attributes.') && field.length > 'attributes.'.length) return 'any';
  return LEAD_FIELDS[field] ?? null;
}

export const RangeSchema = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, 'A range needs a min, a max or both')
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'A range needs min ≤ max');

const Scalar = z.union([z.string().max(500), z.number().finite(), z.boolean()]);
export type Scalar = z.infer<typeof Scalar>;

export const RuleSchema = z
  .object({
    id: z.string().min(1),
    kind: RuleKindSchema,
    label: z.string().trim().min(1, 'A rule needs a label').max(200),
    field: z.string().min(1).max(120),
    operator: OperatorSchema,
    value: z.union([Scalar, z.array(Scalar).max(500), RangeSchema, z.null()]),
    points: z.number().finite().min(-1000).max(1000),
    cap: z.number().finite().min(0, 'A cap cannot be negative').nullable().default(null),
    decayHalfLifeDays: z.number().finite().positive('A half-life must be more than 0 days').nullable().default(null),
    windowDays: z.number().finite().positive('A window must be more than 0 days').nullable().default(null),
  })
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (r.kind === 'engagement') {
      if (!(TOUCHPOINT_FIELDS as readonly string[]).includes(r.field)) {
        issue('field', `Engagement rules match ${TOUCHPOINT_FIELDS.join(', ')}; "${r.field}" is not one of them`);
      }
      if (r.operator !== 'equals' && r.operator !== 'in') issue('operator', `Engagement rules use "equals" or "in", not "${r.operator}"`);
    } else if (r.kind === 'sql') {
      if (!(SQL_FIELDS as readonly string[]).includes(r.field)) issue('field', `SQL rules are one of ${SQL_FIELDS.join(', ')}`);
    } else {
      const type = fieldType(r.field);
      if (type === null) {
        issue('field', `Unknown lead field "${r.field}"`);
        return;
      }
      if (!OPERATORS_BY_TYPE[type].includes(r.operator)) {
        issue('operator', `"${r.operator}" does not fit ${type} field "${r.field}"`);
      }
      if (r.cap !== null || r.decayHalfLifeDays !== null || r.windowDays !== null) {
        issue('cap', 'Cap, decay and window apply to engagement rules only');
      }
    }
    const v = r.value;
    switch (r.operator) {
      case 'in':
      case 'not_in':
        if (!Array.isArray(v) || v.length === 0) issue('value', `"${r.operator}" needs a non-empty list of values`);
        break;
      case 'range':
        if (v === null || typeof v !== 'object' || Array.isArray(v)) issue('value', '"range" needs {min, max}');
        break;
      case 'exists':
      case 'missing':
        if (v !== null) issue('value', `"${r.operator}" takes no value`);
        break;
      case 'contains':
      case 'starts_with':
        if (typeof v !== 'string' || v.length === 0) issue('value', `"${r.operator}" needs some text`);
        break;
      case 'equals':
        if (v === null || typeof v === 'object') issue('value', '"equals" needs one value');
        break;
    }
  });
export type Rule = z.infer<typeof RuleSchema>;
export type RuleInput = z.input<typeof RuleSchema>;

export const LevelSchema = z.object({ name: z.string().trim().min(1).max(40), threshold: z.number().finite() }).strict();
export type Level = z.infer<typeof LevelSchema>;

export const LevelsSchema = z
  .array(LevelSchema)
  .min(1, 'At least one MQL level is needed')
  .max(5)
  .superRefine((levels, ctx) => {
    const names = new Set<string>();
    const thresholds = new Set<number>();
    levels.forEach((l, i) => {
      if (names.has(l.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `Level "${l.name}" appears twice` });
      if (thresholds.has(l.threshold)) {
        ctx.addIssue({ code: 'custom', path: [i, 'threshold'], message: `Two levels share the threshold ${l.threshold}` });
      }
      names.add(l.name);
      thresholds.add(l.threshold);
    });
  });

/** What scoring needs of a version. */
export interface ScoringVersion {
  id: string;
  levels: readonly Level[];
  rules: readonly Rule[];
}
