import { imports } from '../../shared/contracts/imports.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../db/ids.js';
import { jobsFor } from '../jobs/runner.js';
import { carryOutScoring, scoreAfterImportJob, scoringOfImportJob } from '../jobs/score-after-import-job.js';
import * as history from '../services/import/history.js';
import { unflatten } from '../services/import/job.js';
import { preview } from '../services/import/preview.js';
import { errorsPathFor, resolveSource } from '../services/import/sources.js';
import { afterImport, receiveUpload, withSource } from '../services/import/uploads.js';
import { planForUndo } from '../services/score-after-import.js';
import { current as currentUser } from '../services/users.js';
import { handle } from './handle.js';
import type { Ctx } from './context.js';

const changed = <T>(ctx: Ctx, value: T, tables: string[]): T => {
  ctx.emit('data:changed', { tables });
  return value;
};

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
        scoreAfterImportJob(ctx, jobId, r);
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
    const scoring = scoringOfImportJob(job.jobId);
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
      return { ...result, scoring: carryOutScoring(ctx, plan) };
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
