import { z } from 'zod';
import { method } from './method.js';
import { IdSchema, OkSchema, TimestampSchema } from './common.js';
import { LossReasonSchema } from './reasons.js';

export const OutcomeResultSchema = z.enum(['open', 'won', 'lost']);
export type OutcomeResult = z.infer<typeof OutcomeResultSchema>;

const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : [],
);

/** An ISO 4217 code, upper-cased; checked against the runtime's list of currencies where it has one. */
export const CurrencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter ISO currency code, e.g. EUR')
  .refine((c) => KNOWN_CURRENCIES.size === 0 || KNOWN_CURRENCIES.has(c), { message: 'Not an ISO 4217 currency code' });

export const OutcomeRowSchema = z.object({
  id: IdSchema,
  leadId: IdSchema.nullable(),
  leadName: z.string().nullable(),
  leadEmail: z.string().nullable(),
  company: z.string().nullable(),
  campaignName: z.string().nullable(),
  externalId: z.string().nullable(),
  openedAt: TimestampSchema.nullable(),
  closedAt: TimestampSchema.nullable(),
  result: OutcomeResultSchema,
  amount: z.number().nullable(),
  currency: z.string(),
  lossReasonId: IdSchema.nullable(),
  lossReasonLabel: z.string().nullable(),
  competitor: z.string().nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type OutcomeRow = z.infer<typeof OutcomeRowSchema>;

export const OutcomeFiltersSchema = z
  .object({
    results: z.array(OutcomeResultSchema).max(3).optional(),
    /** On the outcome's date: its close date, else its open date, else when it was recorded. */
    from: TimestampSchema.optional(),
    to: TimestampSchema.optional(),
    lossReasonId: IdSchema.optional(),
    competitor: z.string().trim().min(1).max(200).optional(),
    campaignId: IdSchema.optional(),
    /** Matches the lead's name, email or company, or the opportunity id (case-insensitive substring). */
    q: z.string().trim().max(200).optional(),
  })
  .strict();
export type OutcomeFilters = z.infer<typeof OutcomeFiltersSchema>;

export const OUTCOME_SORT_COLUMNS = ['date', 'amount', 'createdAt'] as const;
export const OutcomeCursorSchema = z.object({ value: z.number(), id: IdSchema }).strict();
export type OutcomeCursor = z.infer<typeof OutcomeCursorSchema>;

export const OutcomeListInputSchema = z
  .object({
    filters: OutcomeFiltersSchema.default({}),
    sort: z
      .object({ column: z.enum(OUTCOME_SORT_COLUMNS), dir: z.enum(['asc', 'desc']) })
      .strict()
      .default({ column: 'date', dir: 'desc' }),
    cursor: OutcomeCursorSchema.nullable().default(null),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type OutcomeListInput = z.input<typeof OutcomeListInputSchema>;

/** How a manual entry names its lead: exactly one of the lead's id, its CRM external id or its email. */
export const LeadRefSchema = z
  .object({
    id: IdSchema.optional(),
    externalId: z.string().trim().min(1).max(200).optional(),
    email: z.string().trim().email('Not an email address').max(320).optional(),
  })
  .strict()
  .refine((r) => [r.id, r.externalId, r.email].filter((x) => x !== undefined).length === 1, {
    message: 'Name the lead by exactly one of id, external id or email',
  });
export type LeadRef = z.infer<typeof LeadRefSchema>;

const OutcomeFieldsSchema = z.object({
  lead: LeadRefSchema,
  externalId: z.string().trim().min(1).max(200).nullable().default(null),
  result: OutcomeResultSchema,
  openedAt: TimestampSchema.nullable().default(null),
  closedAt: TimestampSchema.nullable().default(null),
  amount: z.number().finite().min(0, 'An amount cannot be negative').nullable().default(null),
  currency: CurrencySchema.default('USD'),
  lossReasonId: IdSchema.nullable().default(null),
  competitor: z.string().trim().max(200).nullable().default(null),
});

/** The rules every saved outcome obeys, whether new or edited (checked on the merged record). */
export function outcomeIssues(o: {
  result: OutcomeResult;
  openedAt: number | null;
  closedAt: number | null;
  lossReasonId: string | null;
}): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (o.openedAt !== null && o.closedAt !== null && o.closedAt < o.openedAt)
    issues.push({ path: 'closedAt', message: 'The close date cannot be before the open date' });
  if (o.lossReasonId !== null && o.result !== 'lost')
    issues.push({ path: 'lossReasonId', message: 'Only a lost outcome has a loss reason' });
  if (o.result !== 'open' && o.closedAt === null)
    issues.push({ path: 'closedAt', message: `A ${o.result} outcome needs its close date` });
  if (o.result === 'open' && o.closedAt !== null)
    issues.push({ path: 'closedAt', message: 'An open outcome has no close date yet' });
  return issues;
}

export const OutcomeDraftSchema = OutcomeFieldsSchema.strict().superRefine((o, ctx) => {
  for (const i of outcomeIssues(o)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
});
export type OutcomeDraft = z.input<typeof OutcomeDraftSchema>;

/** Only what is given changes (no defaults here: an omitted field keeps its stored value). */
export const OutcomePatchSchema = z
  .object({
    lead: LeadRefSchema.optional(),
    externalId: z.string().trim().min(1).max(200).nullable().optional(),
    result: OutcomeResultSchema.optional(),
    openedAt: TimestampSchema.nullable().optional(),
    closedAt: TimestampSchema.nullable().optional(),
    amount: z.number().finite().min(0, 'An amount cannot be negative').nullable().optional(),
    currency: CurrencySchema.optional(),
    lossReasonId: IdSchema.nullable().optional(),
    competitor: z.string().trim().max(200).nullable().optional(),
  })
  .strict();
export type OutcomePatch = z.input<typeof OutcomePatchSchema>;

export const LossReasonDraftSchema = z
  .object({
    label: z.string().trim().min(1, 'A loss reason needs a label').max(120),
    /** Stable code for imports and exports; made from the label when left out. */
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9_]{1,60}$/, 'Use lower-case letters, digits and underscores')
      .optional(),
  })
  .strict();

const ById = z.object({ id: IdSchema }).strict();

export const outcomes = {
  list: method(
    'outcomes:list',
    OutcomeListInputSchema,
    z.object({ rows: z.array(OutcomeRowSchema), nextCursor: OutcomeCursorSchema.nullable(), total: z.number().int() }),
  ),
  get: method('outcomes:get', ById, OutcomeRowSchema),
  create: method('outcomes:create', OutcomeDraftSchema, OutcomeRowSchema),
  update: method('outcomes:update', z.object({ id: IdSchema, patch: OutcomePatchSchema }).strict(), OutcomeRowSchema),
  /** Soft delete: the row stays for sync and audit, and leaves every list and report. */
  remove: method('outcomes:remove', ById, OkSchema),
  createLossReason: method('outcomes:createLossReason', LossReasonDraftSchema, LossReasonSchema),
  updateLossReason: method(
    'outcomes:updateLossReason',
    z.object({ id: IdSchema, patch: z.object({ label: LossReasonDraftSchema.shape.label.optional(), active: z.boolean().optional() }).strict() }).strict(),
    LossReasonSchema,
  ),
  /** A reason in use stays on its outcomes; deactivated, it is no longer offered for new ones. */
  deactivateLossReason: method('outcomes:deactivateLossReason', ById, LossReasonSchema),
};
