import type { Db } from '../../db/connection.js';
import { newId, now } from '../../db/ids.js';
import { getMeta } from '../../db/meta.repo.js';
import { finishImport, insertImport, type ImportCounts } from '../../db/imports.repo.js';
import { createWriter, RowRejected } from '../../db/import-writes.repo.js';
import { hasLiveTouchpoints } from '../../db/import-bulk.repo.js';
import type { ImportCellError, ImportResult } from '../../../shared/contracts/imports.js';
import type { CellError } from '../../../shared/domain/import/compile.js';
import type { Mapping } from '../../../shared/domain/import/mapping.js';
import { isValidTimeZone } from '../../../shared/domain/import/transforms.js';
import { noteWarnings } from '../../../shared/domain/import/notes.js';
import { AppError } from '../../../shared/errors.js';
import { ParserHost } from './parser-host.js';
import type { ResolvedSource } from './sources.js';
import { bulkLoad, estimatedRows, type BulkMode } from './bulk.js';
import { Phases } from './phases.js';

export interface RunOptions {
  source: ResolvedSource;
  mapping: Mapping;
  onError: 'abort' | 'skip';
  /** Validate everything, writes included, then roll back: exact counts and errors, nothing kept. */
  dryRun?: boolean;
  /** Where the rejected rows go (CSV); none when null. */
  errorsPath?: string | null;
  runId?: string;
  userId?: string | null;
  onProgress?: (done: number, total: number, phase: string) => void;
  isCancelled?: () => boolean;
  batchSize?: number;
  /** Bulk path for a big leads or touchpoints import (bulk.ts); 'auto' unless a test or the bench forces it. */
  bulk?: BulkMode;
  /** Filled with wall time per phase when given (the bench prints it). */
  phases?: Phases;
}

export class ImportCancelled extends AppError {
  constructor() {
    super('conflict', 'Import cancelled; nothing was changed.');
  }
}

/** A leads or big touchpoints import's page cache, in KiB (negative: PRAGMA cache_size takes -KiB). */
const BULK_IMPORT_CACHE_KIB = -16384;

/**
 * Rows per batch from the parse worker. A batch's rows stay alive while the writer works through it,
 * long enough for the young generation's scavenges to promote them to the old generation, where
 * they pile up until a full collection: smaller batches keep the writer's heap smaller. 1M
 * touchpoints onto 200k leads, peak RSS: 2000 rows 305 MB, 500 293 MB, 250 279 MB, no slower.
 */
const BATCH_ROWS = 500;

/** The page cache of the set-based steps at the end, in KiB (see where it is set). */
const FINISH_CACHE_KIB = -8192;

/** How many errors a result lists (the error file has them all). */
export const LISTED_ERRORS = 200;

/**
 * The column (or template, or constant) of the file a field is read from, as compile.ts names a
 * cell's source: what a row the database refused shows in its Column cell, not the field's name.
 */
export function sourceOfTarget(mapping: Mapping, target: string): string {
  const f = mapping.fields.find((x) => x.target === target);
  if (!f) return target;
  return 'column' in f ? f.column : 'template' in f ? f.template : `constant ${JSON.stringify(f.value)}`;
}

