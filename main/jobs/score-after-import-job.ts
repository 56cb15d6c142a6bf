import type { Ctx } from '../rpc/context.js';
import { planAfterImport, rescoreStarted, scoreInPlace, type ScoringPlan } from '../services/score-after-import.js';
import type { ImportResult, ScoringAfter } from '../../shared/contracts/imports.js';
import { AppError } from '../../shared/errors.js';
import { jobsFor } from './runner.js';

/**
 * The app's side of scoring after an import (services/score-after-import.ts decides what to score):
 * a few leads in place, many by a rescore job on this workspace's runner. The CLI rescores in place
 * instead, being a batch tool.
 */

/** What the scoring after each finished import job came to, for imports:result (kept while the app runs). */
const scoringByJob = new Map<string, ScoringAfter>();

export function carryOutScoring(ctx: Ctx, plan: ScoringPlan): ScoringAfter {
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

/** Once an import job finished: score what it touched, and remember the outcome for its result. */
export function scoreAfterImportJob(ctx: Ctx, jobId: string, result: unknown): void {
  const r = result as Pick<ImportResult, 'status' | 'importId'> | null;
  if (r?.status !== 'imported' || !r.importId) return;
  try {
    const plan = planAfterImport(ctx.db, r.importId);
    if (plan) scoringByJob.set(jobId, carryOutScoring(ctx, plan));
  } catch (e) {
    // The import itself committed; a scoring failure must not turn it into a failed import.
    console.error('[import] scoring the imported leads failed:', e);
  }
}

export function scoringOfImportJob(jobId: string): ScoringAfter | undefined {
  return scoringByJob.get(jobId);
}
