import type { Db } from '../../db/connection.js';
import { setMeta } from '../../db/meta.repo.js';
import { AppError } from '../../../shared/errors.js';
import { Rng, hashString } from '../../../shared/domain/random.js';
import { addMonths, catalogTimes, writeCatalog } from './catalog.js';
import { Funnel, type FunnelOptions } from './funnel.js';
import { COMPANY_CAPACITY } from './people.js';
import { reviewBacktestParams, writeDemoReview, type DemoReviewInput } from './review.js';
import { reviewFeeder } from './review-feed.js';
import { backtestFeed, type BacktestFeed } from '../backtest.js';
import { fillRollup as fillRollupRows } from './rollup-fill.js';
import { dropForBulk, rebuildAfterBulk } from '../../db/import-bulk.repo.js';
import { withIndexBuildCache } from '../../db/index-build.js';
import { planLeads, simulate } from './plan.js';
import {
  SCRATCH_ALIAS,
  ScratchWorker,
  removeScratch,
  schemaSqlFor,
  scratchPathFor,
  scratchWorkerAvailable,
} from './scratch.js';
import { TouchForwarder, type TouchKinds, type TouchSink } from './touches.js';
import { stepTimer, type Trace } from './trace.js';
import { writeDemoCurrency } from './currency.js';
import type { DemoOptions, DemoPhase, DemoSummary } from './types.js';
import { BULK_TABLES, DemoWriter, type BulkTable } from './writer.js';

export type { DemoOptions, DemoPhase, DemoSummary } from './types.js';

/*
 * Cost at 1M leads / 5M touchpoints (issue 2's goal: under 60 s, under 1 GB), measured on the shared
 * 2-core machine under a load average of 4-7, so CPU seconds are the comparable figure; wall is
 * what the load allowed:
 *
 *   before (ad98664)  main thread 140 s CPU, worker 29 s; peak RSS 1434 MB; wall 415 s
 *   after             main thread  68-72 s CPU, worker 47-49 s; peak RSS 888-910 MB; wall 163-178 s
 *
 * What went: the per-row triggers of the bulk tables. The sync outbox's insert triggers wrote a
 * JSON copy of every row (580 MB of a 1.47 GB file at 200k leads) and, since touchpoints had
 * triggers, the copy from the worker's scratch file ran row by row through them (43 s CPU at 1M)
 * instead of as SQLite's raw transfer (8-10 s now, more tables). lead_rollup's upserts also moved
 * entries in its ten indexes for every stage event and outcome. Now the triggers are dropped inside
 * the generation's transaction and recreated from their stored SQL before commit (a crash or
 * cancel rolls the drop back, so they cannot be lost; no migration, and nothing else can write in
 * between: the transaction is BEGIN IMMEDIATE). lead_rollup is filled by one grouped statement
 * (rollup-fill.ts; equal row for row to the triggers: test/integration/demo-row-triggers.test.ts),
 * in the worker when it holds the funnel tables. The outbox needs no rows: the first sync enrols
 * every row that has neither clocks nor an outbox row (enrollExistingRows, dated by its updated_at),
 * which is what the triggers would have queued (same test). The worker now also writes handoffs,
 * stage events and outcomes, which balanced the two threads (47 s each before the hand-over).
 * What is left on the main thread's serial tail: the copy (8-10 s), the past review's backtest
 * (12 s) and the commit.
 *
 * Then (same machine, two locked runs back to back, migration 0017 in): the past review's backtest
 * is tallied from the simulation (review-feed.ts) and the search index is filled during it; both
 * moved work onto the main thread's simulation, where it waited ~8 s for the worker, and off the
 * serial tail. Per step, CPU s:
 *
 *                        main: simulate  leads idx + FTS  copy  agenda  backtest | worker: load  idx+rollup | critical path*  peak RSS
 *   before                     32.7       20.5 + 11.6    17.0    6.6     10.4    |        41.1      22.2   |    108 s        908 MB
 *   after                      45.1       18.9 + (in)    16.5    5.8      1.2    |        38.0      20.4   |     88 s        891 MB
 *
 * (*) catalog + max(simulations) + max(index builds) + serial tail, in CPU s: what two idle cores
 * would take (test/bench/demo.bench.ts prints it). Wall was 116 s and 148 s, at load averages 1.7
 * and 4.4: the others' load, not this code. Still over the 60 s goal: the main thread now has work
 * in every phase (87 s CPU against the worker's 58), so halving any further means less work in all,
 * not another split; the serial tail (copy 16 s, agenda 6 s) is where the worker sits idle.
 *
 * Then the search index went back to one rebuild after the load (ftsDuringLoad off): interleaved
 * with the leads' inserts its writes made the simulation's step ~20 s CPU longer, for ~10 s of
 * rebuild afterwards. Same lock, back to back (the worker's identical load took 50.7 and 42.4 s
 * CPU in the two runs: that much is noise):
 *
 *                        main: simulate  leads idx + FTS  copy  agenda  backtest | worker: load  idx+rollup | critical path*  wall   peak RSS
 *   FTS during the load        61.8       21.7 + (in)    15.4    5.6      1.1    |        50.7      27.6   |    112 s        125 s   852 MB
 *   FTS rebuilt after          41.5       16.7 + 10.2    16.5    5.9      0.7    |        42.4      18.7   |     93 s        105 s   940 MB
 *
 * Still over 60 s: the two threads are now even in the simulation, the main thread is the long one
 * in the index builds (27 s against 19), and the serial tail (copy ~16 s, agenda ~6 s) is unchanged.
 * The rebuild costs ~90 MB of peak RSS (the goal is 1 GB).
 */

