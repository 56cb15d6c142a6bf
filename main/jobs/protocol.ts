import type { MessagePort } from 'node:worker_threads';
import type { ScoringVersion } from '../../shared/domain/criteria.js';
import type { ErrorBody } from '../../shared/errors.js';
import type { ImportJobParams } from '../services/import/job.js';
import type { BacktestParams } from '../../shared/contracts/backtest.js';
import type { SuggestParams } from '../../shared/contracts/suggest.js';
import type { ScoredChunk } from '../services/rescore-scoring.js';

export type JobSpec =
  | { kind: 'rescore'; dbPath: string; params: { versionId: string; asOf?: number } }
  | { kind: 'import'; dbPath: string; params: ImportJobParams }
  | { kind: 'backtest'; dbPath: string; params: BacktestParams }
  | { kind: 'evidence'; dbPath: string; params: { reviewId: string } }
  | { kind: 'suggest'; dbPath: string; params: SuggestParams };

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ErrorBody };

export interface WorkerInput {
  spec: JobSpec;
  /** Int32Array over a SharedArrayBuffer: the worker's loop is synchronous and cannot read messages. */
  cancelFlag: SharedArrayBuffer;
}

/** What the rescore hands its score worker (main/jobs/score-worker.ts); plain data, cloned. */
export interface ScoreWorkerInput {
  dbPath: string;
  version: ScoringVersion;
  asOf: number;
  chunk: number;
  /** Int32Array over a SharedArrayBuffer, indexed by SCORE_SIGNAL. */
  signal: SharedArrayBuffer;
  port: MessagePort;
}

/** Slots of the score worker's shared signal: chunks posted, chunks taken, stop requested. */
export const SCORE_SIGNAL = { posted: 0, taken: 1, stop: 2 } as const;

export type FromScoreWorker =
  | { type: 'ready' }
  | { type: 'chunk'; chunk: ScoredChunk }
  /** cpuMs: this thread's CPU time (its start included), for the bench's breakdown. */
  | { type: 'end'; cpuMs: number }
  | { type: 'error'; message: string };
