import { z } from 'zod';
import { method } from './method.js';
import { IdSchema, TeamSchema, TimestampSchema } from './common.js';
import { VersionDiffSchema, VersionStatusSchema } from './criteria.js';
import { LocaleSchema } from './preferences.js';

/**
 * The quarterly criteria review: an agenda drafted from the quarter's data, proposals (draft
 * versions with their evidence frozen at the time), the meeting's notes and decisions, and a pack
 * (HTML and PDF) made from the same stored data, so a pack printed a year later reads the same.
 */
export const QuarterSchema = z.string().regex(/^\d{4}Q[1-4]$/, 'A quarter is written like 2026Q3');

const Rate = z.number().nullable();

export const FunnelTotalsSchema = z.object({
  leads: z.number().int(),
  mql: z.number().int(),
  sal: z.number().int(),
  sql: z.number().int(),
  won: z.number().int(),
  /** SQLs with neither a won nor a lost outcome yet: a recent quarter's won count can still grow (absent in agendas drafted before it was kept). */
  open: z.number().int().optional(),
});
export type FunnelTotals = z.infer<typeof FunnelTotalsSchema>;

export const BlamedRuleSchema = z.object({
  ruleId: z.string(),
  label: z.string(),
  kind: z.enum(['fit', 'engagement', 'disqualifier']),
  points: z.number(),
  count: z.number().int(),
  /** Share of the reason's scored rejections the rule gave points to (absent in agendas drafted before it was kept). */
  share: z.number().optional(),
  /** Share of the quarter's scored acceptances it gave points to; null: too few acceptances to compare with. */
  acceptedShare: z.number().nullable().optional(),
});
export type BlamedRule = z.infer<typeof BlamedRuleSchema>;

export const ReasonBlameSchema = z.object({
  code: z.string(),
  label: z.string(),
  blame: z.enum(['fit', 'engagement', 'data', 'routing']),
  count: z.number().int(),
  share: z.number(),
  /** Rules of the blamed kind that gave points to the rejected leads, most often first. */
  rules: z.array(BlamedRuleSchema),
  /**
   * A lead field whose values the reason's rejected leads had far more often than accepted ones
   * (seniority for "no authority", country for geography, industry for outside ICP), if any.
   */
  pattern: z
    .object({
      field: z.string(),
      values: z.array(z.string()),
      rejected: z.number().int(),
      rejectedShare: z.number(),
      acceptedShare: z.number(),
      /**
       * Points that would have kept half of these leads below the lowest MQL level (the median of
       * their scores' margin above it, negated): a rule on the field needs no blamed rule to take back.
       * Absent in agendas drafted before it was kept, or when none of them has a stored score.
       */
      toDrop: z.number().optional(),
    })
    .nullable()
    .default(null),
});
export type ReasonBlame = z.infer<typeof ReasonBlameSchema>;

export const OfferMoverSchema = z.object({
  key: z.string().nullable(),
  label: z.string(),
  mqls: z.number().int(),
  prevMqls: z.number().int(),
  salRate: Rate,
  prevSalRate: Rate,
  wonRate: Rate,
  prevWonRate: Rate,
  /** SAL % change in points (this quarter minus the last). */
  salChange: z.number(),
});
export type OfferMover = z.infer<typeof OfferMoverSchema>;

export const WeakRuleSchema = z.object({ ruleId: z.string(), label: z.string(), kind: z.string(), n: z.number().int(), winRate: Rate, otherWinRate: Rate, lift: Rate });

/** What each drafted item showed when it was drafted (a snapshot: the pack reads it, not live data). */
export const AgendaDataSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('funnel'), current: FunnelTotalsSchema, previous: FunnelTotalsSchema, previousQuarter: z.string() }),
  z.object({ kind: z.literal('rejections'), rejected: z.number().int(), decided: z.number().int(), reasons: z.array(ReasonBlameSchema) }),
  z.object({ kind: z.literal('offers'), movers: z.array(OfferMoverSchema) }),
  z.object({
    kind: z.literal('sla'),
    handoffs: z.number().int(),
    breached: z.number().int(),
    breachRate: Rate,
    reps: z.array(z.object({ repName: z.string(), handoffs: z.number().int(), breached: z.number().int(), breachRate: Rate })),
  }),
  z.object({ kind: z.literal('lift'), version: z.number().int().nullable(), rules: z.array(WeakRuleSchema) }),
  z.object({ kind: z.literal('proposals') }),
  z.object({ kind: z.literal('custom') }),
]);
export type AgendaData = z.infer<typeof AgendaDataSchema>;
export type AgendaKind = AgendaData['kind'];

export const AgendaItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  data: AgendaDataSchema,
  note: z.string(),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

