import type { Db } from '../db/connection.js';
import { now } from '../db/ids.js';
import { activeVersionId } from '../db/criteria.repo.js';
import { Worker } from 'node:worker_threads';
import { countHistory, historyReader, medianLeadId, outcomeCounts, touchpointReader, type HistoryLead } from '../db/backtest.repo.js';
import { workerEntry } from '../jobs/worker-entry.js';
import type { BacktestParams, BacktestResult } from '../../shared/contracts/backtest.js';
import type { VersionDetail } from '../../shared/contracts/criteria.js';
import { BacktestTally, decisionMoment, difference, type LazyScore, type LeadFacts, type TallyState } from '../../shared/domain/backtest.js';
import { compileVersion, expandScore, scoreCompact, type CompiledVersion, type ScoringLead, type ScoringTouchpoint } from '../../shared/domain/scoring.js';
import { AppError } from '../../shared/errors.js';
import { get as getVersion } from './criteria.js';

export interface BacktestOptions {
  chunk?: number;
  /** Split in two threads from this many leads (default TWO_THREADS_FROM; tests set it lower). */
  twoThreadsFrom?: number;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

export class BacktestCancelled extends AppError {
  constructor() {
    super('conflict', 'Backtest cancelled.');
  }
}

const ref = (v: VersionDetail) => ({ id: v.id, number: v.number, name: v.name, status: v.status, ruleCount: v.rules.length });

export function facts(l: HistoryLead, decisionDays: number): LeadFacts {
  return {
    leadId: l.id,
    name: l.name,
    company: l.company,
    createdAt: l.createdAt,
    decisionAt: decisionMoment(l.createdAt, l.handedAt, decisionDays),
    decision: l.decision,
    reasonCode: l.reasonCode,
    reasonLabel: l.reasonLabel,
    sql: l.sqlAt !== null,
    won: l.wonAt !== null,
    revenue: l.revenue,
  };
}

function lazyScore(v: CompiledVersion, lead: ScoringLead, touches: readonly ScoringTouchpoint[], asOf: number): LazyScore {
  const c = scoreCompact(v, lead, touches, asOf);
  return { total: c.total, level: c.level, expand: () => expandScore(v.rules, c) };
}

interface Prepared {
  version: VersionDetail;
  baseline: VersionDetail | null;
  period: { from: number | null; to: number | null };
  total: number;
  warnings: string[];
  outcomes: BacktestResult['outcomes'];
  cv: CompiledVersion;
  cb: CompiledVersion | null;
}

type Versions = Pick<Prepared, 'version' | 'baseline' | 'period' | 'cv' | 'cb'>;

function versions(db: Db, params: BacktestParams): Versions {
  const version = getVersion(db, params.versionId);
  const baseId = params.compareToId ?? activeVersionId(db);
  const baseline = baseId && baseId !== version.id ? getVersion(db, baseId) : baseId === version.id ? version : null;
  const period = { from: params.from ?? null, to: params.to ?? null };
  const cv = compileVersion(version);
  const cb = baseline && baseline !== version ? compileVersion(baseline) : null;
  return { version, baseline, period, cv, cb };
}

function prepare(db: Db, params: BacktestParams): Prepared {
  const v = versions(db, params);
  return { ...v, ...periodFacts(db, v) };
}

/** What the period holds as a whole: its lead count (none is an error), outcome counts and the warnings they call for. */
function periodFacts(db: Db, v: Versions): Pick<Prepared, 'total' | 'warnings' | 'outcomes'> {
  const { version, period } = v;
  const total = countHistory(db, period);
  if (total === 0) {
    throw new AppError('validation', 'No leads were created in that period; choose another period.');
  }
  const warnings: string[] = [];
  const scored = (v: VersionDetail) => v.rules.filter((r) => r.kind !== 'sql');
  if (scored(version).length === 0) warnings.push(`Version ${version.number} has no scoring rules: every lead scores 0.`);
  const outcomes = outcomeCounts(db, period);
  if (outcomes.won + outcomes.lost === 0) warnings.push('No lead of this period has a won or lost outcome: win rates and missed deals cannot be judged.');
  if (outcomes.decided === 0) warnings.push('No handoff of this period was accepted or rejected: acceptance cannot be judged.');
  return { total, warnings, outcomes };
}

export interface Tallies {
  tally: BacktestTally;
  /** The compared version's, when it is another version. */
  baseTally: BacktestTally | null;
}

function tallies(p: Pick<Prepared, 'version' | 'baseline'>): Tallies {
  const other = p.baseline && p.baseline !== p.version ? p.baseline : null;
  // The version's missed won deals that the compared one caught are explained against it (what they lost).
  return { tally: new BacktestTally(p.version, other), baseTally: other ? new BacktestTally(other) : null };
}

/** One lead of a backtest: scored under the version (and the compared one) as of its decision moment, then tallied. */
function tallyLead(p: Pick<Prepared, 'cv' | 'cb'>, t: Tallies, f: LeadFacts, lead: ScoringLead, tp: readonly ScoringTouchpoint[]): void {
  const s = lazyScore(p.cv, lead, tp, f.decisionAt);
  if (p.cb && t.baseTally) {
    const b = lazyScore(p.cb, lead, tp, f.decisionAt);
    const baseMql = b.level !== null;
    const mql = t.tally.add(f, s, baseMql, b);
    t.baseTally.add(f, b, mql);
  } else t.tally.add(f, s);
}

/**
 * Score the leads with ids in (after, until] (until null: to the last) into the tallies, in id
 * order, chunk by chunk; `onChunk` gets the leads done so far. The caller holds the read transaction.
 */
function scanLeads(
  db: Db,
  params: BacktestParams,
  p: Pick<Prepared, 'period' | 'cv' | 'cb'>,
  t: Tallies,
  range: { after: string; until: string | null },
  opts: { chunk?: number; isCancelled?: () => boolean; onChunk?: (done: number) => void },
): number {
  const read = historyReader(db, p.period);
  const touches = touchpointReader(db);
  const chunk = opts.chunk ?? 5000;
  let after = range.after;
  let done = 0;
  for (;;) {
    if (opts.isCancelled?.()) throw new BacktestCancelled();
    const got = read.after(after, chunk);
    const leads = range.until === null ? got : got.filter((l) => l.id <= range.until!);
    if (leads.length === 0) break;
    const tps = touches.inRange(leads[0]!.id, leads[leads.length - 1]!.id);
    for (const l of leads) tallyLead(p, t, facts(l, params.decisionDays), l.lead, tps.get(l.id) ?? []);
    done += leads.length;
    after = leads[leads.length - 1]!.id;
    opts.onChunk?.(done);
    if (leads.length < got.length) break;
  }
  return done;
}

function assemble(p: Omit<Prepared, 'cv' | 'cb'>, params: BacktestParams, t: Tallies): BacktestResult {
  const candidate = t.tally.result();
  const baselineResult = p.baseline === p.version ? candidate : (t.baseTally?.result() ?? null);
  return {
    version: ref(p.version),
    baseline: p.baseline ? ref(p.baseline) : null,
    params: { from: p.period.from, to: p.period.to, decisionDays: params.decisionDays },
    computedAt: now(),
    outcomes: p.outcomes,
    candidate,
    baselineResult,
    difference: baselineResult ? difference(candidate, baselineResult) : null,
    warnings: p.warnings,
  };
}

/**
 * Score every lead of the period under the version (and the one compared with) as of its decision
 * moment, using only touchpoints at or before it, and tally against what happened. Reads only: no
 * score, handoff or stage is written, so a backtest can run beside anything.
 */
export function runBacktest(db: Db, params: BacktestParams, opts: BacktestOptions = {}): BacktestResult {
  const p = prepare(db, params);
  const t = tallies(p);
  // One read transaction: every chunk sees the same snapshot even while others write.
  db.transaction(() =>
    scanLeads(db, params, p, t, { after: '', until: null }, {
      ...(opts.chunk !== undefined ? { chunk: opts.chunk } : {}),
      ...(opts.isCancelled ? { isCancelled: opts.isCancelled } : {}),
      onChunk: (done) => opts.onProgress?.(done, p.total),
    }),
  ).deferred();
  return assemble(p, params, t);
}

/**
 * A backtest whose leads are handed in rather than read: the demo generator feeds each lead as it
 * simulates it (its fit fields, touchpoints and what happened to it), so its past review needs no
 * second pass over millions of rows. The caller must feed exactly the leads runBacktest would read,
 * each as that read would return it: every live lead created in the period, in any order (only the
 * listed leads depend on order, and the first LIST_LIMIT of those in feeding order are kept).
 * `result` counts the period in SQL and refuses a feed that does not match it.
 */
export function backtestFeed(db: Db, params: BacktestParams) {
  const v = versions(db, params);
  const t = tallies(v);
  let fed = 0;
  return {
    params,
    /** Whether a lead created at `createdAt` is in the period (the caller feeds only those). */
    inPeriod: (createdAt: number): boolean =>
      createdAt >= (v.period.from ?? -1) && createdAt < (v.period.to ?? Number.MAX_SAFE_INTEGER),
    add(f: LeadFacts, lead: ScoringLead, touches: readonly ScoringTouchpoint[]): void {
      tallyLead(v, t, f, lead, touches);
      fed++;
    },
    result(): BacktestResult {
      const p = { ...v, ...periodFacts(db, v) };
      // A plain Error, not an AppError: evidence records AppErrors as the backtest's message, and a wrong feed is a bug to surface.
      if (p.total !== fed) throw new Error(`Backtest fed ${fed} leads; the period holds ${p.total}.`);
      return assemble(p, params, t);
    },
  };
}
export type BacktestFeed = ReturnType<typeof backtestFeed>;

/** The leads of a period from which the backtest splits in two threads. */
export const TWO_THREADS_FROM = 20_000;

/** What the second thread of a backtest is given and answers (main/jobs/backtest-half-worker.ts). */
export interface HalfInput {
  dbPath: string;
  params: BacktestParams;
  after: string;
  /** Int32Array slots: [0] cancel (1 = stop), [1] leads done by the half. */
  signal: SharedArrayBuffer;
}
export type HalfAnswer = { type: 'done'; candidate: TallyState; base: TallyState | null } | { type: 'error'; cancelled: boolean; message: string };

/** The second half's scan, run in its own thread on its own connection. */
export function scanUpperHalf(db: Db, input: HalfInput): { candidate: TallyState; base: TallyState | null } {
  const signal = new Int32Array(input.signal);
  const p = prepare(db, input.params);
  const t = tallies(p);
  db.transaction(() =>
    scanLeads(db, input.params, p, t, { after: input.after, until: null }, {
      isCancelled: () => Atomics.load(signal, 0) === 1,
      onChunk: (done) => Atomics.store(signal, 1, done),
    }),
  ).deferred();
  return { candidate: t.tally.state(), base: t.baseTally?.state() ?? null };
}

/**
 * The backtest on both cores: this thread scores the leads up to the median id while a second
 * thread scores the rest on its own connection, then its counts join ours (the tallies add up to
 * the one-thread result, lists in id order). The two read snapshots start a moment apart: a write
 * committed in between can show in one half only.
 */
export async function runBacktestInTwo(db: Db, params: BacktestParams, opts: BacktestOptions = {}): Promise<BacktestResult> {
  const p = prepare(db, params);
  const split = medianLeadId(db, p.period, p.total);
  if (p.total < (opts.twoThreadsFrom ?? TWO_THREADS_FROM) || split === null || db.memory) return runBacktest(db, params, opts);
  const t = tallies(p);
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { url, execArgv } = workerEntry('backtest-half-worker');
  const input: HalfInput = { dbPath: db.name, params, after: split, signal: signal.buffer as SharedArrayBuffer };
  const worker = new Worker(url, { workerData: input, execArgv });
  const answer = new Promise<HalfAnswer>((resolve) => {
    worker.once('message', (m: HalfAnswer) => resolve(m));
    worker.once('error', (e) => resolve({ type: 'error', cancelled: false, message: e.message }));
    worker.once('exit', (code) => resolve({ type: 'error', cancelled: false, message: `The backtest's second thread stopped (exit ${code}).` }));
  });
  try {
    db.transaction(() =>
      scanLeads(db, params, p, t, { after: '', until: split }, {
        ...(opts.chunk !== undefined ? { chunk: opts.chunk } : {}),
        isCancelled: () => {
          const stop = opts.isCancelled?.() ?? false;
          if (stop) Atomics.store(signal, 0, 1);
          return stop;
        },
        onChunk: (done) => opts.onProgress?.(done + Atomics.load(signal, 1), p.total),
      }),
    ).deferred();
    // Our half is done first as often as not: keep the bar moving while the other one finishes.
    const ticker = setInterval(() => {
      if (opts.isCancelled?.()) Atomics.store(signal, 0, 1);
      opts.onProgress?.(Math.min(p.total, t.tally.state().n + Atomics.load(signal, 1)), p.total);
    }, 200);
    const other = await answer.finally(() => clearInterval(ticker));
    if (other.type === 'error') throw other.cancelled ? new BacktestCancelled() : new AppError('internal', `Backtest failed: ${other.message}`);
    t.tally.absorb(other.candidate);
    if (t.baseTally && other.base) t.baseTally.absorb(other.base);
    opts.onProgress?.(p.total, p.total);
    return assemble(p, params, t);
  } finally {
    Atomics.store(signal, 0, 1);
    void worker.terminate();
  }
}
