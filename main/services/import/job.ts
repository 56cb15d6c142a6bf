import type { Db } from '../../db/connection.js';
import { ImportResultSchema, type ImportResult } from '../../../shared/contracts/imports.js';
import type { Mapping } from '../../../shared/domain/import/mapping.js';
import { runImport } from './run.js';
import type { ResolvedSource } from './sources.js';

/** What the job runner hands the worker thread for an 'import' job (plain data: it is cloned). */
export interface ImportJobParams {
  runId: string;
  source: ResolvedSource;
  mapping: Mapping;
  onError: 'abort' | 'skip';
  dryRun: boolean;
  errorsPath: string | null;
  userId: string | null;
}

/** The import inside the job worker: progress at most every 100 ms, cancel through the shared flag. */
export function runImportJob(
  db: Db,
  p: ImportJobParams,
  cancelFlag: Int32Array,
  progress: (p: { done: number; total: number; phase: string }) => void,
): Promise<FlatImportResult> {
  let last = 0;
  let lastPhase = '';
  return runImport(db, {
    ...p,
    isCancelled: () => Atomics.load(cancelFlag, 0) === 1,
    onProgress: (done, total, phase) => {
      const t = Date.now();
      if (t - last > 100 || phase !== lastPhase || done === total) {
        last = t;
        lastPhase = phase;
        progress({ done, total, phase });
      }
    },
  }).then(flatten);
}

/**
 * A job's result travels in 'job:progress' events, whose schema allows flat values only: the counts
 * as numbers and the rest (errors, warnings, detection) as one JSON string; `unflatten` reads it back.
 */
export type FlatImportResult = Record<string, string | number | boolean | null>;

export function flatten(r: ImportResult): FlatImportResult {
  return {
    runId: r.runId,
    importId: r.importId,
    status: r.status,
    kind: r.kind,
    fileName: r.fileName,
    ...r.counts,
    errorCount: r.errorCount,
    hasErrorFile: r.hasErrorFile,
    durationMs: r.durationMs,
    details: JSON.stringify({ errors: r.errors, warnings: r.warnings, notes: r.notes, detected: r.detected }),
  };
}

export function unflatten(f: Record<string, unknown>): ImportResult {
  const d = JSON.parse(String(f.details ?? '{}')) as Record<string, unknown>;
  return ImportResultSchema.parse({
    runId: f.runId,
    importId: f.importId,
    status: f.status,
    kind: f.kind,
    fileName: f.fileName,
    counts: { read: f.read, inserted: f.inserted, updated: f.updated, unchanged: f.unchanged, rejected: f.rejected },
    errors: d.errors,
    errorCount: f.errorCount,
    hasErrorFile: f.hasErrorFile,
    warnings: d.warnings,
    notes: d.notes,
    detected: d.detected,
    durationMs: f.durationMs,
  });
}
