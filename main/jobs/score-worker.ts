/**
 * The rescore's second thread: reads the leads and their touchpoints on its own connection, chunk by
 * chunk, and scores them while the rescore's thread writes the results (see score-worker-host.ts). Its read transaction
 * starts after the rescore took the write lock, so it sees exactly what the rescore would read.
 */
import { workerData } from 'node:worker_threads';
import { openWorkspace } from '../db/connection.js';
import { scoreLeads } from '../services/rescore-scoring.js';
import { SCORE_SIGNAL, type FromScoreWorker, type ScoreWorkerInput } from './protocol.js';

/**
 * Chunks scored ahead of the writer at most: keeps memory flat when writing is the slower side, yet
 * lets this thread work on while the writer applies the due re-opens before its first chunk.
 */
const AHEAD = 32;

const input = workerData as ScoreWorkerInput;
const signal = new Int32Array(input.signal);
const stopped = () => Atomics.load(signal, SCORE_SIGNAL.stop) === 1;
class Stopped extends Error {}

function post(m: FromScoreWorker): void {
  // A chunk's typed arrays move to the other thread instead of being copied.
  input.port.postMessage(
    m,
    m.type === 'chunk'
      ? [m.chunk.fit, m.chunk.engagement, m.chunk.total, m.chunk.disqualifier, m.chunk.unchanged, m.chunk.handoffCandidate]
          .map((a) => a.buffer as ArrayBuffer)
          .concat([m.chunk.scoreRowid, m.chunk.leadRowid, m.chunk.leadTotal].map((a) => a.buffer as ArrayBuffer))
      : [],
  );
  Atomics.add(signal, SCORE_SIGNAL.posted, 1);
  Atomics.notify(signal, SCORE_SIGNAL.posted);
}

try {
  const db = openWorkspace(input.dbPath, { readonly: true });
  try {
    db.pragma('cache_size = -65536');
    db.exec('BEGIN');
    const check = () => {
      if (stopped()) throw new Stopped();
    };
    const source = scoreLeads(db, input.version, input.asOf, input.chunk, check);
    post({ type: 'ready' });
    let sent = 0;
    for (let chunk = source.next(); chunk; chunk = source.next()) {
      post({ type: 'chunk', chunk });
      sent += 1;
      // Wait for the writer to take chunks when it is AHEAD behind (or for a stop).
      for (;;) {
        if (stopped()) throw new Stopped();
        const taken = Atomics.load(signal, SCORE_SIGNAL.taken);
        if (sent - taken < AHEAD) break;
        Atomics.wait(signal, SCORE_SIGNAL.taken, taken, 1000);
      }
    }
    const cpu = process.threadCpuUsage();
    post({ type: 'end', cpuMs: (cpu.user + cpu.system) / 1000 });
    db.exec('COMMIT');
  } finally {
    db.close();
  }
} catch (e) {
  if (!(e instanceof Stopped)) post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
