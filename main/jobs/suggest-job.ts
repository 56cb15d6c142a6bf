import type { Db } from '../db/connection.js';
import type { SuggestParams, Suggestion } from '../../shared/contracts/suggest.js';
import { runSuggest } from '../services/suggest.js';
import { throttledProgress } from './throttle.js';

/**
 * Suggested points in a worker: progress at most every 100 ms (and at each phase's end), cancel
 * through the shared flag between chunks of leads and between fits. It only reads, so a cancelled
 * job leaves nothing behind.
 */
export function runSuggestJob(
  db: Db,
  params: SuggestParams,
  flag: Int32Array,
  post: (p: { done: number; total: number; phase: string }) => void,
): Suggestion {
  return runSuggest(db, params, {
    isCancelled: () => Atomics.load(flag, 0) === 1,
    onProgress: throttledProgress(post),
  });
}
