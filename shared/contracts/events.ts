import { z } from 'zod';

/** Events the main process pushes to the renderer (IPC `on`, or server-sent events in the harness). */
export const JobProgressSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  done: z.number(),
  total: z.number(),
  phase: z.string(),
  finished: z.boolean(),
  error: z.string().nullable(),
  /** What a finished job reports (e.g. a rescore: scored, mqls, handoffsCreated). */
  result: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])).nullable().default(null),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const DataChangedSchema = z.object({ tables: z.array(z.string()) });
export type DataChanged = z.infer<typeof DataChangedSchema>;

export const events = {
  jobProgress: { name: 'job:progress', payload: JobProgressSchema },
  dataChanged: { name: 'data:changed', payload: DataChangedSchema },
} as const;
export const EVENT_NAMES: readonly string[] = Object.values(events).map((e) => e.name);