/**
 * How the bulk write is done. The defaults are the measured fastest (see test/bench/demo.bench.ts);
 * the bench and the tests flip them to compare.
 */
export interface DemoTuning {
  /** Rows per multi-row INSERT statement. */
  rowsPerStatement: number;
  /** Drop the leads FTS triggers during the load and rebuild the index once at the end (same transaction). */
  ftsRebuild: boolean;
  /**
   * With ftsRebuild: index the leads written so far at every progress step of the simulation
   * instead of all at the end. The same rows go in the same rowid order, in the same transaction,
   * as 'rebuild' would insert them. Off by default: since the worker took the funnel tables the
   * main thread no longer waits during the simulation, and the search index's writes, interleaved
   * with the leads' inserts, made those inserts twice as slow (page cache shared by both; 200k
   * leads: inserts 5.9 s + index 1.5 s during the load against 2.8 s + a 2.1 s rebuild after it).
   */
  ftsDuringLoad: boolean;
  /** Drop secondary indexes of the bulk tables during the load and recreate them at the end (same transaction). */
  deferIndexes: boolean;
  /**
   * Keep the per-row triggers of the bulk tables firing: lead_rollup's upserts (0011) and the sync
   * outbox's (0008). Off by default: they are dropped inside the transaction, lead_rollup is filled
   * in one statement afterwards (rollup-fill.ts) and the outbox is left to the first sync's
   * enrolment of existing rows (see the note at the top of this file); the tests turn it on to
   * compare both ways.
   */
  rowTriggers: boolean;
  /** Page cache for the job, in MiB (restored afterwards). */
  cacheMiB: number;
  /** SQLite helper threads for the sorts of index builds (PRAGMA threads; restored afterwards). */
  threads: number;
  /**
   * Use a rollback journal instead of WAL for the load when this is the only connection to the file:
   * pages are then written once instead of to the WAL and again at the checkpoint. Restored to WAL.
   */
  rollbackJournal: boolean;
  /**
   * Use a worker thread that writes touchpoints (and scores) into a scratch file while this thread
   * writes the rest; 'auto' does so from 50,000 leads on, for a file-backed workspace, when the
   * worker script is on disk (a bundle must ship main/jobs/demo-worker as its own entry).
   */
  parallel: boolean | 'auto';
  /**
   * Tables the worker fills when the generation runs on two threads (their indexes are built there
   * too); the main thread simulates, writes the others (leads) and builds the leads indexes and
   * search index while the worker finishes. The bench compares splits.
   */
  workerTables: readonly BulkTable[];
  /**
   * Tally the past review's backtest from the simulation, lead by lead, instead of reading every
   * lead and touchpoint back once written (review-feed.ts: the same figures). The scoring then runs
   * while the main thread would wait for the worker, off the serial tail.
   */
  reviewFeed: boolean;
  /** Receives the wall and CPU milliseconds of each step (this thread's CPU; the worker reports its own). */
  trace?: Trace;
}

