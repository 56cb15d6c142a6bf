import { z } from 'zod';
import { LevelSchema, RuleKindSchema, RuleSchema } from '../domain/criteria.js';
import { method } from './method.js';
import { EmptySchema, IdSchema, TeamSchema, TimestampSchema } from './common.js';

export const VersionStatusSchema = z.enum(['draft', 'proposed', 'approved', 'active', 'retired']);

export const ApprovalSchema = z.object({
  id: IdSchema,
  userId: IdSchema,
  userName: z.string(),
  team: TeamSchema,
  decision: z.enum(['approve', 'reject']),
  comment: z.string().nullable(),
  at: TimestampSchema,
});
export type Approval = z.infer<typeof ApprovalSchema>;

export const VersionSummarySchema = z.object({
  id: IdSchema,
  number: z.number().int(),
  name: z.string(),
  status: VersionStatusSchema,
  levels: z.array(LevelSchema),
  slaHours: z.number(),
  slaBusinessHours: z.boolean(),
  rationale: z.string(),
  effectiveFrom: TimestampSchema.nullable(),
  effectiveTo: TimestampSchema.nullable(),
  parentId: IdSchema.nullable(),
  ruleCount: z.number().int(),
  approvals: z.array(ApprovalSchema),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type VersionSummary = z.infer<typeof VersionSummarySchema>;

export const VersionDetailSchema = VersionSummarySchema.extend({ rules: z.array(RuleSchema) });
export type VersionDetail = z.infer<typeof VersionDetailSchema>;

/** A rule as the editor sends it: the id is absent for a new rule. */
export const RuleDraftSchema = z.object({
  id: z.string().optional(),
  kind: RuleKindSchema,
  label: z.string(),
  field: z.string(),
  operator: z.string(),
  value: z.unknown(),
  points: z.number(),
  cap: z.number().nullable().optional(),
  decayHalfLifeDays: z.number().nullable().optional(),
  windowDays: z.number().nullable().optional(),
});

/** What changes from one version to another (shared/domain/versions.ts diffVersions). */
export const VersionDiffSchema = z.object({
  added: z.array(RuleSchema),
  removed: z.array(RuleSchema),
  changed: z.array(
    z.object({
      label: z.string(),
      kind: RuleKindSchema,
      fromId: z.string(),
      toId: z.string(),
      changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
      ruleFieldFrom: z.string().optional(),
      ruleFieldTo: z.string().optional(),
    }),
  ),
  levels: z.array(z.object({ name: z.string(), from: z.number().nullable(), to: z.number().nullable() })),
  sla: z
    .object({ from: z.number(), to: z.number(), businessHoursFrom: z.boolean(), businessHoursTo: z.boolean() })
    .nullable(),
});
const Diff = VersionDiffSchema;

const ById = z.object({ id: IdSchema }).strict();

export const criteria = {
  list: method('criteria:list', EmptySchema, z.array(VersionSummarySchema)),
  get: method('criteria:get', ById, VersionDetailSchema),
  createDraft: method(
    'criteria:createDraft',
    z.object({ fromId: IdSchema.optional(), name: z.string().trim().min(1).max(120) }).strict(),
    VersionDetailSchema,
  ),
  updateDraft: method(
    'criteria:updateDraft',
    z
      .object({
        id: IdSchema,
        patch: z
          .object({
            name: z.string().trim().min(1).max(120).optional(),
            levels: z.array(LevelSchema).optional(),
            slaHours: z.number().positive().max(24 * 30).optional(),
            slaBusinessHours: z.boolean().optional(),
            rationale: z.string().max(5000).optional(),
          })
          .strict(),
      })
      .strict(),
    VersionDetailSchema,
  ),
  saveRule: method('criteria:saveRule', z.object({ versionId: IdSchema, rule: RuleDraftSchema }).strict(), VersionDetailSchema),
  removeRule: method('criteria:removeRule', z.object({ versionId: IdSchema, ruleId: z.string().min(1) }).strict(), VersionDetailSchema),
  propose: method('criteria:propose', ById, VersionDetailSchema),
  decide: method(
    'criteria:decide',
    z.object({ id: IdSchema, decision: z.enum(['approve', 'reject']), comment: z.string().max(2000).optional() }).strict(),
    VersionDetailSchema,
  ),
  activate: method('criteria:activate', z.object({ id: IdSchema, effectiveFrom: TimestampSchema.optional() }).strict(), VersionDetailSchema),
  exportVersion: method(
    'criteria:export',
    z.object({ id: IdSchema, format: z.enum(['json', 'markdown']) }).strict(),
    z.object({ filename: z.string(), content: z.string() }),
  ),
  importVersion: method('criteria:import', z.object({ content: z.string().min(1).max(1_000_000) }).strict(), VersionDetailSchema),
  preview: method(
    'criteria:preview',
    z.object({ rule: RuleDraftSchema }).strict(),
    z.object({ matches: z.number().int(), total: z.number().int(), avgPoints: z.number() }),
  ),
  rescore: method('criteria:rescore', ById, z.object({ jobId: z.string() })),
  diff: method('criteria:diff', z.object({ fromId: IdSchema, toId: IdSchema }).strict(), Diff),
};
