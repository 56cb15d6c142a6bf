import type { ErrorBody } from '../../shared/errors.js';

export interface JobSpec {
  kind: 'rescore';
  dbPath: string;
  params: { versionId: string; asOf?: number };
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ErrorBody };

export interface WorkerInput {
  spec: JobSpec;
  /** Int32Array over a SharedArrayBuffer: the worker's loop is synchronous and cannot read messages. */
  cancelFlag: SharedArrayBuffer;
}
