import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/connection.js';
import type { TouchChunk } from './touches.js';
import type { Trace } from './trace.js';
import type { BulkTable, Forwarder } from './writer.js';

/**
 * The second core. The main thread simulates and writes leads; a worker thread receives the other
 * rows (touchpoints as typed-array columns, funnel rows as ready-to-bind batches) and writes them
 * into a scratch SQLite file (no journal, no fsync: it is thrown away). When both are done, the main
 * connection copies those tables in with `INSERT INTO main.t SELECT * FROM scratch.t`, which SQLite
 * performs as a raw transfer of records and index entries (the "xfer optimization": same schema,
 * empty destination, foreign keys off), inside the one transaction of generateDemo.
 */

export interface ScratchJob {
  scratchPath: string;
  /** Schema of the tables to fill, exactly as in the workspace: run before the load ... */
  tableSql: string[];
  /** ... and after it (secondary indexes, built in one sort each). */
  indexSql: string[];
  tables: BulkTable[];
  seed: number;
  start: number;
  nurtureCampaignId: string;
  rowsPerStatement: number;
  cacheMiB: number;
  /**
   * Fill lead_rollup in the scratch file too (from the leads' rollup columns the main thread sends
   * and the funnel tables the worker holds), with this schema; the main thread copies it in.
   */
  rollup: { tableSql: string; indexSql: string[] } | null;
  /** Post the worker's step timings back. */
  trace: boolean;
}

export type ToWorker =
  { type: 'chunk'; seq: number; touches: TouchChunk; batches: [string, unknown[]][] } | { type: 'end' };

export type FromWorker =
  | { type: 'ack'; seq: number }
  | { type: 'trace'; step: string; wallMs: number; cpuMs: number }
  | { type: 'done'; counts: Record<string, number> }
  | { type: 'error'; message: string; stack?: string };

export const SCRATCH_ALIAS = 'demo_scratch';
/** Chunks the main thread may be ahead of the worker before it waits (bounds memory). */
const MAX_IN_FLIGHT = 3;

/** The schema SQL of `tables` (tables first, then their indexes), read from the workspace itself. */
export function schemaSqlFor(db: Db, tables: readonly string[]): { tableSql: string[]; indexSql: string[] } {
  const marks = tables.map(() => '?').join(',');
  const rows = db
    .prepare(
      `SELECT type, sql FROM sqlite_master WHERE tbl_name IN (${marks}) AND type IN ('table','index') AND sql IS NOT NULL ORDER BY type DESC, rowid`,
    )
    .all(...tables) as { type: 'table' | 'index'; sql: string }[];
  return {
    tableSql: rows.filter((r) => r.type === 'table').map((r) => r.sql),
    indexSql: rows.filter((r) => r.type === 'index').map((r) => r.sql),
  };
}

export function scratchPathFor(db: Db): string {
  return `${db.name}.demo-${process.pid}-${Date.now().toString(36)}.tmp`;
}

export function removeScratch(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/** Open the scratch file the way the worker uses it: a throw-away build, no journal, no fsync. */
export function openScratch(path: string, cacheMiB: number): Db {
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('foreign_keys = OFF');
  db.pragma('temp_store = FILE'); // index sorts spill to (page-cached) temp files, not to this process's memory
  db.pragma(`cache_size = ${-Math.round(cacheMiB * 1024)}`);
  return db;
}

/**
 * From TypeScript sources (tests, tsx) the worker is main/jobs/demo-worker.ts run under tsx; in the
 * electron-vite bundle everything sits in out/main/, so demo-worker.js is beside this chunk.
 */
function workerScript(): { url: URL; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return fromSource
    ? { url: new URL('../../jobs/demo-worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] }
    : { url: new URL('./demo-worker.js', import.meta.url), execArgv: [] };
}

/** False where the worker script is not on disk (e.g. a bundle without it): generate on one thread then. */
export function scratchWorkerAvailable(): boolean {
  const { url } = workerScript();
  return url.protocol === 'file:' && existsSync(fileURLToPath(url));
}

/** The main thread's handle on the worker: a Forwarder for row batches plus chunked hand-over. */
export class ScratchWorker implements Forwarder {
  private readonly worker: Worker;
  private batches: [string, unknown[]][] = [];
  private sent = 0;
  private acked = 0;
  private ackedLeads = 0;
  /** Wall ms this thread spent waiting for the worker to catch up (the slack of the simulation). */
  waitedMs = 0;
  private readonly leadsAt: number[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private stopped = false;
  private finished = false;
  private readonly exited: Promise<void>;
  readonly done: Promise<Record<string, number>>;

  constructor(job: ScratchJob, trace?: Trace) {
    const { url, execArgv } = workerScript();
    this.worker = new Worker(url, { workerData: job, execArgv });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.done = new Promise<Record<string, number>>((resolve, reject) => {
      const fail = (e: Error) => {
        this.failure ??= e;
        this.wake?.();
        reject(e);
      };
      this.worker.on('message', (m: FromWorker) => {
        if (m.type === 'ack') {
          this.acked = m.seq + 1;
          this.ackedLeads = this.leadsAt[m.seq] ?? this.ackedLeads;
          this.wake?.();
        } else if (m.type === 'trace') trace?.(`worker: ${m.step}`, m.wallMs, m.cpuMs);
        else if (m.type === 'done') {
          this.finished = true;
          resolve(m.counts);
        } else {
          const e = new Error(`demo worker: ${m.message}`);
          if (m.stack) e.stack = m.stack;
          fail(e);
        }
      });
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => {
        if (!this.stopped && !this.finished) fail(new Error(`demo worker exited early (code ${code})`));
      });
    });
    this.done.catch(() => undefined); // the caller awaits it; never an unhandled rejection
  }

  send(table: string, values: unknown[]): void {
    this.batches.push([table, values]);
  }

  /** Leads whose rows the worker has written. */
  progress(): number {
    return this.ackedLeads;
  }

  /** Hand over the touchpoints and batches so far (simulated up to `leadsDone`); waits while the worker is behind. */
  async sendChunk(touches: TouchChunk, leadsDone: number): Promise<void> {
    if (this.failure) throw this.failure;
    const msg: ToWorker = { type: 'chunk', seq: this.sent, touches, batches: this.batches };
    this.leadsAt[this.sent] = leadsDone;
    this.worker.postMessage(
      msg,
      [touches.leadRef, touches.kind, touches.at, touches.value].map((a) => a.buffer as ArrayBuffer),
    );
    this.batches = [];
    this.sent++;
    const t0 = performance.now();
    while (this.sent - this.acked > MAX_IN_FLIGHT && !this.failure) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    this.waitedMs += performance.now() - t0;
    if (this.failure) throw this.failure;
  }

  /** No more chunks: the worker builds its indexes and closes the scratch file; resolves with its row counts. */
  end(): Promise<Record<string, number>> {
    this.worker.postMessage({ type: 'end' } satisfies ToWorker);
    return this.done;
  }

  /** After `done`, let the worker end by itself; otherwise (error, cancel) terminate it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.finished) await this.exited;
    else await this.worker.terminate();
  }
}
