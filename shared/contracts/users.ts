import { z } from 'zod';
import { method } from './method.js';
import { EmptySchema, IdSchema, OkSchema, RoleSchema, TeamSchema, TimestampSchema } from './common.js';

export const UserSchema = z.object({
  id: IdSchema,
  name: z.string(),
  email: z.string().nullable(),
  team: TeamSchema,
  role: RoleSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type User = z.infer<typeof UserSchema>;

export const UserDraftSchema = z
  .object({
    name: z.string().trim().min(1, 'Name is required').max(120),
    email: z.email().max(200).nullable().optional(),
    team: TeamSchema,
    role: RoleSchema,
  })
  .strict();
export type UserDraft = z.infer<typeof UserDraftSchema>;

/**
 * The `details` of a users:create/update/remove refusal, so the UI can say it in its own language:
 * `last_owner` (the change would leave marketing or sales, which both sign criteria versions, with
 * no owner) or `owner_only` (only an owner may change roles and teams, or add or remove an owner).
 */
export const UserRefusalSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('last_owner'), team: z.enum(['marketing', 'sales']) }),
  z.object({ code: z.literal('owner_only') }),
]);
export type UserRefusal = z.infer<typeof UserRefusalSchema>;

export const users = {
  list: method('users:list', EmptySchema, z.array(UserSchema)),
  create: method('users:create', UserDraftSchema, UserSchema),
  update: method('users:update', z.object({ id: IdSchema, patch: UserDraftSchema.partial().strict() }).strict(), UserSchema),
  remove: method('users:remove', z.object({ id: IdSchema }).strict(), OkSchema),
  current: method('users:current', EmptySchema, UserSchema.nullable()),
  setCurrent: method('users:setCurrent', z.object({ id: IdSchema }).strict(), UserSchema),
};
