import { z } from 'zod';
import { method } from './method.js';
import { OkSchema } from './common.js';

const Value = z.union([z.string(), z.number(), z.null()]);

export const SyncStatusSchema = z.object({
  /** The hub this workspace is connected to in this session (the password is held in memory only). */
  connected: z.boolean(),
  url: z.string().nullable(),
  user: z.string().nullable(),
  autoSyncSeconds: z.number().int().nullable(),
  running: z.boolean(),
  lastSyncAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
  pending: z.number().int(),
  conflicts: z.number().int(),
  unseenConflicts: z.number().int(),
  /** Changes the hub refused, set aside until retried or discarded. */
  refused: z.number().int(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const ConnectInputSchema = z
  .object({
    url: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'The hub address starts with postgres://, e.g. postgres://db.example.com/leadpact'),
    user: z.string().trim().min(1, 'Your hub login is required').max(63),
    password: z.string().min(1, 'Your hub password is required').max(200),
  })
  .strict();
export type ConnectInput = z.infer<typeof ConnectInputSchema>;

export const SyncReportSchema = z.object({
  pushed: z.number().int(),
  pulled: z.number().int(),
  applied: z.number().int(),
  conflicts: z.number().int(),
  fullResync: z.boolean(),
  pending: z.number().int(),
  refused: z.number().int(),
  refusedTotal: z.number().int(),
  /** Leads the pull touched, scored again under the active version. */
  rescored: z.number().int(),
  /** A full rescore under this version was asked for (started as a job), or null. */
  rescoreAll: z.string().nullable(),
  at: z.number().int(),
});

export const RefusedChangeSchema = z.object({
  seq: z.number().int(),
  table: z.string(),
  rowId: z.string(),
  rowLabel: z.string().nullable(),
  columns: z.array(z.string()),
  /** The hub's reason, as it said it. */
  reason: z.string(),
  refusedAt: z.number().int(),
  /** The row exists only on this laptop (this change made it): discarding the change deletes it. */
  onlyHere: z.boolean(),
});
export type RefusedChange = z.infer<typeof RefusedChangeSchema>;
const Seq = z.object({ seq: z.number().int().positive() }).strict();

export const ConflictSchema = z.object({
  id: z.string(),
  table: z.string(),
  rowId: z.string(),
  column: z.string(),
  /** A short name of the row (a lead's or campaign's name) where there is one. */
  rowLabel: z.string().nullable(),
  keptValue: Value,
  lostValue: Value,
  detectedAt: z.number().int(),
  seen: z.boolean(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const sync = {
  status: method('sync:status', z.object({}).strict(), SyncStatusSchema),
  connect: method('sync:connect', ConnectInputSchema, SyncStatusSchema),
  disconnect: method('sync:disconnect', z.object({}).strict(), SyncStatusSchema),
  now: method('sync:now', z.object({}).strict(), SyncReportSchema),
  conflicts: method('sync:conflicts', z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(), z.array(ConflictSchema)),
  markSeen: method('sync:markSeen', z.object({}).strict(), OkSchema),
  refused: method('sync:refused', z.object({}).strict(), z.array(RefusedChangeSchema)),
  /** Back into the outbox for the next sync; returns how many. */
  retryRefused: method('sync:retryRefused', z.object({ seq: z.number().int().positive().nullable() }).strict(), z.object({ count: z.number().int() })),
  /** `deleteOnlyCopy`: the user confirmed deleting a row that exists only on this laptop (see RefusedChange.onlyHere). */
  discardRefused: method('sync:discardRefused', Seq.extend({ deleteOnlyCopy: z.boolean().default(false) }).strict(), OkSchema),
};
