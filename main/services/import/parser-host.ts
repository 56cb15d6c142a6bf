import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.js';
import { PARSE_YOUNG_GENERATION_MB } from '../../jobs/heap-limits.js';
import { workerEntry } from '../../jobs/worker-entry.js';
import type { CellError } from '../../../shared/domain/import/compile.js';
import type { BatchItem, Detection, FromParser, ParseSpec, ToParser } from './protocol.js';

/**
 * The writing side's handle on the parse worker: wait for the detection, pull batches in order,
 * acknowledge each (with the rows the database refused), then finish to get the error file closed.
 */
export class ParserHost {
  private readonly worker: Worker;
  private readonly queue: FromParser[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private exited = false;
  private parseTimings: Record<string, number> = {};
  private countries: [string, number][] = [];

  constructor(spec: ParseSpec) {
    const { url, execArgv } = workerEntry('parse-worker', import.meta.url);
    // The parser's garbage is short-lived (a batch's strings): a small young generation keeps the
    // worker's footprint near its live data, which is what the import's peak RSS goal is about.
    this.worker = new Worker(url, { workerData: spec, execArgv, resourceLimits: { maxYoungGenerationSizeMb: PARSE_YOUNG_GENERATION_MB } });
    this.worker.on('message', (m: FromParser) => this.push(m));
    this.worker.on('error', (e) => {
      this.failure = e;
      this.wake?.();
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (code !== 0 && !this.failure)
        this.failure = new AppError('internal', `The CSV parser stopped unexpectedly (exit ${code}).`);
      this.wake?.();
    });
  }

  private push(m: FromParser): void {
    this.queue.push(m);
    this.wake?.();
  }

  private async next(): Promise<FromParser> {
    for (;;) {
      const m = this.queue.shift();
      if (m) {
        if (m.type === 'fatal') throw new AppError(m.error.kind, m.error.message, m.error.details);
        return m;
      }
      if (this.failure) throw this.failure;
      if (this.exited) throw new AppError('internal', 'The CSV parser ended without finishing.');
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }

  async ready(): Promise<{ detection: Detection; size: number }> {
    const m = await this.next();
    if (m.type !== 'ready') throw new AppError('internal', `Parser protocol: expected ready, got ${m.type}`);
    return { detection: m.detection, size: m.size };
  }

  /** Batches until the end of the file. */
  async *batches(): AsyncGenerator<{ seq: number; items: BatchItem[]; bytes: number }> {
    for (;;) {
      const m = await this.next();
      if (m.type === 'batch') yield m;
      else if (m.type === 'end') {
        this.parseTimings = m.timings;
        this.countries = m.unknownCountries;
        return;
      } else throw new AppError('internal', `Parser protocol: unexpected ${m.type}`);
    }
  }

  /** Country values that name no country, with their row counts (known once the batches have ended). */
  unknownCountries(): [string, number][] {
    return this.countries;
  }

  /** Where the parse worker's time went (known once the batches have ended). */
  timings(): Record<string, number> {
    return this.parseTimings;
  }

  ack(seq: number, rejected: { n: number; errors: CellError[] }[]): void {
    this.worker.postMessage({ type: 'ack', seq, rejected } satisfies ToParser);
  }

  /** All batches acknowledged: let the worker close the error file. */
  async finish(): Promise<{ errorRows: number }> {
    this.worker.postMessage({ type: 'finish' } satisfies ToParser);
    const m = await this.next();
    if (m.type !== 'closed') throw new AppError('internal', `Parser protocol: expected closed, got ${m.type}`);
    return { errorRows: m.errorRows };
  }

  async terminate(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }
}
