import { z } from 'zod';
import { method } from './method.js';
import { IdSchema, OfferTypeSchema, StageSchema, TimestampSchema } from './common.js';
import { OutcomeResultSchema } from './outcomes.js';
import { ReasonActionSchema, ReasonBlameSchema } from './reasons.js';

export const HandoffDecisionSchema = z.enum(['pending', 'accepted', 'rejected']);
export type HandoffDecision = z.infer<typeof HandoffDecisionSchema>;

/** What a handoff row tells of its lead's outcome: enough for a one-line summary, and the id to edit it. */
export const HandoffOutcomeSchema = z.object({
  id: IdSchema,
  result: OutcomeResultSchema,
  amount: z.number().nullable(),
  currency: z.string(),
  openedAt: TimestampSchema.nullable(),
  closedAt: TimestampSchema.nullable(),
});
export type HandoffOutcome = z.infer<typeof HandoffOutcomeSchema>;

/** One handoff as the inbox, the manager view and exports show it. */
export const HandoffRowSchema = z.object({
  id: IdSchema,
  leadId: IdSchema,
  leadName: z.string(),
  leadEmail: z.string().nullable(),
  company: z.string(),
  jobTitle: z.string().nullable(),
  country: z.string(),
  industry: z.string().nullable(),
  employees: z.number().nullable(),
  leadStage: StageSchema,
  firstOfferName: z.string().nullable(),
  firstOfferType: OfferTypeSchema.nullable(),
  versionId: IdSchema.nullable(),
  versionNumber: z.number().int().nullable(),
  scoreAtHandoff: z.number(),
  level: z.string().nullable(),
  handedAt: TimestampSchema,
  slaDueAt: TimestampSchema.nullable(),
  /** Pending past its due time, or decided after it. */
  breached: z.boolean(),
  repId: IdSchema.nullable(),
  repName: z.string().nullable(),
  decision: HandoffDecisionSchema,
  decidedAt: TimestampSchema.nullable(),
  decidedByName: z.string().nullable(),
  reasonId: IdSchema.nullable(),
  reasonLabel: z.string().nullable(),
  action: ReasonActionSchema.nullable(),
  comment: z.string().nullable(),
  reopenAt: TimestampSchema.nullable(),
  /** The SQL checklist of the qualifying version: rule id → ticked. Empty until a rep ticks something. */
  checklist: z.record(z.string(), z.boolean()),
  /**
   * The lead's live outcome: an open deal first, else the latest by its close (or open) date; null when
   * the lead has none. Any pass of the lead may have recorded it, not only this handoff's.
   */
  outcome: HandoffOutcomeSchema.nullable(),
});
export type HandoffRow = z.infer<typeof HandoffRowSchema>;

export const HandoffFiltersSchema = z
  .object({
    repId: IdSchema.optional(),
    status: z.enum(['pending', 'decided', 'accepted', 'rejected', 'all']).default('all'),
    breached: z.boolean().optional(),
    reasonId: IdSchema.optional(),
    versionId: IdSchema.optional(),
    offerId: IdSchema.optional(),
    campaignId: IdSchema.optional(),
    channel: z.string().max(80).optional(),
    handedFrom: TimestampSchema.optional(),
    handedTo: TimestampSchema.optional(),
  })
  .strict();
export type HandoffFilters = z.input<typeof HandoffFiltersSchema>;

export const HandoffCursorSchema = z.object({ value: z.union([z.string().max(400), z.number()]), id: IdSchema }).strict();

export const HANDOFF_SORT_COLUMNS = ['slaDueAt', 'handedAt', 'decidedAt', 'score', 'leadName'] as const;

