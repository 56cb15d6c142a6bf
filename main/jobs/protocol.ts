import type { ErrorBody } from '../../shared/errors.js';
import type { ImportJobParams } from '../services/import/job.js';
import type { BacktestParams } from '../../shared/contracts/backtest.js';

export type JobSpec =
  | { kind: 'rescore'; dbPath: string; params: { versionId: string; asOf?: number } }
  | { kind: 'import'; dbPath: string; params: ImportJobParams }
  | { kind: 'backtest'; dbPath: string; params: BacktestParams };

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ErrorBody };

export interface WorkerInput {
  spec: JobSpec;
  /** Int32Array over a SharedArrayBuffer: the worker's loop is synchronous and cannot read messages. */
  cancelFlag: SharedArrayBuffer;
}
