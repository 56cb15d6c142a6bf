import { Worker } from 'node:worker_threads';
import { workerEntry } from './worker-entry.js';
import { IMPORT_YOUNG_GENERATION_MB } from './heap-limits.js';
import type { Ctx } from '../rpc/context.js';
import { newId } from '../db/ids.js';
import type { JobProgress } from '../../shared/contracts/events.js';
import { AppError } from '../../shared/errors.js';
import type { JobSpec, WorkerInput, WorkerMessage } from './protocol.js';

const IMPORT_TABLES = ['leads', 'touchpoints', 'offers', 'campaigns', 'handoffs', 'outcomes', 'stage_events', 'imports'];
/** Jobs that only read: nothing changed, and their result is fetched whole (backtest:result), not carried in progress events. */
const READ_ONLY_KINDS: ReadonlySet<string> = new Set(['backtest', 'evidence', 'suggest']);

/**
 * How long a cancelled job may take to stop by itself before its thread is terminated. A job checks
 * the flag between chunks; one that cannot (a thread that never got going, a stuck native call) is
 * stopped from outside, which is safe for the data: its transaction never committed, so SQLite
 * rolls it back.
 */
const CANCEL_GRACE_MS = 5_000;

interface Running {
  progress: JobProgress;
  flag: Int32Array;
  done: Promise<unknown>;
  /** Ends the job as cancelled from outside (see CANCEL_GRACE_MS). */
  stop: () => void;
}


/**
 * Long work runs in a worker thread with its own connection, so the UI stays responsive; one write
 * job at a time, since SQLite has one writer. Progress goes out as 'job:progress' events.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Running>();

  constructor(
    private readonly dbPath: string,
    private readonly emit: Ctx['emit'],
    private readonly cancelGraceMs = CANCEL_GRACE_MS,
  ) {}

  list(): JobProgress[] {
    return [...this.jobs.values()].map((j) => j.progress);
  }

  /**
   * Refuse a write from the main connection while a write job holds the workspace: the job keeps the
   * write lock for its whole transaction, and waiting on it would end in "database is locked".
   */
  refuseWhileWriting(what: string): void {
    const busy = [...this.jobs.values()].find((j) => !j.progress.finished && !READ_ONLY_KINDS.has(j.progress.kind));
    if (busy) throw new AppError('conflict', `A ${busy.progress.kind} is running: ${what} when it ends, or cancel it.`);
  }

  start<K extends JobSpec['kind']>(kind: K, params: Extract<JobSpec, { kind: K }>['params']): { jobId: string; done: Promise<unknown> } {
    // One writer at a time (SQLite has one); a read-only job runs beside it, one of its kind at a time.
    const readOnly = READ_ONLY_KINDS.has(kind);
    const busy = [...this.jobs.values()].find(
      (j) => !j.progress.finished && (readOnly ? j.progress.kind === kind : !READ_ONLY_KINDS.has(j.progress.kind)),
    );
    if (busy) throw new AppError('conflict', `A ${busy.progress.kind} is already running; wait for it or cancel it.`);
    const jobId = newId();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const progress: JobProgress = { jobId, kind, done: 0, total: 0, phase: 'starting', finished: false, error: null, result: null };
    const { url, execArgv } = workerEntry('worker');
    const input: WorkerInput = { spec: { kind, dbPath: this.dbPath, params } as JobSpec, cancelFlag: flag.buffer as SharedArrayBuffer };
    const resourceLimits = kind === 'import' ? { maxYoungGenerationSizeMb: IMPORT_YOUNG_GENERATION_MB } : undefined;
    const worker = new Worker(url, { workerData: input, execArgv, resourceLimits });
    const update = (patch: Partial<JobProgress>) => {
      Object.assign(progress, patch);
      this.emit('job:progress', { ...progress });
    };
    let stop: () => void = () => undefined;
    const done = new Promise<unknown>((resolve, reject) => {
      stop = () => {
        if (progress.finished) return;
        update({ finished: true, phase: 'cancelled', error: `The ${kind} was cancelled; nothing was changed.` });
        reject(new AppError('conflict', `The ${kind} was cancelled; nothing was changed.`));
        void worker.terminate();
      };
      worker.on('message', (m: WorkerMessage) => {
        if (progress.finished) return;
        if (m.type === 'progress') update({ done: m.done, total: m.total, phase: m.phase });
        else if (m.type === 'done') {
          const result = m.result && typeof m.result === 'object' ? (m.result as JobProgress['result']) : null;
          update({ finished: true, phase: 'done', done: progress.total, result: readOnly ? null : result });
          if (!readOnly) this.emit('data:changed', { tables: kind === 'import' ? IMPORT_TABLES : ['leads', 'scores', 'handoffs'] });
          resolve(m.result);
        } else {
          update({ finished: true, phase: Atomics.load(flag, 0) === 1 ? 'cancelled' : 'failed', error: m.error.message });
          reject(new AppError(m.error.kind, m.error.message));
        }
      });
      worker.on('error', (e) => {
        if (progress.finished) return;
        update({ finished: true, phase: 'failed', error: e.message });
        reject(e);
      });
      worker.on('exit', (code) => {
        if (!progress.finished) {
          update({ finished: true, phase: 'failed', error: `worker exited with code ${code}` });
          reject(new AppError('internal', `The ${kind} stopped unexpectedly (exit ${code}).`));
        }
      });
    });
    done.catch(() => undefined);
    this.jobs.set(jobId, { progress, flag, done, stop });
    this.emit('job:progress', { ...progress });
    return { jobId, done };
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('not_found', `No job ${jobId}.`);
    if (job.progress.finished) return false;
    Atomics.store(job.flag, 0, 1);
    setTimeout(job.stop, this.cancelGraceMs).unref();
    return true;
  }
}

const runners = new WeakMap<object, JobRunner>();

/** One runner per open workspace, found from the handler context. */
export function jobsFor(ctx: Ctx): JobRunner {
  let r = runners.get(ctx.db);
  if (!r) runners.set(ctx.db, (r = new JobRunner(ctx.path, ctx.emit)));
  return r;
}