export const HandoffListInputSchema = z
  .object({
    filters: HandoffFiltersSchema.default({ status: 'all' }),
    sort: z
      .object({ column: z.enum(HANDOFF_SORT_COLUMNS), dir: z.enum(['asc', 'desc']) })
      .strict()
      .default({ column: 'handedAt', dir: 'desc' }),
    cursor: HandoffCursorSchema.nullable().default(null),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type HandoffListInput = z.input<typeof HandoffListInputSchema>;

/** The rep's own queue: pending first by SLA due time; `repId` defaults to the current user. */
export const InboxInputSchema = z
  .object({ repId: IdSchema.optional(), limit: z.number().int().min(1).max(10_000).default(5_000) })
  .strict();
export const InboxSchema = z.object({
  repId: IdSchema.nullable(),
  pending: z.array(HandoffRowSchema),
  pendingCount: z.number().int(),
  breachedCount: z.number().int(),
  /**
   * The current user's latest decision still inside the undo window, if any. `handoffIds` holds every
   * handoff of that decision: one, or all of a bulk decision (undo them with `undoMany`).
   */
  undoable: z.object({ handoffId: IdSchema, until: TimestampSchema, handoffIds: z.array(IdSchema) }).nullable(),
});
export type Inbox = z.infer<typeof InboxSchema>;

/** Seconds a decision can still be undone by the rep who made it. */
export const UNDO_WINDOW_MS = 10_000;

const RejectSchema = z
  .object({
    decision: z.literal('reject'),
    reasonId: IdSchema,
    comment: z.string().trim().max(4000).optional(),
    /** Required when the reason recycles with a re-open date; must not be in the past. */
    reopenAt: TimestampSchema.optional(),
    /** For a reroute: the rep who gets a new handoff. */
    rerouteToRepId: IdSchema.optional(),
  })
  .strict();
const AcceptSchema = z.object({ decision: z.literal('accept'), comment: z.string().trim().max(4000).optional() }).strict();
export const DecisionSchema = z.discriminatedUnion('decision', [AcceptSchema, RejectSchema]);
export type Decision = z.infer<typeof DecisionSchema>;

export const DecideInputSchema = z.object({ id: IdSchema, decision: DecisionSchema }).strict();
export const DecideManyInputSchema = z.object({ ids: z.array(IdSchema).min(1).max(1000), decision: DecisionSchema }).strict();

/** The SAL → SQL step: tick the SQL checklist (BANT) rules of the qualifying version. */
export const ChecklistInputSchema = z
  .object({ id: IdSchema, checklist: z.record(z.string().min(1).max(100), z.boolean()) })
  .strict();

/**
 * The loop reports look at the handoffs handed off in [from, to) (a cohort), however long their
 * decisions took: a version or an offer is judged by the MQLs it produced. Trend weeks are weeks of handoff.
 */
const ReportFiltersSchema = z
  .object({
    from: TimestampSchema.optional(),
    to: TimestampSchema.optional(),
    versionId: IdSchema.optional(),
    offerId: IdSchema.optional(),
    campaignId: IdSchema.optional(),
    channel: z.string().max(80).optional(),
    repId: IdSchema.optional(),
  })
  .strict();
export type LoopFilters = z.infer<typeof ReportFiltersSchema>;

export const RepSlaRowSchema = z.object({
  repId: IdSchema.nullable(),
  repName: z.string().nullable(),
  pending: z.number().int(),
  breachedPending: z.number().int(),
  decided: z.number().int(),
  breachedDecided: z.number().int(),
  accepted: z.number().int(),
  /** accepted / decided, null when nothing was decided. */
  acceptanceRate: z.number().nullable(),
  /** Median hours from handoff to decision, null when nothing was decided. */
  medianHoursToDecision: z.number().nullable(),
});
export type RepSlaRow = z.infer<typeof RepSlaRowSchema>;

export const PARETO_SPLITS = ['offer', 'campaign', 'channel', 'version', 'rep'] as const;
export const ParetoInputSchema = z
  .object({ filters: ReportFiltersSchema.default({}), splitBy: z.enum(PARETO_SPLITS).nullable().default(null) })
  .strict();
export const ParetoBarSchema = z.object({
  reasonId: IdSchema,
  code: z.string(),
  label: z.string(),
  blame: ReasonBlameSchema,
  count: z.number().int(),
  /** count / all rejections in the filter */
  share: z.number(),
  cumulativeShare: z.number(),
  splits: z.array(z.object({ key: z.string().nullable(), label: z.string(), count: z.number().int() })),
});
export const ParetoSchema = z.object({ rejected: z.number().int(), decided: z.number().int(), bars: z.array(ParetoBarSchema) });
export type Pareto = z.infer<typeof ParetoSchema>;

export const DrillInputSchema = z
  .object({
    filters: ReportFiltersSchema.default({}),
    reasonId: IdSchema,
    splitBy: z.enum(PARETO_SPLITS).nullable().default(null),
    /** The split's key; null for "none" (e.g. leads without an offer). Ignored when splitBy is null. */
    splitKey: z.string().max(200).nullable().default(null),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();

export const TrendPointSchema = z.object({
  /** Monday 00:00 of the week in the workspace time zone, as ms UTC. */
  weekStart: TimestampSchema,
  decided: z.number().int(),
  accepted: z.number().int(),
  rate: z.number().nullable(),
});

/** Business hours for SLA due times, per workspace. Days are ISO weekdays (1 = Monday … 7 = Sunday). */
export const SlaSettingsSchema = z
  .object({
    timeZone: z.string().min(1).max(64),
    workingDays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    dayStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM'),
    dayEnd: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM'),
  })
  .strict();
export type SlaSettings = z.infer<typeof SlaSettingsSchema>;

const ById = z.object({ id: IdSchema }).strict();

export const handoffs = {
  inbox: method('handoffs:inbox', InboxInputSchema, InboxSchema),
  list: method(
    'handoffs:list',
    HandoffListInputSchema,
    z.object({ rows: z.array(HandoffRowSchema), nextCursor: HandoffCursorSchema.nullable(), total: z.number().int() }),
  ),
  get: method('handoffs:get', ById, HandoffRowSchema),
  decide: method('handoffs:decide', DecideInputSchema, HandoffRowSchema),
  decideMany: method('handoffs:decideMany', DecideManyInputSchema, z.object({ decided: z.number().int() })),
  /** Reverts the current user's decision within UNDO_WINDOW_MS: back to pending, lead stage restored. */
  undo: method('handoffs:undo', ById, HandoffRowSchema),
  /** Undo a bulk decision (or several of the user's own within the window) in one transaction: all or nothing. */
  undoMany: method(
    'handoffs:undoMany',
    z.object({ ids: z.array(IdSchema).min(1).max(1000) }).strict(),
    z.object({ undone: z.number().int() }),
  ),
  setChecklist: method('handoffs:setChecklist', ChecklistInputSchema, HandoffRowSchema),
  /** SQL → opportunity; links the lead's outcome when one exists. */
  openOpportunity: method('handoffs:openOpportunity', ById, HandoffRowSchema),
  slaByRep: method('handoffs:slaByRep', z.object({ filters: ReportFiltersSchema.default({}) }).strict(), z.array(RepSlaRowSchema)),
  pareto: method('handoffs:pareto', ParetoInputSchema, ParetoSchema),
  drill: method('handoffs:drill', DrillInputSchema, z.array(HandoffRowSchema)),
  acceptanceTrend: method(
    'handoffs:acceptanceTrend',
    z.object({ filters: ReportFiltersSchema.default({}) }).strict(),
    z.array(TrendPointSchema),
  ),
  slaSettings: method('handoffs:slaSettings', z.object({}).strict(), SlaSettingsSchema),
  setSlaSettings: method('handoffs:setSlaSettings', SlaSettingsSchema, SlaSettingsSchema),
};
