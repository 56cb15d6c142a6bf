import { z } from 'zod';
import { method } from './method.js';
import { IdSchema, TimestampSchema } from './common.js';
import { VersionStatusSchema } from './criteria.js';

/**
 * Backtest: a version scored over history as of each lead's decision moment, against what happened.
 * It runs as a job (progress, cancel); the result is kept in memory by the main process for the
 * session and never written to the workspace.
 */
const Rate = z.number().nullable();
const IntervalSchema = z.object({ low: z.number(), high: z.number() }).nullable();

export const BacktestParamsSchema = z
  .object({
    versionId: IdSchema,
    /** The version to compare with; default the active one (none when there is no active version). */
    compareToId: IdSchema.optional(),
    /** Leads created in [from, to), ms UTC. */
    from: TimestampSchema.optional(),
    to: TimestampSchema.optional(),
    /** Leads never handed off are judged this many days after creation. */
    decisionDays: z.number().int().min(0).max(3650).default(30),
  })
  .strict()
  .refine((p) => p.from === undefined || p.to === undefined || p.from < p.to, { message: 'The period must end after it starts', path: ['to'] });
export type BacktestParams = z.infer<typeof BacktestParamsSchema>;

export const ProbabilityBandSchema = z.object({
  minScore: z.number(),
  maxScore: z.number(),
  n: z.number().int(),
  won: z.number().int(),
  probability: z.number(),
  interval: IntervalSchema,
});
export type ProbabilityBandDto = z.infer<typeof ProbabilityBandSchema>;

const ReasonCountSchema = z.object({ code: z.string(), label: z.string(), count: z.number().int() });

export const VersionBacktestSchema = z.object({
  leads: z.number().int(),
  mqls: z.number().int(),
  mqlRate: Rate,
  /** 'YYYY-MM' (UTC) of each lead's creation, every month from the first to the last with leads. */
  monthly: z.array(z.object({ month: z.string(), mqls: z.number().int(), leads: z.number().int() })),
  handedOff: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  pending: z.number().int(),
  notHandedOff: z.number().int(),
  acceptanceRate: Rate,
  rejectReasons: z.array(ReasonCountSchema),
  sql: z.number().int(),
  sqlRate: Rate,
  won: z.number().int(),
  winRate: Rate,
  revenue: z.number(),
  confusion: z.object({ tp: z.number().int(), fp: z.number().int(), fn: z.number().int(), tn: z.number().int() }),
  missedWon: z.object({
    count: z.number().int(),
    revenue: z.number(),
    leads: z.array(
      z.object({
        leadId: IdSchema,
        name: z.string(),
        company: z.string(),
        revenue: z.number(),
        total: z.number(),
        shortBy: z.number().nullable(),
        disqualifiedBy: z.string().nullable(),
        unmet: z.array(z.string()),
        otherCaught: z.boolean().nullable(),
        /** An MQL under the compared version only: the points it has fewer here, and the rules that gave less (optional: results from before kept none). */
        lost: z.object({ points: z.number(), rules: z.array(z.object({ label: z.string(), points: z.number() })) }).optional(),
        /** The same lead, when this version's lowest MQL threshold is higher than the compared one's. */
        threshold: z.object({ from: z.number(), to: z.number() }).optional(),
      }),
    ),
  }),
  avoidedRejections: z.object({
    count: z.number().int(),
    byReason: z.array(ReasonCountSchema),
    leads: z.array(
      z.object({
        leadId: IdSchema,
        name: z.string(),
        company: z.string(),
        total: z.number(),
        reasonCode: z.string().nullable(),
        reasonLabel: z.string().nullable(),
      }),
    ),
  }),
  probability: z.array(ProbabilityBandSchema),
});
export type VersionBacktestDto = z.infer<typeof VersionBacktestSchema>;

export const BacktestVersionRefSchema = z.object({ id: IdSchema, number: z.number().int(), name: z.string(), status: VersionStatusSchema, ruleCount: z.number().int() });

export const BacktestDifferenceSchema = z.object({
  handoffsPct: Rate,
  wonDeals: z.number().int(),
  acceptancePts: Rate,
  sqlRatePts: Rate,
  winRatePts: Rate,
  revenue: z.number(),
  missedWon: z.number().int(),
  avoidedRejections: z.number().int(),
});

export const BacktestResultSchema = z.object({
  version: BacktestVersionRefSchema,
  baseline: BacktestVersionRefSchema.nullable(),
  params: z.object({ from: TimestampSchema.nullable(), to: TimestampSchema.nullable(), decisionDays: z.number().int() }),
  computedAt: TimestampSchema,
  /** Leads in the period with a won or lost outcome, and with a handoff decision. */
  outcomes: z.object({ won: z.number().int(), lost: z.number().int(), decided: z.number().int() }),
  candidate: VersionBacktestSchema,
  baselineResult: VersionBacktestSchema.nullable(),
  difference: BacktestDifferenceSchema.nullable(),
  /** Why a number may mislead (a period with no outcomes, a version without rules). */
  warnings: z.array(z.string()),
});
export type BacktestResult = z.infer<typeof BacktestResultSchema>;

export const BacktestStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('running') }),
  z.object({ state: z.literal('failed'), error: z.string() }),
  z.object({ state: z.literal('done'), result: BacktestResultSchema }),
]);

export const ProbabilityCurveSchema = z.object({
  version: z.number().int(),
  /** Leads whose current score under the version was set against their outcome. */
  scored: z.number().int(),
  won: z.number().int(),
  bands: z.array(ProbabilityBandSchema),
});
export type ProbabilityCurve = z.infer<typeof ProbabilityCurveSchema>;

export const backtest = {
  start: method('backtest:start', BacktestParamsSchema, z.object({ jobId: z.string() })),
  result: method('backtest:result', z.object({ jobId: z.string().min(1).max(64) }).strict(), BacktestStatusSchema),
  /** The latest result for a version in this session, if any (the in-memory cache). */
  latest: method('backtest:latest', z.object({ versionId: IdSchema }).strict(), BacktestResultSchema.nullable()),
  probability: method('backtest:probability', z.object({ versionId: IdSchema }).strict(), ProbabilityCurveSchema),
};
