import { z } from 'zod';
import { method } from './method.js';
import { LeadFiltersSchema, LeadSortColumnSchema } from './leads.js';

/** Exports return the file's text when it is small enough to hand to the renderer, and where it was written. */
export const MAX_EXPORT_CONTENT = 5 * 1024 * 1024;

export const ExportResultSchema = z.object({
  fileName: z.string(),
  path: z.string(),
  rows: z.number().int(),
  bytes: z.number().int(),
  /** The CSV text, or null when larger than MAX_EXPORT_CONTENT (then open `path`). */
  content: z.string().nullable(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

export const exportsApi = {
  leadsCsv: method(
    'leads:exportCsv',
    z
      .object({
        filters: LeadFiltersSchema.default({}),
        sort: z
          .object({ column: LeadSortColumnSchema, dir: z.enum(['asc', 'desc']) })
          .strict()
          .default({ column: 'createdAt', dir: 'desc' }),
      })
      .strict(),
    ExportResultSchema,
  ),
};
