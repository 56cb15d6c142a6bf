import { z } from 'zod';
import { method } from './method.js';
import { TimestampSchema } from './common.js';
import { VersionDetailSchema } from './criteria.js';

/** Suggested points learnt from history, and a draft version made from them. */
const IntervalSchema = z.object({ low: z.number(), high: z.number() }).nullable();

export const SuggestParamsSchema = z
  .object({
    outcome: z.enum(['won', 'accepted']).default('won'),
    /** Leads decided from this moment on are the holdout; default the latest quarter of them. */
    holdoutFrom: TimestampSchema.optional(),
    /** Share of leads the draft's lowest MQL level should qualify. */
    mqlRate: z.number().gt(0).lt(1).default(0.2),
    decisionDays: z.number().int().min(0).max(3650).default(30),
    /** Rule fields left out (e.g. a column that records the outcome). */
    exclude: z.array(z.string().min(1).max(120)).max(200).default([]),
  })
  .strict();
export type SuggestParams = z.infer<typeof SuggestParamsSchema>;

export const SuggestedRuleSchema = z.object({
  kind: z.enum(['fit', 'engagement']),
  label: z.string(),
  field: z.string(),
  operator: z.string(),
  value: z.unknown(),
  points: z.number().int(),
  weight: z.number(),
  n: z.number().int(),
  wins: z.number().int(),
  winRate: z.number().nullable(),
  interval: IntervalSchema,
});
export type SuggestedRule = z.infer<typeof SuggestedRuleSchema>;

const Period = { n: z.number().int(), wins: z.number().int(), from: TimestampSchema, to: TimestampSchema };

export const SuggestionSchema = z.object({
  outcome: z.enum(['won', 'accepted']),
  method: z.enum(['logistic_l2', 'naive_bayes']),
  lambda: z.number().nullable(),
  intercept: z.number(),
  pointsPerLogit: z.number(),
  rules: z.array(SuggestedRuleSchema),
  skipped: z.array(z.object({ field: z.string(), why: z.string() })),
  train: z.object(Period),
  holdout: z.object({
    ...Period,
    auc: z.number().nullable(),
    pointsAuc: z.number().nullable(),
    brier: z.number(),
    calibration: z.array(z.object({ n: z.number().int(), meanPredicted: z.number(), observed: z.number(), interval: IntervalSchema })),
  }),
  /** The draft's MQL levels for the asked volume, from the rounded points of every lead. */
  levels: z.array(z.object({ name: z.string(), threshold: z.number() })),
  mqlRate: z.number(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

/** A suggestion job's state; a cancelled one has no result (it never wrote anything either). */
export const SuggestStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('running') }),
  z.object({ state: z.literal('cancelled'), error: z.string() }),
  z.object({ state: z.literal('failed'), error: z.string() }),
  z.object({ state: z.literal('done'), result: SuggestionSchema }),
]);
export type SuggestStatus = z.infer<typeof SuggestStatusSchema>;

/**
 * Suggestions run as a read-only job (progress, Cancel), so a large history does not hold up the
 * app: start one, then poll its result. The CLI calls the service directly.
 */
export const suggest = {
  start: method('suggest:start', SuggestParamsSchema, z.object({ jobId: z.string() })),
  result: method('suggest:result', z.object({ jobId: z.string().min(1).max(64) }).strict(), SuggestStatusSchema),
  createDraft: method(
    'suggest:createDraft',
    z
      .object({
        params: SuggestParamsSchema,
        name: z.string().trim().min(1).max(120).optional(),
        /** A finished suggest job of this session with these params: the draft is made from its result, not learnt again. */
        jobId: z.string().min(1).max(64).optional(),
      })
      .strict(),
    z.object({ version: VersionDetailSchema, suggestion: SuggestionSchema }),
  ),
};