/** The file line of each data row (n = 1, 2, …), 4 bytes a row, for messages that name an earlier row. */
class LineLog {
  private lines = new Int32Array(1 << 12);
  set(n: number, line: number): void {
    if (n >= this.lines.length) {
      const grown = new Int32Array(Math.max(this.lines.length * 2, n + 1));
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[n] = line;
  }
  get(n: number): number | null {
    return n > 0 && n < this.lines.length ? this.lines[n] || null : null;
  }
}

function defaultTimeZone(db: Db): string {
  const tz = getMeta(db, 'time_zone');
  return tz && isValidTimeZone(tz) ? tz : 'UTC';
}

/**
 * Import one CSV: the parse worker reads and validates while this thread matches and writes, all in
 * ONE transaction. It commits only when the run is not a dry run and either no row was rejected or
 * the user chose to skip rejected rows; otherwise (and on cancel, crash or kill) nothing changes.
 * Needs a connection of its own (the job worker's, or the CLI's): it awaits inside the transaction.
 */
export async function runImport(db: Db, opts: RunOptions): Promise<ImportResult> {
  if (db.inTransaction) throw new AppError('internal', 'runImport needs its own connection (a transaction is open).');
  const t0 = performance.now();
  const phases = opts.phases ?? new Phases();
  const runId = opts.runId ?? newId();
  const at = now();
  const fileName = opts.source.fileName;
  const host = new ParserHost({
    path: opts.source.path,
    fileName,
    mapping: opts.mapping,
    timeZone: defaultTimeZone(db),
    errorsPath: opts.errorsPath ?? null,
    batchSize: opts.batchSize ?? BATCH_ROWS,
    window: 4,
  });
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  const counts: ImportCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const errors: ImportCellError[] = [];
  let errorCount = 0;
  const addErrors = (n: number, line: number, list: readonly CellError[]) => {
    errorCount += list.length;
    for (const e of list) if (errors.length < LISTED_ERRORS) errors.push({ file: fileName, row: n, line, ...e });
  };
  try {
    const { detection, size } = await phases.timeAsync('detect and sample', () => host.ready());
    opts.onProgress?.(0, size, 'importing');
    // A touchpoint's lead, offer and campaign ids come from those tables inside this transaction (the
    // writer never takes an id from the file: it finds the lead, offer or campaign a row names, or
    // makes it), so foreign_keys' per-row parent lookups only repeat what the writer knows, and the
    // lead's is a random probe of the leads' key. As the demo does, the rows are consistent by
    // construction and the tests run foreign_key_check. 1M onto 200k leads, two same-lock pairs:
    // 26.4/25.0 s without, 33.6/31.1 s with. Set before BEGIN (a no-op inside), restored when done.
    if (opts.mapping.kind === 'touchpoints') db.pragma('foreign_keys = OFF');
    db.exec('BEGIN IMMEDIATE');
    try {
      insertImport(db, {
        id: runId,
        kind: opts.mapping.kind,
        fileName,
        fileSize: size,
        onError: opts.onError,
        mapping: opts.mapping,
        userId: opts.userId ?? null,
        startedAt: at,
      });
      // A leads import's writes go to the WAL whatever the cache: 16 MiB (not the app's 64) keeps it
      // within its memory bound, and on 200k leads it was no slower. So for touchpoints when no row
      // is looked up by (lead, time, type, offer) (no live touchpoints; a big file's leads then come
      // from typed arrays): 1M onto 200k leads, peak RSS 345 -> 305 MB, 52.9 vs 54.5 s, one pair. Other kinds
      // (and touchpoints with live ones) look up per row, which wants the cache. Restored when done.
      const kind = opts.mapping.kind;
      if (kind === 'leads' || (kind === 'touchpoints' && !hasLiveTouchpoints(db)))
        db.pragma(`cache_size = ${BULK_IMPORT_CACHE_KIB}`);
      const bulk = phases.time('bulk set-up', () => bulkLoad(db, opts.mapping.kind, size, opts.bulk ?? 'auto', phases));
      const timing = { match: 0, total: 0 };
      const lines = new LineLog();
      const writer = createWriter(db, opts.mapping.kind, {
        importId: runId,
        at,
        userId: opts.userId ?? null,
        fileName,
        timing,
        expectedRows: estimatedRows(opts.mapping.kind, size),
        setBased: bulk.stageEvents,
        lineOf: (n) => lines.get(n),
      });
      let waited = performance.now();
      for await (const batch of host.batches()) {
        phases.add('writer waits for parser', performance.now() - waited);
        if (opts.isCancelled?.()) throw new ImportCancelled();
        const refused: { n: number; errors: CellError[] }[] = [];
        for (const item of batch.items) {
          counts.read++;
          lines.set(item.n, item.line);
          if ('errors' in item) {
            counts.rejected++;
            addErrors(item.n, item.line, item.errors);
            continue;
          }
          try {
            const o = writer.apply(item.row, item.n);
            if (o === 'insert') counts.inserted++;
            else if (o === 'update') counts.updated++;
            else counts.unchanged++;
          } catch (e) {
            if (!(e instanceof RowRejected)) throw e;
            counts.rejected++;
            const err: CellError = {
              column: sourceOfTarget(opts.mapping, e.target),
              target: e.target,
              value: e.value,
              reason: e.message,
            };
            addErrors(item.n, item.line, [err]);
            refused.push({ n: item.n, errors: [err] });
          }
        }
        host.ack(batch.seq, refused);
        opts.onProgress?.(batch.bytes, size, 'importing');
        waited = performance.now();
      }
      phases.add('writer waits for parser', performance.now() - waited);
      phases.add('match (lookups)', timing.match);
      phases.add('insert/update rows (with triggers)', timing.total - timing.match);
      for (const [k, v] of Object.entries(host.timings())) phases.add(`parser: ${k}`, v);
      const { errorRows } = await host.finish();
      if (opts.isCancelled?.()) throw new ImportCancelled();
      const status: ImportResult['status'] = opts.dryRun
        ? 'dry-run'
        : opts.onError === 'abort' && counts.rejected > 0
          ? 'aborted'
          : 'imported';
      const unknownCountries = host
        .unknownCountries()
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      const notes = { undatedLeads: writer.undatedLeads?.() ?? 0, unknownCountries };
      const warnings = [...writer.warnings(), ...noteWarnings(notes)];
      const detected = { ...detection, columns: undefined };
      if (status === 'imported') {
        opts.onProgress?.(size, size, 'indexing');
        // The set-based steps sort a row per imported row (the creation events in id order, index
        // rebuilds): in temp files, and with a small cache, since SQLite's sorter holds up to the
        // cache size before it spills. Only for them: row by row, FILE cost the inserts of 200k
        // leads ~3 s of writer CPU in three A/B pairs (its statement journals). Restored when done.
        db.pragma('temp_store = FILE');
        db.pragma(`cache_size = ${FINISH_CACHE_KIB}`);
        bulk.replay();
        phases.time('journal and stage history', () => writer.finish());
        bulk.finish();
        finishImport(db, runId, counts, {
          detected,
          warnings,
          errorFile: errorRows > 0 ? (opts.errorsPath ?? null) : null,
        });
        opts.onProgress?.(size, size, 'committing');
        phases.time('commit', () => db.exec('COMMIT'));
      } else phases.time('rollback', () => db.exec('ROLLBACK'));
      return {
        runId,
        importId: status === 'imported' ? runId : null,
        status,
        kind: opts.mapping.kind,
        fileName,
        counts,
        errors,
        errorCount,
        hasErrorFile: errorRows > 0,
        warnings,
        notes,
        detected,
        durationMs: Math.round(performance.now() - t0),
      };
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    db.pragma(`cache_size = ${Math.trunc(cacheSize)}`);
    db.pragma(`temp_store = ${Math.trunc(tempStore)}`);
    await host.terminate();
  }
}
