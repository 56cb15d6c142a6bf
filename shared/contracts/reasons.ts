import { z } from 'zod';
import { method } from './method.js';
import { IdSchema, OkSchema, TimestampSchema } from './common.js';

export const ReasonBlameSchema = z.enum(['fit', 'engagement', 'data', 'routing']);
export const ReasonActionSchema = z.enum(['disqualify', 'recycle', 'reroute']);
/** How a recycle sets its re-open date: a date the rep picks, or the renewal date of what they use now. */
export const ReopenKindSchema = z.enum(['date', 'renewal']);

export const RejectionReasonSchema = z.object({
  id: IdSchema,
  code: z.string(),
  label: z.string(),
  blame: ReasonBlameSchema,
  action: ReasonActionSchema,
  commentRequired: z.boolean(),
  reopenKind: ReopenKindSchema.nullable(),
  active: z.boolean(),
  position: z.number().int(),
  /** Handoffs decided with this reason; a reason in use can only be deactivated, never deleted. */
  usageCount: z.number().int(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;

export const RejectionReasonDraftSchema = z
  .object({
    label: z.string().trim().min(1, 'A reason needs a label').max(120),
    blame: ReasonBlameSchema,
    action: ReasonActionSchema,
    commentRequired: z.boolean().default(false),
    reopenKind: ReopenKindSchema.nullable().default(null),
  })
  .strict();
export type RejectionReasonDraft = z.input<typeof RejectionReasonDraftSchema>;

/** A change carries only what the user changed: no defaults, or deactivating would reset other fields. */
export const RejectionReasonPatchSchema = z
  .object({
    label: z.string().trim().min(1, 'A reason needs a label').max(120).optional(),
    blame: ReasonBlameSchema.optional(),
    action: ReasonActionSchema.optional(),
    commentRequired: z.boolean().optional(),
    reopenKind: ReopenKindSchema.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type RejectionReasonPatch = z.infer<typeof RejectionReasonPatchSchema>;

export const LossReasonSchema = z.object({
  id: IdSchema,
  code: z.string(),
  label: z.string(),
  active: z.boolean(),
  position: z.number().int(),
  usageCount: z.number().int(),
});
export type LossReason = z.infer<typeof LossReasonSchema>;

export const reasons = {
  list: method('reasons:list', z.object({ includeInactive: z.boolean().default(true) }).strict(), z.array(RejectionReasonSchema)),
  create: method('reasons:create', RejectionReasonDraftSchema, RejectionReasonSchema),
  update: method(
    'reasons:update',
    z
      .object({ id: IdSchema, patch: RejectionReasonPatchSchema })
      .strict(),
    RejectionReasonSchema,
  ),
  /** Refused with a conflict when the reason is in use: deactivate it instead. */
  remove: method('reasons:remove', z.object({ id: IdSchema }).strict(), OkSchema),
  reorder: method('reasons:reorder', z.object({ ids: z.array(IdSchema).min(1).max(500) }).strict(), z.array(RejectionReasonSchema)),
  lossList: method('reasons:lossList', z.object({ includeInactive: z.boolean().default(true) }).strict(), z.array(LossReasonSchema)),
};
