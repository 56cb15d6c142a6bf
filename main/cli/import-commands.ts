import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openWorkspace } from '../db/connection.js';
import { newId } from '../db/ids.js';
import { JobRunner } from '../jobs/runner.js';
import { unflatten } from '../services/import/job.js';
import { rescore } from '../services/rescore.js';
import { planAfterImport, rescoreDone, scoreInPlace } from '../services/score-after-import.js';
import { resolveSource } from '../services/import/sources.js';
import { writeLeadsCsv } from '../services/export.js';
import { current as currentUser } from '../services/users.js';
import { MappingSchema } from '../../shared/domain/import/mapping.js';
import { ImportKindSchema } from '../../shared/domain/import/targets.js';
import type { ImportResult, ScoringAfter } from '../../shared/contracts/imports.js';
import { AppError, describeIssues } from '../../shared/errors.js';
import type { Command, Io } from './commands.js';

function readMapping(path: string, kind: string | undefined) {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AppError(
      'validation',
      `Cannot read the mapping ${path}: ${e instanceof SyntaxError ? `not JSON (${e.message})` : 'no such file'}.`,
    );
  }
  const parsed = MappingSchema.safeParse(raw);
  if (!parsed.success)
    throw new AppError('validation', `The mapping ${path} is invalid: ${describeIssues(parsed.error.issues)}`);
  if (kind !== undefined) {
    const k = ImportKindSchema.safeParse(kind);
    if (!k.success)
      throw new AppError('validation', `--kind must be one of ${ImportKindSchema.options.join(', ')} (got "${kind}").`);
    if (k.data !== parsed.data.kind)
      throw new AppError('validation', `--kind ${kind} does not match the mapping, which is for ${parsed.data.kind}.`);
  }
  return parsed.data;
}

