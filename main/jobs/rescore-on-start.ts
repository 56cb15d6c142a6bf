import { activeScoresComputedAt, hasLiveLeads } from '../db/score-freshness.repo.js';
import type { Ctx } from '../rpc/context.js';
import { jobsFor } from './runner.js';

/**
 * Decay and "within the last N days" windows move scores with every day that passes, while stored
 * scores stay as the last rescore left them: after a few days the leads list and the reports sort and
 * count by points the lead no longer has. So on start, when the active version's scores are older than
 * MAX_AGE_MS (or missing while there are leads), a rescore runs in the background as a job: its
 * progress shows in the header and it can be cancelled. Returns the job id, or null when the scores
 * are fresh or there is nothing to score.
 */
const MAX_AGE_MS = 12 * 3_600_000;

export function rescoreIfStale(ctx: Ctx, now = Date.now()): string | null {
  const s = activeScoresComputedAt(ctx.db);
  if (!s || (s.computedAt !== null && now - s.computedAt < MAX_AGE_MS)) return null;
  if (!hasLiveLeads(ctx.db)) return null;
  return jobsFor(ctx).start('rescore', { versionId: s.versionId }).jobId;
}
