import { jobsFor } from '../jobs/runner.js';
import type { EvidenceJobResult } from '../jobs/evidence-job.js';
import { pendingProposals, recordEvidence } from '../services/reviews-proposals.js';
import type { Ctx } from './context.js';

/** Reviews whose proposals were attached while an evidence job ran: they get theirs next. */
const waiting = new WeakMap<object, Set<string>>();

/**
 * Start the evidence job for a review's pending proposals (one evidence job at a time; a second
 * review waits for the first). Answers the job that will gather them, or null when none is pending.
 * A cancelled or failed job leaves the proposals pending, for "Gather evidence" to run again.
 */
export function gatherPendingEvidence(ctx: Ctx, reviewId: string): string | null {
  if (pendingProposals(ctx.db, reviewId).length === 0) return null;
  const runner = jobsFor(ctx);
  const running = runner.list().find((j) => j.kind === 'evidence' && !j.finished);
  let queue = waiting.get(ctx.db);
  if (!queue) waiting.set(ctx.db, (queue = new Set()));
  if (running) {
    queue.add(reviewId);
    return running.jobId;
  }
  const { jobId, done } = runner.start('evidence', { reviewId });
  const q = queue;
  done.then(
    (r) => {
      if (!ctx.db.open) return;
      const result = r as EvidenceJobResult;
      if (recordEvidence(ctx.db, result.reviewId, result.gathered) > 0) ctx.emit('data:changed', { tables: ['reviews'] });
      // Proposals attached while this job ran, to this review or another.
      q.add(result.reviewId);
      const next = [...q];
      q.clear();
      for (const id of next) gatherPendingEvidence(ctx, id);
    },
    () => q.clear(),
  );
  return jobId;
}