function summary(r: ImportResult): string {
  const c = r.counts;
  const head =
    r.status === 'imported'
      ? `Imported ${r.fileName}`
      : r.status === 'dry-run'
        ? `Dry run of ${r.fileName} (nothing written)`
        : `Aborted: ${r.fileName} has ${c.rejected} rejected row${c.rejected === 1 ? '' : 's'}; nothing was imported`;
  const lines = [
    `${head}: ${c.read} read, ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected.`,
  ];
  for (const e of r.errors.slice(0, 10)) lines.push(`  line ${e.line} (row ${e.row}), ${e.column}: ${e.reason}`);
  if (r.errorCount > 10) lines.push(`  … ${r.errorCount - 10} more`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  if (r.scoring) lines.push(scoringLine(r.scoring));
  return lines.join('\n');
}

function scoringLine(s: ScoringAfter): string {
  if (s.kind === 'none')
    return s.reason === 'no-active-version' ? 'No criteria version is live, so nothing was scored.' : 'No scores changed.';
  const handoffs = (n: number) => (n === 0 ? 'no new handoffs' : `${n} new handoff${n === 1 ? '' : 's'}`);
  if (s.kind === 'scored') return `Scored ${s.scored} lead${s.scored === 1 ? '' : 's'} under v${s.versionNumber}: ${handoffs(s.handoffsCreated)}.`;
  return `A rescore under v${s.versionNumber} is needed: run leadpact score.`;
}

/** The CLI scores what the import touched before it exits, a full rescore included: it is a batch tool. */
function scoreAfter(db: Parameters<typeof planAfterImport>[0], r: ImportResult): ImportResult {
  if (r.status !== 'imported' || !r.importId) return r;
  const plan = planAfterImport(db, r.importId);
  if (!plan) return r;
  if (plan.kind !== 'all') return { ...r, scoring: scoreInPlace(db, plan) };
  return { ...r, scoring: rescoreDone(rescore(db, plan.versionId)) };
}

export const importCommands: Record<string, Command> = {
  import: {
    usage:
      'leadpact import <file.db> --kind leads|touchpoints|offers|handoffs|outcomes --csv F --mapping M.json [--dry-run] [--on-error abort|skip] [--errors out.csv] [--json]',
    summary: 'Import a CSV through a mapping, in one transaction (exit 1 when it aborts; Ctrl-C cancels it, nothing written).',
    options: {
      kind: { type: 'string', description: 'what the rows are (must match the mapping)' },
      csv: { type: 'string', description: 'the CSV file' },
      mapping: { type: 'string', description: 'the mapping JSON (the same format as a saved preset)' },
      'dry-run': { type: 'boolean', description: 'check every row, writes included, then roll back' },
      'on-error': {
        type: 'string',
        description: 'abort (default): import nothing if any row is rejected; skip: import the valid rows',
      },
      errors: { type: 'string', description: 'write the rejected rows, with line and reason, to this CSV' },
      json: { type: 'boolean', description: 'print the result as JSON' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io: Io) {
      if (typeof values.csv !== 'string') throw new AppError('validation', '--csv <file> is required.');
      if (typeof values.mapping !== 'string') throw new AppError('validation', '--mapping <file.json> is required.');
      const onError = values['on-error'] ?? 'abort';
      if (onError !== 'abort' && onError !== 'skip')
        throw new AppError('validation', `--on-error must be abort or skip (got "${String(onError)}").`);
      const mapping = readMapping(values.mapping, typeof values.kind === 'string' ? values.kind : undefined);
      const source = resolveSource({ path: values.csv });
      const path = resolve(file!);
      // Opening here migrates (and refuses a bad file) before the job's thread opens its own connection.
      const db = openWorkspace(path);
      let result: ImportResult;
      try {
        let lastPct = -1;
        // The import runs on the job runner, as in the app: in a worker thread with the import's heap
        // limits (jobs/heap-limits.ts), so a CLI import peaks at the memory the app's does.
        const runner = new JobRunner(path, (event, payload) => {
          if (event !== 'job:progress' || !io.isTty) return;
          const p = payload as { done: number; total: number; phase: string };
          const pct = Math.floor((100 * p.done) / Math.max(p.total, 1));
          if (pct !== lastPct) {
            lastPct = pct;
            io.err(`\r${p.phase} ${pct}%`);
          }
        });
        const { jobId, done } = runner.start('import', {
          runId: newId(),
          source,
          mapping,
          onError,
          dryRun: values['dry-run'] === true,
          errorsPath: typeof values.errors === 'string' ? resolve(values.errors) : null,
          userId: currentUser(db)?.id ?? null,
        });
        // Ctrl-C cancels between chunks: the import's one transaction rolls back, nothing is written.
        const onSigint = () => runner.cancel(jobId);
        process.once('SIGINT', onSigint);
        try {
          result = unflatten((await done) as Record<string, unknown>);
        } finally {
          process.off('SIGINT', onSigint);
        }
        result = scoreAfter(db, result);
      } finally {
        db.close();
      }
      if (io.isTty) io.err('\r');
      io.out(values.json ? JSON.stringify(result) : summary(result));
      if (result.hasErrorFile && typeof values.errors === 'string' && !values.json)
        io.out(`Rejected rows written to ${values.errors}`);
      if (result.status === 'aborted') throw new AbortedImport();
    },
  },
  'export leads': {
    usage: 'leadpact export leads <file.db> --out F.csv [--q text] [--stage S] [--country C]',
    summary: 'Write leads (optionally filtered) to CSV; formula-like cells are neutralised.',
    options: {
      out: { type: 'string', description: 'the CSV to write' },
      q: { type: 'string', description: 'search text' },
      stage: { type: 'string', description: 'only this stage' },
      country: { type: 'string', description: 'only this country' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      if (typeof values.out !== 'string') throw new AppError('validation', '--out <file.csv> is required.');
      const db = openWorkspace(file!, { readonly: true });
      try {
        const filters = {
          ...(typeof values.q === 'string' ? { q: values.q } : {}),
          ...(typeof values.stage === 'string' ? { stages: [values.stage as never] } : {}),
          ...(typeof values.country === 'string' ? { country: values.country } : {}),
        };
        const r = await writeLeadsCsv(db, { filters, sort: { column: 'createdAt', dir: 'asc' } }, values.out);
        io.out(`Wrote ${r.rows} leads to ${values.out}`);
      } finally {
        db.close();
      }
    },
  },
};

/** An import that aborted on rejected rows: the counts are already printed; the CLI exits 1. */
export class AbortedImport extends AppError {
  constructor() {
    super('validation', 'import aborted: rejected rows (see above); nothing was imported');
  }
}