export const DEFAULT_TUNING: DemoTuning = {
  rowsPerStatement: 1000,
  ftsRebuild: true,
  ftsDuringLoad: false,
  reviewFeed: true,
  deferIndexes: true,
  rowTriggers: false,
  cacheMiB: 64,
  threads: 0,
  rollbackJournal: true,
  parallel: 'auto',
  workerTables: ['touchpoints', 'scores', 'handoffs', 'stage_events', 'outcomes'],
};

/**
 * Start of the current UTC day: the default end of the 12-month history. The story ends today, so the
 * newest handoffs are still inside their SLA when a user first opens the demo (a month-start end left
 * every pending handoff weeks overdue by the end of the month).
 */
export function defaultEndDate(now = Date.now()): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Fill an empty workspace with 12 months of a believable, deterministic history: users, campaigns,
 * offers, two criteria versions, leads with touchpoints, handoffs, decisions, stage events, outcomes.
 *
 * Everything happens in one transaction: on error or abort the file is left exactly as it was.
 * The work yields to the event loop about every 1 %, so an AbortSignal (or a job's cancel message)
 * is seen between batches. Meant for a connection of its own (a job's): other statements on the
 * same connection while it runs would join its transaction.
 */
export async function generateDemo(
  db: Db,
  options: DemoOptions = {},
  tuning: Partial<DemoTuning> = {},
): Promise<DemoSummary> {
  const began = performance.now();
  const t: DemoTuning = { ...DEFAULT_TUNING, ...tuning };
  const mark = stepTimer(t.trace);
  const leadCount = options.leads ?? 20_000;
  const tpl = options.touchpointsPerLead ?? 5;
  const seedText = String(options.seed ?? 1);
  const seed = typeof options.seed === 'number' ? options.seed >>> 0 : hashString(seedText);
  const end = options.endDate ?? defaultEndDate();
  if (!Number.isInteger(leadCount) || leadCount < 0 || leadCount > 5_000_000)
    throw new AppError('validation', 'leads must be an integer from 0 to 5,000,000.');
  if (!(tpl >= 1 && tpl <= 100)) throw new AppError('validation', 'touchpointsPerLead must be between 1 and 100.');
  if (!Number.isFinite(end) || end < Date.UTC(2000, 0, 1))
    throw new AppError('validation', 'endDate must be a timestamp in ms after 2000-01-01.');
  if (db.inTransaction)
    throw new AppError('conflict', 'The demo generator needs a connection with no open transaction.');
  const signal = options.signal;
  signal?.throwIfAborted();

  const has = (table: string) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined;
  if (has('leads'))
    throw new AppError('conflict', 'This workspace already has leads; the demo fills only an empty workspace.');
  if (has('criteria_versions'))
    throw new AppError(
      'conflict',
      'This workspace already has criteria versions; the demo fills only an empty workspace.',
    );

  const start = addMonths(end, -12);
  const report = (done: number, phase: DemoPhase) => options.onProgress?.(done, leadCount, phase);
  const parallel =
    (t.parallel === 'auto' ? leadCount >= 50_000 : t.parallel) &&
    db.name !== '' &&
    db.name !== ':memory:' &&
    scratchWorkerAvailable();

  const saved = {
    foreignKeys: db.pragma('foreign_keys', { simple: true }) as number,
    cacheSize: db.pragma('cache_size', { simple: true }) as number,
    threads: db.pragma('threads', { simple: true }) as number,
    tempStore: db.pragma('temp_store', { simple: true }) as number,
    journal: String(db.pragma('journal_mode', { simple: true })),
  };
  let journalChanged = false;
  if (t.rollbackJournal && saved.journal === 'wal' && db.name !== ':memory:') {
    const busy = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0'); // leaving WAL needs the file to ourselves; don't wait for other connections
    try {
      journalChanged = String(db.pragma('journal_mode = DELETE', { simple: true })) === 'delete';
    } catch {
      journalChanged = false; // another connection has the file open: stay in WAL
    } finally {
      db.pragma(`busy_timeout = ${busy}`);
    }
  }
  // Rows are consistent by construction (the tests run foreign_key_check); without the per-row parent
  // lookups, children may also be written before their parent's batch, and the worker's tables can be
  // copied in by SQLite's bulk transfer, which foreign-key enforcement would disable.
  db.pragma('foreign_keys = OFF');
  db.pragma(`cache_size = ${-Math.round(t.cacheMiB * 1024)}`);
  db.pragma(`threads = ${t.threads}`);
  // Index sorts, the search index rebuild and the rollup's groupings spill to temp files (in the OS's
  // page cache) instead of growing this process: the workspace connection keeps temp data in memory.
  db.pragma('temp_store = FILE');

  let worker: ScratchWorker | null = null;
  let scratchPath: string | null = null;
  let attached = false;
  db.exec('BEGIN IMMEDIATE');
  try {
    report(0, 'catalog');
    const catalog = writeCatalog(db, new Rng(seed, 'catalog'), catalogTimes(start, end));
    setMeta(db, 'current_user_id', catalog.marketingOwner.id);
    setMeta(db, 'time_zone', 'Europe/Amsterdam');
    setMeta(db, 'demo_seed', seedText);
    setMeta(db, 'demo_end_date', new Date(end).toISOString());

    const plan = planLeads(leadCount, start, end);
    const funnelOptions: FunnelOptions = {
      seed,
      start,
      end,
      touchpointsPerLead: tpl,
      companies: Math.max(20, Math.min(COMPANY_CAPACITY, Math.round(leadCount / 6))),
    };
    const mine: BulkTable[] = parallel ? BULK_TABLES.filter((x) => !t.workerTables.includes(x)) : [...BULK_TABLES];
    // The worker fills lead_rollup when it holds all the funnel tables (it gets the leads' rollup columns).
    const workerRollup =
      parallel &&
      !t.rowTriggers &&
      !t.workerTables.includes('leads') &&
      (['handoffs', 'stage_events', 'outcomes'] as const).every((x) => t.workerTables.includes(x));
    let touchSink: ((kinds: TouchKinds) => TouchSink) | undefined;
    let forwarder: TouchForwarder | null = null;
    if (parallel) {
      scratchPath = scratchPathFor(db);
      const { tableSql, indexSql } = schemaSqlFor(db, t.workerTables);
      const later = (sql: string) => t.deferIndexes && !/^CREATE UNIQUE/i.test(sql);
      worker = new ScratchWorker(
        {
          scratchPath,
          tableSql: [...tableSql, ...indexSql.filter((sql) => !later(sql))],
          indexSql: indexSql.filter(later),
          tables: [...t.workerTables],
          rollup: workerRollup ? rollupSchema(db) : null,
          seed,
          start,
          nurtureCampaignId: catalog.nurtureCampaign.id,
          rowsPerStatement: t.rowsPerStatement,
          cacheMiB: t.cacheMiB,
          trace: t.trace !== undefined,
        },
        t.trace,
      );
      touchSink = (kinds) => (forwarder = new TouchForwarder(kinds));
    }
    const deferred = deferSchemaObjects(db, t, mine, workerRollup);
    mark('catalog');

    const running = worker;
    const writer = new DemoWriter(
      db,
      t.rowsPerStatement,
      running ? { tables: t.workerTables, forwarder: running, rollupLeads: workerRollup } : undefined,
    );
    const funnel = new Funnel(catalog, writer, funnelOptions, touchSink);
    const [v1Ref, v2Ref] = catalog.versionRefs;
    const review: DemoReviewInput = {
      v1Id: v1Ref.id,
      v2Id: v2Ref.id,
      v2CreatedAt: v2Ref.effectiveFrom - 20 * 86_400_000,
      marketingOwnerId: catalog.marketingOwner.id,
      salesOwnerId: catalog.salesOwner.id,
      repId: catalog.reps[0]!.id,
    };
    let feed: BacktestFeed | undefined;
    if (t.reviewFeed) {
      feed = backtestFeed(db, reviewBacktestParams(review));
      funnel.onLead = reviewFeeder(feed, funnel.kinds, new Map(catalog.offers.map((o) => [o.id, o.type])));
    }
    await simulate(funnel, plan, async (done) => {
      if (running && forwarder) await running.sendChunk(forwarder.take(), done);
      deferred.indexSearch();
      report(running ? running.progress() : done, 'leads');
      await yieldToEventLoop();
      signal?.throwIfAborted();
    });
    writer.flush();
    const ours: Record<string, number> = { ...writer.counts(), touchpoints: funnel.touchSink.rows };
    if (running && forwarder) await running.sendChunk((forwarder as TouchForwarder).take(), leadCount);
    const theirs = running?.end();
    mark(`simulate; insert ${mine.join(', ')}${t.ftsDuringLoad && t.ftsRebuild && mine.includes('leads') ? ', index leads_fts' : ''}`);
    if (running) t.trace?.('  of which waiting for the worker', Math.round(running.waitedMs), 0);
    report(running ? running.progress() : leadCount, 'search-index');
    deferred.restore(mark);
    signal?.throwIfAborted();

    if (theirs && scratchPath) {
      const counts = await untilDoneOrAborted(theirs, signal);
      mark('wait for worker');
      for (const table of t.workerTables) {
        if (counts[table] !== ours[table])
          throw new AppError('internal', `Demo threads disagree on ${table}: ${counts[table]} vs ${ours[table]} rows.`);
      }
      report(leadCount, 'merge');
      db.prepare(`ATTACH DATABASE ? AS ${SCRATCH_ALIAS}`).run(scratchPath);
      attached = true;
      // Same schema, empty destination, foreign keys off: SQLite copies records and index entries as they are.
      const copied = workerRollup ? [...t.workerTables, 'lead_rollup'] : t.workerTables;
      for (const table of copied) {
        db.exec(`INSERT INTO main.${table} SELECT * FROM ${SCRATCH_ALIAS}.${table}`);
        mark(`copy ${table} from the worker`);
      }
    }
    deferred.fillRollup(mark);
    deferred.restoreTriggers(mark);
    writeDemoCurrency(db, start);
    mark('reporting currency: convert won revenue');
    signal?.throwIfAborted();
    const reviewCounts = writeDemoReview(db, new Rng(seed, 'review'), review, feed, mark);
    mark('past review: write it');
    report(leadCount, 'commit');
    db.exec('COMMIT');
    mark('commit');
    return {
      seed: seedText,
      startDate: start,
      endDate: end,
      counts: { ...catalog.counts, ...ours, ...reviewCounts },
      ms: Math.round(performance.now() - began),
    };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  } finally {
    if (worker) await worker.stop();
    if (attached) db.exec(`DETACH DATABASE ${SCRATCH_ALIAS}`);
    if (scratchPath) removeScratch(scratchPath);
    if (journalChanged) db.pragma(`journal_mode = ${saved.journal}`);
    db.pragma(`threads = ${saved.threads}`);
    db.pragma(`temp_store = ${saved.tempStore}`);
    db.pragma(`cache_size = ${saved.cacheSize}`);
    db.pragma(`foreign_keys = ${saved.foreignKeys ? 'ON' : 'OFF'}`);
  }
}

/** lead_rollup's table and index SQL as stored, for the worker to build the same table. */
function rollupSchema(db: Db): { tableSql: string; indexSql: string[] } {
  const { tableSql, indexSql } = schemaSqlFor(db, ['lead_rollup']);
  return { tableSql: tableSql[0]!, indexSql };
}

/** Wait for the worker while still honouring the abort signal. */
async function untilDoneOrAborted<T>(done: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return done;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      done,
      new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Inside the open transaction: drop the FTS triggers and the secondary indexes of `tables`, and
 * (unless t.rowTriggers) every other trigger of the bulk tables and lead_rollup's secondary indexes.
 * `restore` recreates the indexes from their exact stored SQL (so the schema ends identical) and
 * rebuilds the FTS index in one pass; `fillRollup` fills lead_rollup and builds its indexes;
 * `restoreTriggers` puts the row triggers back once the worker's tables are copied in (a table with
 * any trigger would turn that copy from a raw transfer into row-by-row inserts). Unique indexes stay:
 * they guard the data. A rollback (error, abort, crash) undoes all, so nothing can be left dropped.
 */
function deferSchemaObjects(
  db: Db,
  t: DemoTuning,
  tables: readonly BulkTable[],
  rollupFromWorker: boolean,
): {
  restore(mark: (step: string) => void): void;
  /** With t.ftsDuringLoad: add the leads written since the last call to the (emptied) search index. */
  indexSearch(): void;
  fillRollup(mark: (step: string) => void): void;
  restoreTriggers(mark: (step: string) => void): void;
} {
  const triggers =
    t.ftsRebuild && tables.includes('leads')
      ? (db
          .prepare(
            `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'leads' AND name LIKE 'leads_fts_%'`,
          )
          .all() as {
          name: string;
          sql: string;
        }[])
      : [];
  const marks = tables.map(() => '?').join(',');
  const indexes = t.deferIndexes
    ? (db
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${marks}) AND sql NOT LIKE 'CREATE UNIQUE%'`,
        )
        .all(...tables) as { name: string; sql: string }[])
    : [];
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const bulkMarks = BULK_TABLES.map(() => '?').join(',');
  const rowTriggers = t.rowTriggers
    ? []
    : (db
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${bulkMarks}) AND name NOT LIKE 'leads_fts_%' ORDER BY rowid`,
        )
        .all(...BULK_TABLES) as { name: string; sql: string }[]);
  const rollup = t.rowTriggers || rollupFromWorker ? null : dropForBulk(db, 'lead_rollup', []);
  for (const tr of triggers) db.exec(`DROP TRIGGER ${quote(tr.name)}`);
  for (const tr of rowTriggers) db.exec(`DROP TRIGGER ${quote(tr.name)}`);
  for (const ix of indexes) db.exec(`DROP INDEX ${quote(ix.name)}`);
  const incremental = triggers.length > 0 && t.ftsDuringLoad;
  // leads is a rowid table filled by appends only during the load, so 'rowid > last' is exactly what is new.
  const searchSince = incremental
    ? db.prepare(
        `INSERT INTO leads_fts(rowid, name, email, company, job_title)
         SELECT rowid, name, email, company, job_title FROM leads WHERE rowid > ? ORDER BY rowid`,
      )
    : null;
  const lastRowid = incremental ? db.prepare('SELECT max(rowid) FROM leads').pluck() : null;
  let indexed = 0;
  const indexSearch = () => {
    if (!searchSince || !lastRowid) return;
    const last = (lastRowid.get() as number | null) ?? 0;
    if (last <= indexed) return;
    searchSince.run(indexed);
    indexed = last;
  };
  return {
    indexSearch,
    fillRollup(mark) {
      if (!rollup) return;
      fillRollupRows(db);
      mark('fill lead_rollup');
      rebuildAfterBulk(db, rollup);
      mark(`create ${rollup.indexes.length} lead_rollup indexes`);
    },
    restoreTriggers(mark) {
      for (const tr of rowTriggers) db.exec(tr.sql);
      if (rowTriggers.length > 0) mark(`recreate ${rowTriggers.length} row triggers`);
    },
    restore(mark) {
      withIndexBuildCache(db, () => {
        for (const ix of indexes) db.exec(ix.sql);
      });
      if (indexes.length > 0) mark(`create ${indexes.length} indexes`);
      if (triggers.length > 0) {
        if (incremental) indexSearch();
        else db.exec(`INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')`);
        for (const tr of triggers) db.exec(tr.sql);
        mark(incremental ? 'index the last leads in leads_fts' : 'rebuild leads_fts');
      }
    },
  };
}
