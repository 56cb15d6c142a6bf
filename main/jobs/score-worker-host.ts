import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { workerEntry } from './worker-entry.js';
import type { ScoringVersion } from '../../shared/domain/criteria.js';
import { AppError } from '../../shared/errors.js';
import type { ScoredChunk, ScoreSource } from '../services/rescore-scoring.js';
import { SCORE_SIGNAL, type FromScoreWorker, type ScoreWorkerInput } from './protocol.js';

/** A worker that sends nothing for this long is taken for dead (its exit cannot be seen from a blocked thread). */
const SILENCE_MS = 120_000;


/**
 * Scores from the score worker, taken synchronously: the rescore runs inside one better-sqlite3
 * transaction, which cannot await, so the writing thread blocks on a shared counter (Atomics.wait)
 * and reads the worker's messages with receiveMessageOnPort. Start it only once this connection
 * holds the write lock (BEGIN IMMEDIATE): the worker's snapshot is then the rescore's own.
 */
export function workerScoreSource(
  dbPath: string,
  version: ScoringVersion,
  asOf: number,
  chunk: number,
): { ready(): ScoreSource; close(): void; cpuMs(): number | null } {
  const { port1, port2 } = new MessageChannel();
  const buffer = new SharedArrayBuffer(4 * 3);
  const signal = new Int32Array(buffer);
  const { url, execArgv } = workerEntry('score-worker');
  const input: ScoreWorkerInput = { dbPath, version, asOf, chunk, signal: buffer, port: port2 };
  const worker = new Worker(url, { workerData: input, transferList: [port2], execArgv });
  let seen = 0;
  let ended = false;
  let workerCpuMs: number | null = null;

  const receive = (): FromScoreWorker => {
    let waited = 0;
    for (;;) {
      const got = receiveMessageOnPort(port1);
      if (got) {
        seen += 1;
        return got.message as FromScoreWorker;
      }
      const posted = Atomics.load(signal, SCORE_SIGNAL.posted);
      if (posted > seen) continue; // posted, not yet visible on the port
      if (Atomics.wait(signal, SCORE_SIGNAL.posted, posted, 1000) === 'timed-out' && (waited += 1000) >= SILENCE_MS) {
        throw new AppError('internal', 'The scoring thread stopped responding.');
      }
    }
  };
  const close = () => {
    Atomics.store(signal, SCORE_SIGNAL.stop, 1);
    Atomics.notify(signal, SCORE_SIGNAL.taken);
    port1.close();
    void worker.terminate();
  };
  const source: ScoreSource = {
    next(): ScoredChunk | null {
      if (ended) return null;
      const m = receive();
      if (m.type === 'chunk') {
        Atomics.add(signal, SCORE_SIGNAL.taken, 1);
        Atomics.notify(signal, SCORE_SIGNAL.taken);
        return m.chunk;
      }
      ended = true;
      if (m.type === 'end') {
        workerCpuMs = m.cpuMs;
        return null;
      }
      throw failure(m);
    },
    close,
  };
  return {
    /** Blocks until the worker has opened its snapshot; then chunks follow. */
    ready(): ScoreSource {
      const m = receive();
      if (m.type !== 'ready') throw failure(m);
      return source;
    },
    close,
    /** The worker's own CPU time, once it has sent its last chunk. */
    cpuMs: () => workerCpuMs,
  };
}

function failure(m: FromScoreWorker): AppError {
  return new AppError(
    'internal',
    m.type === 'error' ? `Scoring failed: ${m.message}` : `Score worker protocol: unexpected ${m.type}`,
  );
}
