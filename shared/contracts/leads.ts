import { z } from 'zod';
import { method } from './method.js';
import { EmptySchema, IdSchema, OfferTypeSchema, StageSchema, TimestampSchema } from './common.js';

export const LEAD_SORT_COLUMNS = ['createdAt', 'name', 'company', 'country', 'employees', 'score', 'stage'] as const;
export const LeadSortColumnSchema = z.enum(LEAD_SORT_COLUMNS);
export type LeadSortColumn = z.infer<typeof LeadSortColumnSchema>;

export const LeadFiltersSchema = z
  .object({
    q: z.string().trim().max(200).optional(),
    stages: z.array(StageSchema).max(20).optional(),
    offerId: IdSchema.optional(),
    campaignId: IdSchema.optional(),
    country: z.string().max(80).optional(),
    ownerId: IdSchema.optional(),
    createdFrom: TimestampSchema.optional(),
    createdTo: TimestampSchema.optional(),
  })
  .strict();
export type LeadFilters = z.infer<typeof LeadFiltersSchema>;

/** Keyset position: the sort value of the last row seen and its id (the tie-breaker). */
export const LeadCursorSchema = z
  .object({ value: z.union([z.string().max(400), z.number()]), id: IdSchema })
  .strict();
export type LeadCursor = z.infer<typeof LeadCursorSchema>;

export const LeadListInputSchema = z
  .object({
    sort: z.object({ column: LeadSortColumnSchema, dir: z.enum(['asc', 'desc']) }).strict(),
    filters: LeadFiltersSchema.default({}),
    cursor: LeadCursorSchema.nullable().default(null),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type LeadListInput = z.input<typeof LeadListInputSchema>;

export const LeadRowSchema = z.object({
  id: IdSchema,
  externalId: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  company: z.string(),
  country: z.string(),
  industry: z.string().nullable(),
  employees: z.number().nullable(),
  jobTitle: z.string().nullable(),
  stage: StageSchema,
  scoreTotal: z.number(),
  scoreLevel: z.string().nullable(),
  ownerName: z.string().nullable(),
  firstOfferName: z.string().nullable(),
  firstCampaignName: z.string().nullable(),
  createdAt: TimestampSchema,
});
export type LeadRow = z.infer<typeof LeadRowSchema>;

export const LeadPageSchema = z.object({
  rows: z.array(LeadRowSchema),
  nextCursor: LeadCursorSchema.nullable(),
});
export type LeadPage = z.infer<typeof LeadPageSchema>;

export const TouchpointSchema = z.object({
  id: IdSchema,
  type: z.string(),
  offerName: z.string().nullable(),
  offerType: OfferTypeSchema.nullable(),
  campaignName: z.string().nullable(),
  channel: z.string().nullable(),
  landingPage: z.string().nullable(),
  occurredAt: TimestampSchema,
  value: z.number().nullable(),
});
export type Touchpoint = z.infer<typeof TouchpointSchema>;

export const StageEventSchema = z.object({
  id: IdSchema,
  fromStage: StageSchema.nullable(),
  toStage: StageSchema,
  at: TimestampSchema,
  byName: z.string().nullable(),
  why: z.string().nullable(),
});
export type StageEvent = z.infer<typeof StageEventSchema>;

export const LeadDetailSchema = LeadRowSchema.extend({
  domain: z.string().nullable(),
  seniority: z.string().nullable(),
  budget: z.number().nullable(),
  source: z.string().nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  updatedAt: TimestampSchema,
  touchpoints: z.array(TouchpointSchema),
  stageEvents: z.array(StageEventSchema),
});
export type LeadDetail = z.infer<typeof LeadDetailSchema>;

export const FacetOptionSchema = z.object({ value: z.string(), label: z.string() });
export const LeadFacetsSchema = z.object({
  countries: z.array(z.string()),
  offers: z.array(FacetOptionSchema),
  campaigns: z.array(FacetOptionSchema),
  owners: z.array(FacetOptionSchema),
});
export type LeadFacets = z.infer<typeof LeadFacetsSchema>;

export const ExplanationSchema = z.object({
  versionId: IdSchema,
  versionNumber: z.number().int(),
  versionName: z.string(),
  /**
   * 'stored' when read from the last rescore, 'live' when computed now because none is stored,
   * 'asOf' when computed for the moment asked (a handoff's: its version, its time).
   */
  source: z.enum(['stored', 'live', 'asOf']),
  computedAt: TimestampSchema,
  fit: z.number(),
  engagement: z.number(),
  total: z.number(),
  level: z.string().nullable(),
  levels: z.array(z.object({ name: z.string(), threshold: z.number() })),
  disqualifiedBy: z.object({ ruleId: z.string(), label: z.string() }).nullable(),
  contributions: z.array(
    z.object({
      ruleId: z.string(),
      label: z.string(),
      kind: z.enum(['fit', 'engagement', 'disqualifier', 'sql']),
      points: z.number(),
      rawPoints: z.number(),
      matches: z.number(),
      capped: z.boolean(),
    }),
  ),
});
export type Explanation = z.infer<typeof ExplanationSchema>;

export const leads = {
  list: method('leads:list', LeadListInputSchema, LeadPageSchema),
  count: method('leads:count', z.object({ filters: LeadFiltersSchema.default({}) }).strict(), z.object({ count: z.number().int() })),
  get: method('leads:get', z.object({ id: IdSchema }).strict(), LeadDetailSchema),
  facets: method('leads:facets', EmptySchema, LeadFacetsSchema),
  explain: method(
    'leads:explain',
    z
      .object({
        id: IdSchema,
        /** Score under this version as of this moment instead of the live one's latest score. */
        asOf: z.object({ versionId: IdSchema, at: TimestampSchema }).strict().optional(),
      })
      .strict(),
    ExplanationSchema.nullable(),
  ),
};
