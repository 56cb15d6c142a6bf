import type { Db } from '../db/connection.js';
import type { BacktestParams, BacktestResult } from '../../shared/contracts/backtest.js';
import { runBacktestInTwo } from '../services/backtest.js';
import { throttledProgress } from './throttle.js';

/** The backtest in a worker (and, for a big workspace, a second one): progress at most every 100 ms, cancel through the shared flag. */
export function runBacktestJob(
  db: Db,
  params: BacktestParams,
  flag: Int32Array,
  post: (p: { done: number; total: number; phase: string }) => void,
): Promise<BacktestResult> {
  const progress = throttledProgress(post);
  return runBacktestInTwo(db, params, {
    isCancelled: () => Atomics.load(flag, 0) === 1,
    onProgress: (done, total) => progress(done, total, 'scoring'),
  });
}
