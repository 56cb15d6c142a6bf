import { z } from 'zod';

export const IdSchema = z.uuid();
export const EmptySchema = z.object({}).strict();
/** Milliseconds since the epoch, UTC: every timestamp in the store and on the wire. */
export const TimestampSchema = z.number().int().min(0).max(8_640_000_000_000);
export const OkSchema = z.object({ ok: z.literal(true) });

export const TeamSchema = z.enum(['marketing', 'sales', 'ops']);
export type Team = z.infer<typeof TeamSchema>;
export const RoleSchema = z.enum(['member', 'owner']);
export type Role = z.infer<typeof RoleSchema>;

export const StageSchema = z.enum([
  'suspect',
  'lead',
  'mql',
  'sal',
  'rejected',
  'recycled',
  'disqualified',
  'sql',
  'opportunity',
  'won',
  'lost',
]);
export type Stage = z.infer<typeof StageSchema>;
export const STAGES = StageSchema.options;

export const OfferTypeSchema = z.enum([
  'ebook',
  'webinar',
  'demo_request',
  'free_trial',
  'pricing_page',
  'newsletter',
  'ad',
  'landing_page',
]);
export type OfferType = z.infer<typeof OfferTypeSchema>;
