import { z } from 'zod';
import { method } from './method.js';
import { EmptySchema, IdSchema, OkSchema, TimestampSchema } from './common.js';
import { FileOptionsSchema, MappingSchema, TransformSchema } from '../domain/import/mapping.js';
import { ImportKindSchema } from '../domain/import/targets.js';
import { DATE_FORMATS } from '../domain/import/transforms.js';
import { CELL_WHYS, DELIMITER_WHYS, ENCODING_WHYS, HEADER_WHYS } from '../domain/import/reasons.js';

/**
 * Where the CSV comes from. The desktop app and the CLI pass a path on this machine; the browser
 * harness cannot, so it uploads the file in chunks first (imports:upload, each chunk under the
 * harness's 1 MiB body limit) and passes the uploadId; small pasted text can come inline.
 */
export const MAX_INLINE_TEXT = 256 * 1024;
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
export const MAX_UPLOAD_CHUNK_BASE64 = 700_000;

export const ImportSourceSchema = z.union([
  z.object({ path: z.string().min(1).max(4096) }).strict(),
  z.object({ uploadId: IdSchema }).strict(),
  z.object({ text: z.string().min(1).max(MAX_INLINE_TEXT), fileName: z.string().min(1).max(255).optional() }).strict(),
]);
export type ImportSource = z.infer<typeof ImportSourceSchema>;

/**
 * The values a reason's sentence was built from (shared/domain/import/reasons.ts): numbers, words
 * and file values as written, and lists of words (string[]).
 */
const WhyValuesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]));
const whySchema = <C extends readonly [string, ...string[]]>(codes: C) =>
  z.object({ code: z.enum(codes), values: WhyValuesSchema });

export const CellErrorSchema = z.object({
  file: z.string(),
  /** Record number among the data rows (1 = the first row after the header). */
  row: z.number().int(),
  /** Physical line the record starts on (the header is line 1), as a text editor numbers them. */
  line: z.number().int(),
  column: z.string(),
  target: z.string(),
  value: z.string(),
  /** Why, as one English sentence (what the CLI and the errors CSV print). */
  reason: z.string(),
  /** Why, as a code and its values, which the wizard says in the UI language; absent when there is none. */
  code: z.enum(CELL_WHYS).optional(),
  values: WhyValuesSchema.optional(),
});
export type ImportCellError = z.infer<typeof CellErrorSchema>;

export const CountsSchema = z.object({
  read: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});
export type ImportCountsDto = z.infer<typeof CountsSchema>;

/** What was detected about the file and why: in English (…Reason) and as a code with its values (…Why). */
export const DetectedSchema = z.object({
  encoding: z.string(),
  encodingReason: z.string(),
  encodingWhy: whySchema(ENCODING_WHYS),
  delimiter: z.string(),
  delimiterReason: z.string(),
  delimiterWhy: whySchema(DELIMITER_WHYS),
  hasHeader: z.boolean(),
  headerReason: z.string(),
  headerWhy: whySchema(HEADER_WHYS),
});

export const ColumnPreviewSchema = z.object({
  name: z.string(),
  samples: z.array(z.string()),
  suggestion: z.object({
    target: z.string(),
    basis: z.enum(['name', 'values', 'template', 'fallback']),
    transform: TransformSchema.optional(),
  }),
  /** Set when the column holds dates: the formats that read every sample; `ambiguous` = the user must pick mdy or dmy. */
  /**
   * What the column's values say as dates, when some of them read as one: the formats that read
   * them, and sample values that read as no date (a stray "n/a": its row is rejected with its line).
   */
  date: z
    .object({
      candidates: z.array(z.enum(DATE_FORMATS)),
      ambiguous: z.boolean(),
      evidence: z.string().nullable(),
      unparsed: z.array(z.string()),
    })
    .nullable(),
  /**
   * The samples as country values (what an import to a lead's country would store): names and
   * alpha-3 codes it reads as codes, and values that name no country (kept as written).
   */
  country: z
    .object({
      read: z.array(z.object({ value: z.string(), code: z.string() })),
      unknown: z.array(z.string()),
    })
    .nullable(),
  /**
   * Every distinct value of the column (trimmed) with its count, most frequent first, over the whole
   * file (see `valuesComplete`); null when the column has more than 50 (ids, names, dates).
   */
  values: z.array(z.object({ value: z.string(), count: z.number().int() })).nullable(),
});

export const PreviewRowSchema = z.object({
  row: z.number().int(),
  line: z.number().int(),
  fields: z.array(z.string()),
  /** The row through the mapping: the values it would write, or why it would be rejected. */
  values: z.record(z.string(), z.unknown()).nullable(),
  errors: z.array(CellErrorSchema),
});

export const PreviewSchema = z.object({
  fileName: z.string(),
  size: z.number().int(),
  estimatedRows: z.number().int(),
  detected: DetectedSchema,
  columns: z.array(ColumnPreviewSchema),
  rows: z.array(PreviewRowSchema),
  /** The mapping in effect: the one given, else the preset applied to this file, else the suggestion. */
  mapping: MappingSchema,
  /**
   * The preset applied: the columns of its fields the file lacks (`dropped`, one entry per field left
   * out) and how many of its fields fit (`kept`; 0: none of its columns is in the file).
   */
  preset: z
    .object({ id: z.string(), name: z.string(), dropped: z.array(z.string()), kept: z.number().int() })
    .nullable(),
  /** What stops this mapping from running on this file (e.g. a date column whose day and month can't be told apart). */
  mappingProblems: z.array(z.string()),
  unusedColumns: z.array(z.string()),
  /** The columns' `values` are counted over the whole file (false: over its first 2,000,000 rows). */
  valuesComplete: z.boolean(),
});
export type ImportPreview = z.infer<typeof PreviewSchema>;