/** A rejection pattern turned into a question for the meeting, with the change it suggests. */
export const CandidateSchema = z.object({
  key: z.string(),
  reasonCode: z.string(),
  reasonLabel: z.string(),
  count: z.number().int(),
  /** The blamed rule to lower; null when the reason blames no rule and only its field pattern (alternative) is offered. */
  ruleId: z.string().nullable(),
  ruleLabel: z.string().nullable(),
  ruleKind: z.string().nullable(),
  points: z.number().nullable(),
  suggestedPoints: z.number().nullable(),
  /** Set once a draft was made from it. */
  proposalId: IdSchema.nullable(),
  /** The other change the pattern suggests: a fit rule on the field the rejected leads shared. */
  alternative: z
    .object({ key: z.string(), field: z.string(), values: z.array(z.string()), points: z.number(), rejected: z.number().int(), proposalId: IdSchema.nullable() })
    .nullable()
    .default(null),
});
export type Candidate = z.infer<typeof CandidateSchema>;

const Figures = z.object({
  mqls: z.number().int(),
  acceptanceRate: Rate,
  sqlRate: Rate,
  winRate: Rate,
  won: z.number().int(),
  revenue: z.number(),
  missedWon: z.number().int(),
  /** Revenue of the won deals the version would have missed (absent in evidence gathered before it was kept). */
  missedWonRevenue: z.number().optional(),
  avoidedRejections: z.number().int(),
});
export type BacktestFigures = z.infer<typeof Figures>;

