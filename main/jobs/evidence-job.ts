import type { Db } from '../db/connection.js';
import type { Evidence } from '../../shared/contracts/reviews.js';
import { gatherEvidence, pendingProposals } from '../services/reviews-proposals.js';
import { throttledProgress } from './throttle.js';

export interface EvidenceJobResult {
  reviewId: string;
  gathered: { proposalId: string; evidence: Evidence }[];
}

const STEPS = 1000;

/**
 * The backtest and suggested points of every pending proposal of a review, read on the worker's own
 * connection; the main thread records them (recordEvidence) so this thread never writes.
 */
export function runEvidenceJob(
  db: Db,
  params: { reviewId: string },
  flag: Int32Array,
  post: (p: { done: number; total: number; phase: string }) => void,
): EvidenceJobResult {
  const pending = pendingProposals(db, params.reviewId);
  const total = pending.length * STEPS;
  const progress = throttledProgress(post);
  const gathered = pending.map((p, i) => ({
    proposalId: p.proposalId,
    evidence: gatherEvidence(db, p.versionId, p.change, undefined, {
      isCancelled: () => Atomics.load(flag, 0) === 1,
      onProgress: (fraction, phase) => progress(Math.round((i + fraction) * STEPS), total, phase),
    }),
  }));
  return { reviewId: params.reviewId, gathered };
}