/**
 * What became of the scores after an import or its undo: nothing to score (or no live version), the
 * leads scored (the touched ones in place, or every lead by the CLI), or a full rescore started as a
 * job in the app (jobId null when another write job was running, so it could not start).
 */
export const ScoringAfterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none'), reason: z.enum(['no-active-version', 'nothing-to-score']) }),
  z.object({
    kind: z.literal('scored'),
    versionNumber: z.number().int(),
    scored: z.number().int(),
    handoffsCreated: z.number().int(),
  }),
  z.object({ kind: z.literal('rescore'), versionNumber: z.number().int(), jobId: z.string().nullable() }),
]);
export type ScoringAfter = z.infer<typeof ScoringAfterSchema>;

/**
 * What the whole file showed that the user should know though no row was rejected: new leads with
 * no creation date in their row (dated at the import's time), and values of a country field that
 * name no country (stored as written), each with its row count, most rows first.
 */
export const ImportNotesSchema = z.object({
  undatedLeads: z.number().int(),
  unknownCountries: z.array(z.object({ value: z.string(), count: z.number().int() })),
});
export type ImportNotes = z.infer<typeof ImportNotesSchema>;

export const ImportResultSchema = z.object({
  runId: z.string(),
  /** Set when the import was committed (it is then in the history and can be undone). */
  importId: z.string().nullable(),
  status: z.enum(['imported', 'aborted', 'dry-run']),
  kind: ImportKindSchema,
  fileName: z.string(),
  counts: CountsSchema,
  /** The first errors (all of them are in the error file). */
  errors: z.array(CellErrorSchema),
  errorCount: z.number().int(),
  hasErrorFile: z.boolean(),
  warnings: z.array(z.string()),
  /** The warnings' facts, for the wizard to say in the UI language (absent from an older result). */
  notes: ImportNotesSchema.optional(),
  detected: z.record(z.string(), z.unknown()),
  durationMs: z.number(),
  /** Set once the import committed and its leads were scored (see ScoringAfterSchema). */
  scoring: ScoringAfterSchema.optional(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const ImportHistoryItemSchema = z.object({
  id: IdSchema,
  kind: ImportKindSchema,
  fileName: z.string(),
  fileSize: z.number().int(),
  counts: CountsSchema,
  onError: z.enum(['abort', 'skip']),
  mapping: MappingSchema,
  detected: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()),
  hasErrorFile: z.boolean(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema.nullable(),
  status: z.enum(['done', 'undone']),
  undoneAt: TimestampSchema.nullable(),
});
export type ImportHistoryItem = z.infer<typeof ImportHistoryItemSchema>;

export const ImportPresetSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ImportKindSchema.nullable(),
  builtin: z.boolean(),
  description: z.string().nullable(),
  /** null for "Generic": suggestions from the header names and values. */
  mapping: MappingSchema.nullable(),
  updatedAt: TimestampSchema.nullable(),
});
export type ImportPreset = z.infer<typeof ImportPresetSchema>;

/**
 * Why an undo is refused, as facts: an undo conflict error's `details.conflicts` (beside
 * `details.problems`, the same in English). `what` of a dependent is a code of main's DEPENDENT_CODES.
 */
export const UndoConflictSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('later'), files: z.array(z.string()) }),
  z.object({ code: z.literal('changed'), entity: z.string(), n: z.number().int() }),
  z.object({ code: z.literal('dependents'), what: z.string(), n: z.number().int() }),
]);
export type UndoConflict = z.infer<typeof UndoConflictSchema>;

export const UndoResultSchema = z.object({
  deleted: z.number().int(),
  restored: z.number().int(),
  scoring: ScoringAfterSchema.optional(),
});

const OnErrorSchema = z.enum(['abort', 'skip']);

export const imports = {
  upload: method(
    'imports:upload',
    z
      .object({
        uploadId: IdSchema.optional(),
        fileName: z.string().min(1).max(255),
        offset: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
        data: z.base64().max(MAX_UPLOAD_CHUNK_BASE64),
      })
      .strict(),
    z.object({ uploadId: IdSchema, size: z.number().int() }),
  ),
  preview: method(
    'imports:preview',
    z
      .object({
        source: ImportSourceSchema,
        kind: ImportKindSchema,
        mapping: MappingSchema.optional(),
        presetId: z.string().min(1).max(80).optional(),
        file: FileOptionsSchema.optional(),
        rows: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    PreviewSchema,
  ),
  start: method(
    'imports:start',
    z
      .object({
        source: ImportSourceSchema,
        mapping: MappingSchema,
        onError: OnErrorSchema,
        dryRun: z.boolean().default(false),
      })
      .strict(),
    z.object({ jobId: z.string(), runId: z.string() }),
  ),
  result: method(
    'imports:result',
    z.object({ jobId: z.string().min(1).max(64) }).strict(),
    ImportResultSchema.nullable(),
  ),
  history: method(
    'imports:history',
    z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    z.array(ImportHistoryItemSchema),
  ),
  undo: method(
    'imports:undo',
    z.object({ id: IdSchema, force: z.boolean().default(false) }).strict(),
    UndoResultSchema,
  ),
  errorsCsv: method(
    'imports:errorsCsv',
    z.object({ runId: IdSchema }).strict(),
    z.object({ fileName: z.string(), content: z.string(), truncated: z.boolean(), rows: z.number().int() }),
  ),
  presets: method('imports:presets', EmptySchema, z.array(ImportPresetSchema)),
  savePreset: method(
    'imports:savePreset',
    z.object({ name: z.string().trim().min(1).max(120), mapping: MappingSchema }).strict(),
    ImportPresetSchema,
  ),
  deletePreset: method('imports:deletePreset', z.object({ id: IdSchema }).strict(), OkSchema),
};
