import { z } from 'zod';
import { method } from './method.js';
import { IdSchema, TimestampSchema } from './common.js';
import { ExportResultSchema } from './exports.js';

/**
 * The win/loss reports. Every report takes the same filters and returns plain data (the CLI prints
 * it as JSON or CSV, the insights views chart it). What each number means is in
 * shared/domain/metric-definitions.ts.
 */
export const ReportFiltersSchema = z
  .object({
    /** Inclusive start and exclusive end, ms UTC; which date each report filters on is in its definition. */
    from: TimestampSchema.optional(),
    to: TimestampSchema.optional(),
    /** Criteria version number: leads whose first handoff was under it (lift and calibration: the version analysed). */
    version: z.number().int().min(1).optional(),
    campaignId: IdSchema.optional(),
    channel: z.string().trim().min(1).max(80).optional(),
    repId: IdSchema.optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from < f.to, {
    message: 'The date range must end after it starts',
    path: ['to'],
  });
export type ReportFilters = z.infer<typeof ReportFiltersSchema>;

const Filters = { filters: ReportFiltersSchema.default({}) };
const Rate = z.number().nullable();
const IntervalSchema = z.object({ low: z.number(), high: z.number() }).nullable();

export const REPORT_NAMES = ['funnel', 'velocity', 'offers', 'reasons', 'lift', 'calibration', 'sla'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

// funnel
export const FunnelRowSchema = z.object({
  cohort: z.string(),
  leads: z.number().int(),
  mql: z.number().int(),
  sal: z.number().int(),
  sql: z.number().int(),
  won: z.number().int(),
  leadToMql: Rate,
  mqlToSal: Rate,
  salToSql: Rate,
  sqlToWon: Rate,
  /** Cumulative: of the cohort's leads, the share that reached the stage. */
  cumulativeMql: Rate,
  cumulativeSal: Rate,
  cumulativeSql: Rate,
  cumulativeWon: Rate,
});
export type FunnelRow = z.infer<typeof FunnelRowSchema>;
export const FunnelSchema = z.object({ rows: z.array(FunnelRowSchema), total: FunnelRowSchema });
export type Funnel = z.infer<typeof FunnelSchema>;

// velocity
export const VELOCITY_STEPS = ['leadToMql', 'mqlToSal', 'salToSql', 'sqlToWon', 'leadToWon'] as const;
export const VelocityRowSchema = z.object({
  step: z.enum(VELOCITY_STEPS),
  n: z.number().int(),
  medianDays: z.number().nullable(),
  p80Days: z.number().nullable(),
});
export const VelocitySchema = z.object({ rows: z.array(VelocityRowSchema) });
export type Velocity = z.infer<typeof VelocitySchema>;

// offers
export const AttributionSchema = z.enum(['first', 'last']);
export type Attribution = z.infer<typeof AttributionSchema>;
export const OFFER_GROUPS = ['offer', 'campaign', 'channel', 'landingPage'] as const;
export const OfferRowSchema = z.object({
  group: z.enum(OFFER_GROUPS),
  key: z.string().nullable(),
  label: z.string(),
  mqls: z.number().int(),
  sals: z.number().int(),
  sqls: z.number().int(),
  won: z.number().int(),
  salRate: Rate,
  sqlRate: Rate,
  wonRate: Rate,
  revenue: z.number(),
  revenuePerMql: Rate,
  cost: z.number(),
  costPerMql: Rate,
  cac: Rate,
  roi: Rate,
});
export type OfferRow = z.infer<typeof OfferRowSchema>;
export const OffersSchema = z.object({
  attribution: AttributionSchema,
  /** Currencies of the won amounts summed into revenue (as recorded). */
  currencies: z.array(z.string()),
  /**
   * What revenue and cost are in (Settings); null: amounts summed as recorded, so more than one
   * currency above means the sums mix currencies.
   */
  reportingCurrency: z.string().nullable(),
  /** Currencies of won deals or costs in the report left out for want of a rate to the reporting currency. */
  unconverted: z.array(z.string()),
  /** Campaigns' own costs (ads, events: spend tied to no one offer), in the rows by campaign and channel only. */
  campaignCost: z.number(),
  rows: z.array(OfferRowSchema),
});
export type Offers = z.infer<typeof OffersSchema>;

// reasons
export const REASON_SPLITS = ['offer', 'campaign', 'channel', 'version', 'rep', 'competitor'] as const;
export const ReasonBarSchema = z.object({
  kind: z.enum(['rejection', 'loss']),
  reasonId: IdSchema.nullable(),
  code: z.string().nullable(),
  label: z.string(),
  count: z.number().int(),
  share: z.number(),
  cumulativeShare: z.number(),
  splits: z.array(z.object({ key: z.string().nullable(), label: z.string(), count: z.number().int() })),
});
export type ReasonBar = z.infer<typeof ReasonBarSchema>;
export const ReasonsSchema = z.object({
  rejected: z.number().int(),
  decided: z.number().int(),
  lost: z.number().int(),
  closed: z.number().int(),
  rejection: z.array(ReasonBarSchema),
  loss: z.array(ReasonBarSchema),
});
export type Reasons = z.infer<typeof ReasonsSchema>;

// lift
export const LiftRowSchema = z.object({
  kind: z.enum(['rule', 'value']),
  /** Rule id, or the field value (null: the field is empty). */
  key: z.string().nullable(),
  label: z.string(),
  ruleKind: z.enum(['fit', 'engagement', 'disqualifier']).nullable(),
  n: z.number().int(),
  won: z.number().int(),
  winRate: Rate,
  interval: IntervalSchema,
  otherN: z.number().int(),
  otherWon: z.number().int(),
  otherWinRate: Rate,
  otherInterval: IntervalSchema,
  lift: Rate,
});
export type LiftRow = z.infer<typeof LiftRowSchema>;
export const LiftSchema = z.object({
  version: z.number().int(),
  field: z.string().nullable(),
  population: z.number().int(),
  won: z.number().int(),
  rows: z.array(LiftRowSchema),
  /** SQL-checklist rules are ticked per handoff, not matched on leads: listed, not analysed. */
  skippedRules: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type Lift = z.infer<typeof LiftSchema>;
export const LIFT_FIELDS = [
  'country',
  'industry',
  'employees',
  'jobTitle',
  'seniority',
  'source',
  'domain',
  'offer',
  'offerType',
  'campaign',
  'channel',
  'owner',
] as const;
export const LiftFieldSchema = z.union([
  z.enum(LIFT_FIELDS),
  z.string().regex(/^attributes\.[A-Za-z0-9_ .-]{1,60}$/, 'Use a lead field or attributes.<key>'),
]);

// calibration
export const CalibrationRowSchema = z.object({
  decile: z.number().int(),
  n: z.number().int(),
  won: z.number().int(),
  minScore: z.number(),
  maxScore: z.number(),
  meanScore: z.number(),
  winRate: Rate,
  interval: IntervalSchema,
});
export const CalibrationSchema = z.object({
  version: z.number().int(),
  scored: z.number().int(),
  /** Live leads in the report's scope: a version that stored scores only for some of them (the leads it qualified) is calibrated on those alone. */
  leads: z.number().int(),
  won: z.number().int(),
  rows: z.array(CalibrationRowSchema),
});
export type Calibration = z.infer<typeof CalibrationSchema>;

// sla
export const SlaRowSchema = z.object({
  repId: IdSchema.nullable(),
  repName: z.string(),
  handoffs: z.number().int(),
  pending: z.number().int(),
  pendingBreached: z.number().int(),
  decided: z.number().int(),
  decidedLate: z.number().int(),
  breached: z.number().int(),
  breachRate: Rate,
  medianHoursToDecision: z.number().nullable(),
  p80HoursToDecision: z.number().nullable(),
});
export type SlaRow = z.infer<typeof SlaRowSchema>;
export const SlaSchema = z.object({ asOf: TimestampSchema, total: SlaRowSchema, rows: z.array(SlaRowSchema) });
export type Sla = z.infer<typeof SlaSchema>;

/** One report's table to a CSV file: the report's own inputs (those that do not apply are ignored). */
export const ReportExportInputSchema = z
  .object({
    report: z.enum(REPORT_NAMES),
    ...Filters,
    attribution: AttributionSchema.default('first'),
    splitBy: z.enum(REASON_SPLITS).nullable().default(null),
    field: LiftFieldSchema.nullable().default(null),
    asOf: TimestampSchema.optional(),
  })
  .strict();
export type ReportExportInput = z.infer<typeof ReportExportInputSchema>;

export const reports = {
  funnel: method('reports:funnel', z.object(Filters).strict(), FunnelSchema),
  velocity: method('reports:velocity', z.object(Filters).strict(), VelocitySchema),
  offers: method(
    'reports:offers',
    z.object({ ...Filters, attribution: AttributionSchema.default('first') }).strict(),
    OffersSchema,
  ),
  reasons: method(
    'reports:reasons',
    z.object({ ...Filters, splitBy: z.enum(REASON_SPLITS).nullable().default(null) }).strict(),
    ReasonsSchema,
  ),
  lift: method('reports:lift', z.object({ ...Filters, field: LiftFieldSchema.nullable().default(null) }).strict(), LiftSchema),
  calibration: method('reports:calibration', z.object(Filters).strict(), CalibrationSchema),
  /** `asOf` (default now) decides which pending handoffs are past due. */
  sla: method('reports:sla', z.object({ ...Filters, asOf: TimestampSchema.optional() }).strict(), SlaSchema),
  exportCsv: method('reports:exportCsv', ReportExportInputSchema, ExportResultSchema),
};
