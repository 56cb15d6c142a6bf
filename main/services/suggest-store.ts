import type { SuggestParams, Suggestion } from '../../shared/contracts/suggest.js';

/**
 * Suggestions of this session by job, in memory only (what the suggest page polls, and what
 * "Create draft" builds from without learning it all again). The workspace holds none of it.
 */
const MAX_JOBS = 20;
export type SuggestEntry = { state: 'running' } | { state: 'cancelled'; error: string } | { state: 'failed'; error: string } | { state: 'done'; result: Suggestion };

export class SuggestStore {
  private readonly byJob = new Map<string, SuggestEntry>();
  private readonly paramsByJob = new Map<string, string>();

  track(jobId: string, params: SuggestParams, done: Promise<unknown>, wasCancelled: () => boolean): void {
    this.byJob.set(jobId, { state: 'running' });
    this.paramsByJob.set(jobId, JSON.stringify(params));
    while (this.byJob.size > MAX_JOBS) {
      const oldest = this.byJob.keys().next().value!;
      this.byJob.delete(oldest);
      this.paramsByJob.delete(oldest);
    }
    done.then(
      (r) => this.byJob.set(jobId, { state: 'done', result: r as Suggestion }),
      (e: unknown) => {
        const error = e instanceof Error ? e.message : String(e);
        this.byJob.set(jobId, { state: wasCancelled() ? 'cancelled' : 'failed', error });
      },
    );
  }

  get(jobId: string): SuggestEntry | undefined {
    return this.byJob.get(jobId);
  }

  /** The job's result if it finished and was learnt with exactly these (parsed) params. */
  resultFor(jobId: string, params: SuggestParams): Suggestion | undefined {
    const e = this.byJob.get(jobId);
    return e?.state === 'done' && this.paramsByJob.get(jobId) === JSON.stringify(params) ? e.result : undefined;
  }
}

const stores = new WeakMap<object, SuggestStore>();

/** One store per open workspace connection. */
export function suggestStore(db: object): SuggestStore {
  let s = stores.get(db);
  if (!s) stores.set(db, (s = new SuggestStore()));
  return s;
}
