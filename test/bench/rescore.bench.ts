/**
 * Issue 3: rescore 1M leads / 5M touchpoints under the active version (BENCH_LEADS=N for a quicker
 * run), against DuckDB computing the same points in SQL over the same rows in the same run.
 *
 * The rescore runs on a fresh copy of the demo bench's workspace, so every run measures the same
 * work: first the rescore a week after the demo's snapshot (every decayed score changes, new MQLs are
 * handed off), then the next day's rescore of the same workspace (scores exist: changed ones are updated).
 * Each runs in its own process (test/bench/rescore-child.ts) so its peak RSS is the job's alone.
 *
 * Figures (1M leads, 5M touchpoints, 2 cores shared with other work, so wall follows the load):
 * - Same locked window, the next-day rescore on copies of one workspace, code before/after the score
 *   worker read each chunk's touchpoints from the covering index as it scores (no two-thread table
 *   scan before the first score) and only changed scores were written: 60.6 -> 34.4 s wall, writing
 *   thread 29.8 -> 20.5 s CPU, peak RSS 698 -> 454 MB.
 * - Whole bench, same run against DuckDB: before 58.5 s first (15.9x) and 29.0 s next day (7.9x,
 *   DuckDB 3.67 s); after 55.2 s first (11.3x) and 24.4 s next day (5.0x, DuckDB 4.89 s, on a
 *   busier machine); RSS 703 -> 400-445 MB. Still over the 2x goal: the writing thread's time is now
 *   the score rows (5.4 s CPU), the leads' current scores (5.0 s), the index rebuild (2.6 s) and the
 *   commit (2.0 s); on the first run also the handoffs (9.5 s) and re-opens (5.7 s), with their
 *   sync and rollup triggers firing row by row.
 * - Changed scores updated by rowid (no upsert), lead rowids and current scores from the worker's
 *   chunk, the leads' two score indexes (leads_score and the leads list's leads_stage_score,
 *   migration 0019, a second index every changed score moves) rebuilt once more than half of the
 *   leads change. Next-day rescore, old/new in one locked window on copies of one workspace, three
 *   windows (heavily shared machine): writing thread 25.0/23.2 -> 18.1/20.1 s CPU and 25.2/19.2 ->
 *   22.5/17.5 s (these with the rebuild at 47%: no gain there, so the threshold went to half), then
 *   27.1 -> 19.1 s (wall 30.6 -> 21.9 s) with the indexes updated in place. Whole bench, old then
 *   new in one lock: writing thread first 56.9 -> 43.0 s, next day 26.6 -> 22.7 s; DuckDB 12.4 s in
 *   the old run, 5.2 s in the new one: the load moved the reference more than the code moved
 *   LeadPact. Final code, one more whole run: first 63.2 s (writer 52.5 s CPU), next day 37.0 s
 *   (writer 21.5 s), DuckDB 10.8 s, 5.9x / 3.4x, RSS 462 MB, 2000 of 2000 agree, explanation p95
 *   3.9 ms. Where the next day's writing thread goes now: the leads' current scores 8-10 s (two
 *   indexes each), score rows 3.7-4.4 s, the scores index rebuild 2.2-3.0 s, commit 1.5-2.1 s,
 *   handoff checks 1.4-1.7 s; the worker scores in ~12-13 s CPU (touchpoint reads 3.8 s of it), so
 *   under load the writer waits for it at times. The first run's re-opens (56,745 leads) and
 *   handoffs (25,278) stay 7-11 s each: row-by-row triggers (sync outbox, rollup, handoff twins).
 * - Next session, profiled (phase timers, perf on the child): the next day's writing thread is
 *   SQLite page work, ~170k pages dirtied (the leads' rows, both leads' score indexes, score rows,
 *   scores_lead_total) and spilled to the WAL inside the transaction (pwrite, ext4 block zeroing at
 *   the top of the profile). Tried on copies of one workspace after its first rescore, next day, one
 *   run each: the writer's page cache at 256 MB instead of 64: writing thread 22.6 vs 21.9 s CPU,
 *   RSS 644 MB, no gain; the leads' indexes rebuilt from 20% changed (47% move): 26.1 s, worse (the
 *   leads' updates without the indexes still took 6.2 s, then 5.0-5.7 s to rebuild both). Kept: the
 *   worker marks leads whose stage takes no handoff, and a lead still recycled after the re-opens is
 *   not asked for its re-open date: handoffs 11.6-12.3 -> 8.1-10.2 s CPU on the first run,
 *   1.8-1.9 -> 1.1-1.3 s next day, the same handoffs made. Whole bench, three runs (the second and
 *   third beside other helpers' tests and benches): first 47.7 / 117.1 / 76.1 s wall (writing
 *   thread 46.2 / 50.9 / 45.8 s, scoring thread 12.8 / 11.1 / 11.2 s; before 58.8 s writing), next
 *   day 25.3 / 30.8 / 39.1 s (writing 19.4 / 17.9 / 19.5 s, scoring 11.2 / 9.9 / 11.3 s; before
 *   23.1 s), DuckDB 4.50 / 14.31 / 8.72 s: first 10.6x / 8.2x / 8.7x, next day 5.6x / 2.2x / 4.5x.
 *   Still over 2x: the leads' current scores (8.6-9.2 s next day) and the first run's re-opens
 *   (6.3-8.4 s: the due query 1.7-2.5 s, then a stage event and a lead update per lead with their
 *   sync and rollup triggers) are the largest parts left.
 * - Session 9, an idle machine: first 42.1 s = 11.71x, next day 17.7 s = 4.92x (DuckDB 3.60 s). With
 *   index builds at a 4 MiB cache (main/db/index-build.ts): first 34.5 s = 9.09x, next day 14.7 s =
 *   3.87x (DuckDB 3.80 s), peak RSS 472 -> 379 MB; the rebuilds' own share: scores index 2.5 -> 1.6 s
 *   and leads' score indexes 4.2 -> 1.9 s on the first run, 1.8 -> 1.1 s next day (the rest of the
 *   difference is the machine's pace). Next day's writing thread is now mostly the leads' current
 *   scores (6.6 s: the wide row and two index entries per changed lead) and the score rows (2.8 s).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkspace } from '../../main/db/connection.js';
import { activeVersionId } from '../../main/db/criteria.repo.js';
import { get as getVersion } from '../../main/services/criteria.js';
import { explain } from '../../main/services/explain.js';
import { SCORING_THREAD_CPU } from '../../main/services/rescore.js';
import { BENCH_END, benchLeads, ensureDemoWorkspace } from './demo.bench.js';
import { scoringSql } from './duckdb-scoring.js';

const DAY = 86_400_000;
const root = process.cwd();
const dir = join(root, 'bench-data');
const node = join(root, 'node_modules', '.bin', 'node');
/** Each contribution is rounded to 0.01 for display, DuckDB's sum is not: allow half a cent per rule. */
const ROUNDING_SLACK = 0.2;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

