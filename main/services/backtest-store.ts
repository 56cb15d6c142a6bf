import type { BacktestResult } from '../../shared/contracts/backtest.js';

/**
 * Backtest results of this session, in memory only: by job (what the running view polls) and the
 * latest per version (so the version page can show it again). The workspace holds none of it; a
 * restart forgets them, and a new backtest is one click.
 */
const MAX_JOBS = 20;
type Entry = { state: 'running' } | { state: 'failed'; error: string } | { state: 'done'; result: BacktestResult };

export class BacktestStore {
  private readonly byJob = new Map<string, Entry>();
  private readonly latestByVersion = new Map<string, BacktestResult>();

  track(jobId: string, done: Promise<unknown>): void {
    this.byJob.set(jobId, { state: 'running' });
    while (this.byJob.size > MAX_JOBS) this.byJob.delete(this.byJob.keys().next().value!);
    done.then(
      (r) => {
        const result = r as BacktestResult;
        this.byJob.set(jobId, { state: 'done', result });
        this.latestByVersion.set(result.version.id, result);
      },
      (e: unknown) => this.byJob.set(jobId, { state: 'failed', error: e instanceof Error ? e.message : String(e) }),
    );
  }

  get(jobId: string): Entry | undefined {
    return this.byJob.get(jobId);
  }

  latest(versionId: string): BacktestResult | null {
    return this.latestByVersion.get(versionId) ?? null;
  }
}

const stores = new WeakMap<object, BacktestStore>();

/** One store per open workspace connection. */
export function backtestStore(db: object): BacktestStore {
  let s = stores.get(db);
  if (!s) stores.set(db, (s = new BacktestStore()));
  return s;
}
