import { z } from 'zod';
import { method } from './method.js';
import { EmptySchema } from './common.js';

export const TableCountsSchema = z.record(z.string(), z.number().int().min(0));
export type TableCounts = z.infer<typeof TableCountsSchema>;

export const WorkspaceInfoSchema = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  timeZone: z.string(),
  leadCount: z.number().int().min(0),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfoSchema>;

export const workspace = {
  info: method('workspace:info', EmptySchema, WorkspaceInfoSchema),
  stats: method('workspace:stats', EmptySchema, TableCountsSchema),
};