export const EvidenceSchema = z.object({
  computedAt: TimestampSchema,
  /** The change a candidate suggested, in words, and which candidate it came from. */
  change: z.string().nullable(),
  candidateKey: z.string().nullable(),
  backtest: z
    .object({
      candidate: Figures,
      baseline: Figures.nullable(),
      baselineNumber: z.number().int().nullable(),
      /** The version compared with, by id (absent in evidence gathered before it was kept: then by number). */
      baselineId: IdSchema.nullable().optional(),
      /** The reporting currency revenue was summed in when gathered; null: amounts as recorded; absent: not kept. */
      currency: z.string().nullable().optional(),
      monthly: z.array(z.object({ month: z.string(), mqls: z.number().int(), baselineMqls: z.number().int().nullable() })),
      warnings: z.array(z.string()),
    })
    .nullable(),
  backtestError: z.string().nullable(),
  suggestion: z
    .object({
      method: z.string(),
      holdoutAuc: z.number().nullable(),
      /** AUC of the rounded points on the holdout (absent in evidence gathered before it was kept). */
      pointsAuc: z.number().nullable().optional(),
      /** How many rules the suggestion had; `rules` holds the strongest of them (absent before it was kept). */
      ruleCount: z.number().int().optional(),
      /**
       * The strongest suggested rules (strongestFirst), with their conditions so they are worded as
       * the criteria are; evidence gathered before that kept the first rules by label, without them.
       */
      rules: z.array(
        z.object({
          label: z.string(),
          points: z.number(),
          n: z.number().int(),
          winRate: z.number().nullable(),
          kind: z.string().optional(),
          field: z.string().optional(),
          operator: z.string().optional(),
          value: z.unknown().optional(),
        }),
      ),
    })
    .nullable(),
  suggestionError: z.string().nullable(),
  /**
   * Still to be gathered: a proposal is attached at once and its backtest and suggestion run as a
   * job (with progress and Cancel); a cancelled one stays pending until gathered again.
   */
  pending: z.boolean().default(false),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const DecisionSchema = z.enum(['accept', 'reject', 'defer']);
export type Decision = z.infer<typeof DecisionSchema>;

export const ProposalSchema = z.object({
  id: IdSchema,
  reviewId: IdSchema,
  title: z.string(),
  version: z.object({ id: IdSchema, number: z.number().int(), name: z.string(), status: VersionStatusSchema, approvals: z.number().int() }),
  evidence: EvidenceSchema.nullable(),
  /**
   * What the version changes against the one its evidence compared it with (else the active one),
   * read from the versions as they are now (a draft may still be edited); null when there is none.
   */
  changes: z.object({ from: z.object({ id: IdSchema, number: z.number().int(), name: z.string() }), diff: VersionDiffSchema }).nullable(),
  decision: DecisionSchema.nullable(),
  decisionReason: z.string().nullable(),
  createdAt: TimestampSchema,
});
export type Proposal = z.infer<typeof ProposalSchema>;

export const ActionItemSchema = z.object({
  id: z.string(),
  text: z.string(),
  ownerId: IdSchema.nullable(),
  dueOn: TimestampSchema.nullable(),
  done: z.boolean(),
});
export type ActionItem = z.infer<typeof ActionItemSchema>;

export const ReviewStatusSchema = z.enum(['planned', 'in_progress', 'closed']);

export const ReviewSchema = z.object({
  id: IdSchema,
  quarter: z.string(),
  status: ReviewStatusSchema,
  heldOn: TimestampSchema.nullable(),
  attendees: z.array(z.object({ id: IdSchema, name: z.string(), team: TeamSchema })),
  agenda: z.array(AgendaItemSchema),
  actions: z.array(ActionItemSchema.extend({ ownerName: z.string().nullable() })),
  proposals: z.array(ProposalSchema),
  candidates: z.array(CandidateSchema),
  /** The accepted proposal's version; its status says whether the owners have signed it yet. */
  resultingVersion: z.object({ id: IdSchema, number: z.number().int(), name: z.string(), status: VersionStatusSchema }).nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Review = z.infer<typeof ReviewSchema>;

export const ReviewSummarySchema = ReviewSchema.pick({ id: true, quarter: true, status: true, heldOn: true, resultingVersion: true, createdAt: true }).extend({
  proposals: z.number().int(),
  decisions: z.array(z.object({ title: z.string(), decision: DecisionSchema, versionNumber: z.number().int() })),
});
export type ReviewSummary = z.infer<typeof ReviewSummarySchema>;

const ById = z.object({ id: IdSchema }).strict();
const Item = { id: IdSchema, itemId: z.string().min(1).max(64) };
const Text = (max: number) => z.string().trim().min(1).max(max);

export const reviews = {
  list: method('reviews:list', z.object({}).strict(), z.array(ReviewSummarySchema)),
  get: method('reviews:get', ById, ReviewSchema),
  create: method('reviews:create', z.object({ quarter: QuarterSchema }).strict(), ReviewSchema),
  moveItem: method('reviews:moveItem', z.object({ ...Item, to: z.number().int().min(0) }).strict(), ReviewSchema),
  removeItem: method('reviews:removeItem', z.object(Item).strict(), ReviewSchema),
  addItem: method('reviews:addItem', z.object({ id: IdSchema, title: Text(200) }).strict(), ReviewSchema),
  setNote: method('reviews:setNote', z.object({ ...Item, note: z.string().max(10_000) }).strict(), ReviewSchema),
  setAttendees: method('reviews:setAttendees', z.object({ id: IdSchema, userIds: z.array(IdSchema).max(200) }).strict(), ReviewSchema),
  setStatus: method('reviews:setStatus', z.object({ id: IdSchema, status: ReviewStatusSchema }).strict(), ReviewSchema),
  /** Attach an existing draft version as a proposal; its evidence is gathered by an 'evidence' job and then frozen. */
  addProposal: method('reviews:addProposal', z.object({ id: IdSchema, versionId: IdSchema, title: Text(200).optional() }).strict(), ReviewSchema),
  /**
   * One click: clone the active version with the candidate's change and attach it. The draft's name,
   * rule label, rationale and the proposal's title are written in `locale` (the UI's), as the team's
   * own words would be: stored and synced as written.
   */
  draftFromCandidate: method('reviews:draftFromCandidate', z.object({ id: IdSchema, key: z.string().min(1).max(200), locale: LocaleSchema.optional() }).strict(), ReviewSchema),
  /** Gather the evidence of the review's pending proposals again (after a Cancel); answers the job's id. */
  gatherEvidence: method('reviews:gatherEvidence', ById, z.object({ jobId: z.string() })),
  decide: method(
    'reviews:decide',
    z.object({ id: IdSchema, proposalId: IdSchema, decision: DecisionSchema, reason: Text(2000) }).strict(),
    ReviewSchema,
  ),
  addAction: method(
    'reviews:addAction',
    z.object({ id: IdSchema, text: Text(500), ownerId: IdSchema.nullable(), dueOn: TimestampSchema.nullable() }).strict(),
    ReviewSchema,
  ),
  setActionDone: method('reviews:setActionDone', z.object({ ...Item, done: z.boolean() }).strict(), ReviewSchema),
  removeAction: method('reviews:removeAction', z.object(Item).strict(), ReviewSchema),
  /** The review (if any) whose accepted proposal produced this version. */
  forVersion: method(
    'reviews:forVersion',
    z.object({ versionId: IdSchema }).strict(),
    z.object({ reviewId: IdSchema, quarter: z.string(), decision: DecisionSchema.nullable(), decisionReason: z.string().nullable() }).nullable(),
  ),
  /** The pack in the reader's locale (the UI's: "cs", "nl-BE"); a language the app has no catalogue for prints English. */
  pack: method(
    'reviews:pack',
    z.object({ id: IdSchema, locale: LocaleSchema.optional() }).strict(),
    z.object({ filename: z.string(), html: z.string(), title: z.string() }),
  ),
  /**
   * Desktop only: print the calling window (showing the pack page) to a PDF through Electron's
   * printToPDF and save it where the user says; null when they cancel. The harness has no such
   * window and refuses it: there the browser's own print dialog saves the PDF.
   */
  savePdf: method('reviews:savePdf', ById, z.object({ path: z.string().nullable() })),
};