interface ChildResult {
  ms: number;
  /** CPU of the child process, both threads (process start included). */
  cpuMs: number;
  maxRssMB: number;
  summary: { scored: number; mqls: number; handoffsCreated: number };
  steps: { step: string; wallMs: number; cpuMs: number }[];
}

function rescoreChild(dbPath: string, versionId: string, asOf: number): ChildResult {
  const child = spawnSync(node, ['--import', 'tsx', 'test/bench/rescore-child.ts', dbPath, versionId, String(asOf)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

function report(label: string, r: ChildResult): void {
  const s = r.summary;
  const writing = r.steps.filter((st) => st.step !== SCORING_THREAD_CPU).reduce((a, st) => a + st.cpuMs, 0);
  const scoring = r.steps.find((st) => st.step === SCORING_THREAD_CPU)?.cpuMs;
  console.log(
    `  LeadPact ${label}: ${(r.ms / 1000).toFixed(1)} s (CPU of both threads ${(r.cpuMs / 1000).toFixed(1)} s, writing thread ${(writing / 1000).toFixed(1)} s, scoring thread ${scoring === undefined ? 'n/a' : (scoring / 1000).toFixed(1)} s), peak RSS ${r.maxRssMB.toFixed(0)} MB ` +
      `(${s.scored.toLocaleString('en')} scored, ${s.mqls.toLocaleString('en')} at a level, ${s.handoffsCreated.toLocaleString('en')} new handoffs)`,
  );
  for (const st of r.steps.filter((x) => x.step !== SCORING_THREAD_CPU))
    console.log(
      `      ${st.step.padEnd(44)} ${String(st.wallMs).padStart(7)} ms wall  ${String(st.cpuMs).padStart(7)} ms cpu`,
    );
}

function freshCopy(source: string, dest: string): void {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(dest + s, { force: true });
  copyFileSync(source, dest);
}

export async function run(): Promise<void> {
  const leadsN = benchLeads();
  const source = ensureDemoWorkspace(leadsN);
  // Bring the cached workspace to the current schema once, so the timed runs do not migrate a copy.
  openWorkspace(source).close();
  const dbPath = join(dir, `rescore-${leadsN}.db`);
  freshCopy(source, dbPath);
  const db = openWorkspace(dbPath);
  // BENCH_RESCORE_VERSION=retired scores under the demo's retired version: the same reading, scoring and
  // score writing, without the active version's lead updates, re-opens and handoffs (timed apart).
  const retired = process.env.BENCH_RESCORE_VERSION === 'retired';
  const versionId = retired
    ? (db
        .prepare(`SELECT id FROM criteria_versions WHERE status = 'retired' ORDER BY number DESC LIMIT 1`)
        .pluck()
        .get() as string)
    : activeVersionId(db)!;
  const version = getVersion(db, versionId);
  const counts = db
    .prepare('SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM touchpoints) AS touchpoints')
    .get() as {
    leads: number;
    touchpoints: number;
  };
  db.close();
  const asOf = BENCH_END + 7 * DAY;
  console.log(
    `\n# Rescore${retired ? ' under the retired version (no lead updates, re-opens or handoffs)' : ''}: ${counts.leads.toLocaleString('en')} leads, ${counts.touchpoints.toLocaleString('en')} touchpoints, v${version.number} with ${version.rules.length} rules`,
  );
  const first = rescoreChild(dbPath, versionId, asOf);
  report('first rescore, a week after the demo (one transaction)', first);
  const again = rescoreChild(dbPath, versionId, asOf + DAY);
  report('next day, over stored scores', again);

  // Reference: the same points in DuckDB SQL, from CSV copies of the same rows (DuckDB can't read SQLite here).
  const csvDir = join(dir, `duck-${leadsN}`);
  mkdirSync(csvDir, { recursive: true });
  const leadsCsv = join(csvDir, 'leads.csv');
  const touchCsv = join(csvDir, 'touchpoints.csv');
  const tExport = performance.now();
  execFileSync('sqlite3', [
    '-csv',
    '-header',
    dbPath,
    `.output ${leadsCsv}`,
    'SELECT id, email, name, company, domain, country, industry, employees, job_title, seniority, budget, source, attributes FROM leads WHERE deleted = 0',
  ]);
  execFileSync('sqlite3', [
    '-csv',
    '-header',
    dbPath,
    `.output ${touchCsv}`,
    'SELECT t.lead_id, t.type, t.offer_id, o.type AS offer_type, t.campaign_id, t.channel, t.occurred_at FROM touchpoints t LEFT JOIN offers o ON o.id = t.offer_id WHERE t.deleted = 0',
  ]);
  const exportMs = performance.now() - tExport;
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  const tLoad = performance.now();
  await conn.run(
    `CREATE TABLE leads AS SELECT * FROM read_csv($1, header = true, types = {'employees': 'BIGINT', 'budget': 'DOUBLE', 'attributes': 'VARCHAR'})`,
    [leadsCsv],
  );
  await conn.run(
    `CREATE TABLE touchpoints AS SELECT * FROM read_csv($1, header = true, types = {'occurred_at': 'BIGINT'})`,
    [touchCsv],
  );
  const loadMs = performance.now() - tLoad;
  const { sql, params } = scoringSql(version, asOf + DAY);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await conn.run(sql, params);
    runs.push(performance.now() - t0);
  }
  const duckMs = pct(runs, 50);
  console.log(
    `  DuckDB same points in SQL: ${(duckMs / 1000).toFixed(2)} s (median of 3: ${runs.map((r) => (r / 1000).toFixed(1)).join(', ')}; CSV export ${(exportMs / 1000).toFixed(1)} s and load ${(loadMs / 1000).toFixed(1)} s not counted)`,
  );
  console.log(
    `  ratio LeadPact / DuckDB: first ${(first.ms / duckMs).toFixed(2)}×, next day ${(again.ms / duckMs).toFixed(2)}× (goal ≤ 2×); ` +
      `peak RSS goal < 1024 MB: ${Math.max(first.maxRssMB, again.maxRssMB) < 1024 ? 'met' : 'missed'}`,
  );

  // The two must agree: compare totals for a sample of leads (the stored scores are the next day's).
  const wdb = openWorkspace(dbPath);
  const sample = wdb
    .prepare('SELECT lead_id, total, level FROM scores WHERE version_id = ? ORDER BY random() LIMIT 2000')
    .all(versionId) as { lead_id: string; total: number; level: string | null }[];
  const refRows = new Map<string, { total: number; level: string | null }>();
  const reader = await conn.runAndReadAll(
    `SELECT id, total, level FROM ref_scores WHERE id IN (SELECT unnest(string_split($1, ',')))`,
    [sample.map((x) => x.lead_id).join(',')],
  );
  for (const r of reader.getRowObjectsJS() as { id: string; total: number; level: string | null }[])
    refRows.set(r.id, r);
  let mismatches = 0;
  for (const s of sample) {
    const r = refRows.get(s.lead_id);
    if (!r || Math.abs(Number(r.total) - s.total) > ROUNDING_SLACK || r.level !== s.level) {
      mismatches += 1;
      if (process.env.BENCH_DEBUG && mismatches <= 5) console.log('   differs:', s, r);
    }
  }
  console.log(
    `  agreement on ${sample.length} sampled leads: ${sample.length - mismatches} match, ${mismatches} differ`,
  );

  // The lead drawer's explanation for one lead (goal < 20 ms), read back from the stored contributions.
  const ids = (wdb.prepare('SELECT id FROM leads ORDER BY random() LIMIT 200').all() as { id: string }[]).map(
    (r) => r.id,
  );
  let unexplained = 0;
  const times = ids.map((id) => {
    const t0 = performance.now();
    const e = explain(wdb, id);
    const ms = performance.now() - t0;
    const sum = e ? e.contributions.reduce((a, c) => a + c.points, 0) : NaN;
    if (!e || e.source !== 'stored' || Math.abs(sum - e.total) > 0.01) unexplained += 1;
    return ms;
  });
  const refTimes = ids.map((id) => {
    const t0 = performance.now();
    wdb.prepare('SELECT * FROM leads WHERE id = ?').get(id);
    return performance.now() - t0;
  });
  console.log(
    `  explanation of one lead: p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms (goal < 20 ms); ` +
      `reference single-row read p95 ${pct(refTimes, 95).toFixed(3)} ms; ${ids.length - unexplained} of ${ids.length} from stored contributions that sum to the total`,
  );
  wdb.close();
  conn.closeSync();
}
