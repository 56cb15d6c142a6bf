import type { Db } from '../db/connection.js';
import type { BacktestParams, BacktestResult } from '../../shared/contracts/backtest.js';
import { runBacktest } from '../services/backtest.js';
import { throttledProgress } from './throttle.js';

/** The backtest in a worker: progress at most every 100 ms, cancel through the shared flag. */
export function runBacktestJob(
  db: Db,
  params: BacktestParams,
  flag: Int32Array,
  post: (p: { done: number; total: number; phase: string }) => void,
): BacktestResult {
  const progress = throttledProgress(post);
  return runBacktest(db, params, {
    isCancelled: () => Atomics.load(flag, 0) === 1,
    onProgress: (done, total) => progress(done, total, 'scoring'),
  });
}
