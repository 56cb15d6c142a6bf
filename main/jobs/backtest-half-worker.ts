/**
 * The second thread of a two-thread backtest (main/services/backtest.ts runBacktestInTwo): scores
 * the leads above the split on its own read-only connection and answers its tallies' counts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openWorkspace } from '../db/connection.js';
import { BacktestCancelled, scanUpperHalf, type HalfAnswer, type HalfInput } from '../services/backtest.js';

const input = workerData as HalfInput;
const answer = (m: HalfAnswer) => parentPort!.postMessage(m);
try {
  const db = openWorkspace(input.dbPath, { readonly: true });
  try {
    answer({ type: 'done', ...scanUpperHalf(db, input) });
  } finally {
    db.close();
  }
} catch (e) {
  answer({ type: 'error', cancelled: e instanceof BacktestCancelled, message: e instanceof Error ? e.message : String(e) });
}
