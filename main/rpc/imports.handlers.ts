import { imports } from '../../shared/contracts/imports.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../db/ids.js';
import { jobsFor } from '../jobs/runner.js';
import * as history from '../services/import/history.js';
import { unflatten } from '../services/import/job.js';
import { preview } from '../services/import/preview.js';
import { errorsPathFor, resolveSource } from '../services/import/sources.js';
import { afterImport, receiveUpload, withSource } from '../services/import/uploads.js';
import { planAfterImport, planForUndo, rescoreStarted, scoreInPlace, type ScoringPlan } from '../services/score-after-import.js';
import { current as currentUser } from '../services/users.js';
import type { ImportResult, ScoringAfter } from '../../shared/contracts/imports.js';
import { handle } from './handle.js';
import type { Ctx } from './context.js';

const changed = <T>(ctx: Ctx, value: T, tables: string[]): T => {
  ctx.emit('data:changed', { tables });
  return value;
};

/** What the scoring after each finished import job came to, for imports:result (kept while the app runs). */
const scoringByJob = new Map<string, ScoringAfter>();

function carryOut(ctx: Ctx, plan: ScoringPlan): ScoringAfter {
  if (plan.kind !== 'all') {
    const r = scoreInPlace(ctx.db, plan);
    if (r.kind === 'scored') ctx.emit('data:changed', { tables: ['leads', 'scores', 'handoffs'] });
    return r;
  }
  try {
    return rescoreStarted(ctx.db, plan, jobsFor(ctx).start('rescore', { versionId: plan.versionId }).jobId);
  } catch (e) {
    // Another write job holds the workspace: the user rescores from Criteria once it ends.
    if (e instanceof AppError && e.kind === 'conflict') return rescoreStarted(ctx.db, plan, null);
    throw e;
  }
}

function scoreAfterJob(ctx: Ctx, jobId: string, result: unknown): void {
  const r = result as Pick<ImportResult, 'status' | 'importId'> | null;
  if (r?.status !== 'imported' || !r.importId) return;
  try {
    const plan = planAfterImport(ctx.db, r.importId);
    if (plan) scoringByJob.set(jobId, carryOut(ctx, plan));
  } catch (e) {
    // The import itself committed; a scoring failure must not turn it into a failed import.
    console.error('[import] scoring the imported leads failed:', e);
  }
}

export const importsHandlers = [
  handle(imports.upload, (input) => receiveUpload(input)),
  handle(imports.preview, (input, { db }) => withSource(input.source, (source) => preview(db, source, input))),
  handle(imports.start, (input, ctx) => {
    const source = resolveSource(input.source);
    const runId = newId();
    const { jobId, done } = jobsFor(ctx).start('import', {
      runId,
      source,
      mapping: input.mapping,
      onError: input.onError,
      dryRun: input.dryRun,
      errorsPath: errorsPathFor(ctx.path, runId),
      userId: currentUser(ctx.db)?.id ?? null,
    });
    done.then(
      (r) => {
        scoreAfterJob(ctx, jobId, r);
        afterImport(input.source, source, (r as { status?: string } | null)?.status ?? null);
      },
      () => afterImport(input.source, source, null),
    );
    return { jobId, runId };
  }),
  handle(imports.result, (input, ctx) => {
    const job = jobsFor(ctx)
      .list()
      .find((j) => j.jobId === input.jobId);
    if (!job) throw new AppError('not_found', `No job ${input.jobId}.`);
    if (job.kind !== 'import') throw new AppError('validation', `Job ${input.jobId} is a ${job.kind}, not an import.`);
    if (!job.finished || !job.result) return null;
    const scoring = scoringByJob.get(job.jobId);
    return { ...unflatten(job.result), ...(scoring ? { scoring } : {}) };
  }),
  handle(imports.history, (input, { db }) => history.history(db, input.limit)),
  handle(imports.undo, (input, ctx) => {
    jobsFor(ctx).refuseWhileWriting('undo the import');
    // What to score is read before the undo removes the touchpoints that name their leads.
    const plan = planForUndo(ctx.db, input.id);
    const undone = history.undo(ctx.db, input.id, { force: input.force });
    const result = changed(ctx, undone, ['leads', 'touchpoints', 'offers', 'campaigns', 'handoffs', 'outcomes', 'imports']);
    if (!plan) return result;
    try {
      return { ...result, scoring: carryOut(ctx, plan) };
    } catch (e) {
      console.error('[import] rescoring after the undo failed:', e);
      return result;
    }
  }),
  handle(imports.errorsCsv, (input, ctx) => history.errorsCsv(ctx.path, input.runId)),
  handle(imports.presets, (_input, { db }) => history.presets(db)),
  handle(imports.savePreset, (input, ctx) =>
    changed(ctx, history.savePreset(ctx.db, input.name, input.mapping), ['import_presets']),
  ),
  handle(imports.deletePreset, (input, ctx) => {
    history.deletePreset(ctx.db, input.id);
    return changed(ctx, { ok: true as const }, ['import_presets']);
  }),
];
