/**
 * Issue 6: every win/loss report with its default filters on the demo bench's workspace (1M leads,
 * ~5M touchpoints; BENCH_LEADS=N for a smaller one): p95 of repeated runs, against DuckDB computing
 * the same figures from the raw tables (CSV copies) in the same run, with an agreement check. Then
 * the first lift report after each kind of write (its summary's upkeep), then
 * what the lead_rollup triggers cost the bulk writes: the demo generator and a CSV import of leads,
 * each run with and without the triggers.
 *
 * Lift from the per-MQL summary (migration 0021, lift-summary.repo.ts), 1M demo, 2 cores shared with
 * other sessions' tests, BENCH_SKIP_TRIGGER_COST=1, three runs (the first with the summary's first
 * commit, which took a write transaction per report; the same counting):
 * - lift p95 637 ms (CPU 337 ms) vs DuckDB 5.24 s: 0.12x; 432 ms (CPU 317 ms) vs 3.14 s: 0.14x;
 *   403 ms (CPU 295 ms) vs 1.53 s: 0.26x (the quietest run). The query over the source tables it
 *   replaced: 1.8-2.6 s CPU here (0.87-1.01x last session).
 * - first report after nothing built (after the demo, whose past review reads the report in its
 *   transaction, or after the upgrade): 5.7-6.9 s (CPU 5.1-5.7 s); after 1,000 touchpoints
 *   inserted before their MQL time 306-451 ms; 1,000 MQL leads' country updated 313-507 ms; 1,000
 *   MQL times moved 0.85-1.30 s (a second pass); another version's rules 0.89-1.13 s, and back to
 *   the active one 1.53-2.38 s (lift_match then held one rule set; it now keeps three, see below).
 * - the other reports, unchanged code, in the same three runs (p95, ratio): funnel 279 ms 0.28x /
 *   124 ms 0.62x / 126 ms 0.59x; velocity 0.03-0.05x; offers 0.08-0.24x; reasons 171 ms 0.67x /
 *   88 ms 0.35x / 48 ms 0.56x; calibration 0.86x / 0.32x / 0.39x; sla 0.56x / 0.26x / 0.75x. Their
 *   CPU ratios stay 0.02-0.47x, but the third run had our wall close to our CPU: funnel, reasons
 *   and sla miss 0.5x when DuckDB gets both cores (sla 71 ms, reasons 86 ms, funnel 214 ms there).
 * - write paths, 200k, parent commit vs the summary's in clean worktrees, back to back in one lock:
 *   demo 23.4 -> 25.1 s wall, its past review's agenda 0.6 -> 1.3 s CPU (the agenda's lift report
 *   builds the summary inside the demo's transaction), file 803 -> 817 MB; CSV import of 200k leads
 *   writer CPU 18.7 -> 16.3 s and of 1M touchpoints onto them 32.4 -> 31.9 s (no cost to see: no
 *   trigger fires on inserts, the others only probe lift_mql for a lead with a summary row).
 *
 * Funnel, reasons and sla below 0.5x (session 6): what cost was GROUP BY, not the rows. A walk of an
 * index range only steps; GROUP BY reads and compares each entry's key, and grouping by a constant
 * NULL split key too (reasons without a split) sorted every row in a temp b-tree. Now, unfiltered:
 * the funnel counts each cohort as a range of its two indexes (cohorts found by seeking past each);
 * reasons group by the reason alone and take the decided base as rejections + accepted; sla counts
 * each (rep, decision) as a range of handoffs_sla_groups (migration 0022, a third of handoffs_sla's
 * entry) and the pending groups' due times as ranges, the decided marked rows one range each. No
 * rollup table: a trigger on lead_rollup would slow the demo's bulk copy and miss INSERT OR REPLACE
 * deletes (no delete trigger fires without recursive_triggers). In-process, same file, old and new
 * alternating 20 rounds (a VACUUM of another file running): CPU median funnel 69 -> 61 ms, reasons
 * 47 -> 20, sla 41 -> 26; same output. 1M, BENCH_SKIP_TRIGGER_COST=1, final code (a HEAD export,
 * its workspace copied from the demo's v20 backup, as the lift's 0021 changed after the shared copy
 * passed 21): funnel 63 ms (CPU 60) vs DuckDB 164 ms, 0.38x; reasons 28 ms vs 83 ms, 0.34x; sla
 * 25 ms vs 68 ms, 0.37x; calibration 51 ms vs 124 ms, 0.42x; lift 0.19x, velocity 0.04x, offers
 * 0.20x; all figures agree. A quiet run (DuckDB at its fastest seen, our wall near our CPU). Two
 * earlier runs under load, part of the code: funnel 0.20x / 0.39x, reasons 0.17x / 0.10x, sla
 * 0.27x / 0.42x. Funnel is still ~60 ms CPU (~30 ns a lead over 1M entries); only a per-cohort
 * aggregate kept by triggers would go below that.
 *
 * Session 6's closing run, HEAD 037b081, the machine otherwise idle (load 0.0-0.4), the workspace
 * copied again from the demo's v20 file so migrations 0021 (summary built in the upgrade) and 0022
 * ran on it, BENCH_SKIP_TRIGGER_COST=1, one run: funnel 63 ms vs 166 ms 0.38x, velocity 0.06x,
 * offers 0.18x, reasons 20 vs 81 ms 0.25x, lift 416 ms vs 1.65 s 0.25x, calibration 53 vs 125 ms
 * 0.42x, sla 22 vs 67 ms 0.33x, all figures agree; first lift report after: nothing built 3.16 s,
 * 1,000 touchpoints 306 ms, 1,000 countries 302 ms, 1,000 MQL times 991 ms, another version's
 * rules 902 ms, back to the active one 289 ms (lift_match keeps the last three rule sets).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { schemaVersion } from '../../main/db/migrate.js';
import { listRules } from '../../main/db/criteria.repo.js';
import { analysedVersion } from '../../main/db/reports-common.repo.js';
import { newId } from '../../main/db/ids.js';
import { resetLiftSummary } from '../../main/db/lift-summary.repo.js';
import type { ReportFilters } from '../../shared/contracts/reports.js';
import { generateDemo } from '../../main/services/demo/index.js';
import * as reports from '../../main/services/reports/index.js';
import { BENCH_END, BENCH_SEED, benchLeads, ensureDemoWorkspace } from './demo.bench.js';
import * as duckSql from './reports-duckdb.js';

const root = process.cwd();
const dir = join(root, 'bench-data');
const node = join(root, 'node_modules', '.bin', 'node');
const self = fileURLToPath(import.meta.url);
const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function removeDb(path: string): void {
  for (const x of ['', '-wal', '-shm', '-journal']) rmSync(path + x, { force: true });
}

/** Our own copy of the demo workspace, so the schema upgrade never touches the file other benches share. */
function workspaceCopy(leads: number): { path: string; upgradeMs: number | null } {
  const source = ensureDemoWorkspace(leads);
  const path = join(dir, `reports-${leads}.db`);
  if (!existsSync(path) || statSync(path).mtimeMs < statSync(source).mtimeMs) {
    removeDb(path);
    execFileSync('sqlite3', [source, `VACUUM INTO '${path}'`]);
  }
  const raw = spawnSync('sqlite3', [path, 'PRAGMA user_version'], { encoding: 'utf8' });
  const before = Number(raw.stdout.trim());
  const t0 = performance.now();
  const db = openWorkspace(path);
  const upgradeMs = schemaVersion(db) !== before ? performance.now() - t0 : null;
  db.close();
  for (const f of (spawnSync('sh', ['-c', `ls ${path}.v*.bak 2>/dev/null`], { encoding: 'utf8' }).stdout || '').split('\n'))
    if (f) rmSync(f, { force: true });
  return { path, upgradeMs };
}

async function loadDuck(path: string, leads: number, versionId: string): Promise<{ conn: DuckDBConnection; exportMs: number; loadMs: number }> {
  const csvDir = join(dir, `reports-duck-${leads}`);
  mkdirSync(csvDir, { recursive: true });
  const tables: Record<string, string> = {
    leads: `SELECT id, created_at, owner_id, first_offer_id, first_campaign_id, deleted, email, name, company, domain, country, industry, employees, job_title, seniority, budget, source, attributes FROM leads`,
    stage_events: `SELECT lead_id, to_stage, at AS event_at FROM stage_events`,
    outcomes: `SELECT lead_id, result, amount, currency, opened_at, closed_at, created_at, deleted, loss_reason_id, competitor FROM outcomes`,
    handoffs: `SELECT lead_id, version_id, handed_at, rep_id, sla_due_at, decision, decided_at, reason_id, deleted FROM handoffs`,
    offers: `SELECT id, name, campaign_id, channel, landing_page, cost, deleted FROM offers`,
    campaigns: `SELECT id, name, channel, cost, deleted FROM campaigns`,
    scores: `SELECT rowid AS rid, lead_id, version_id, total FROM scores WHERE version_id = '${versionId.replace(/[^0-9a-f-]/g, '')}'`,
    touchpoints: `SELECT t.lead_id, t.type, t.offer_id, o.type AS offer_type, t.campaign_id, t.channel, t.occurred_at, t.deleted FROM touchpoints t LEFT JOIN offers o ON o.id = t.offer_id`,
  };
  const t0 = performance.now();
  for (const [name, sql] of Object.entries(tables)) {
    const file = join(csvDir, `${name}.csv`);
    if (!existsSync(file) || statSync(file).mtimeMs < statSync(path).mtimeMs)
      execFileSync('sqlite3', ['-csv', '-header', path, `.output ${file}`, sql]);
  }
  const exportMs = performance.now() - t0;
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  const types: Record<string, string> = {
    leads: `{'created_at': 'BIGINT', 'employees': 'BIGINT', 'budget': 'DOUBLE', 'attributes': 'VARCHAR', 'deleted': 'INTEGER'}`,
    stage_events: `{'event_at': 'BIGINT'}`,
    outcomes: `{'amount': 'DOUBLE', 'opened_at': 'BIGINT', 'closed_at': 'BIGINT', 'created_at': 'BIGINT', 'deleted': 'INTEGER', 'loss_reason_id': 'VARCHAR', 'competitor': 'VARCHAR'}`,
    handoffs: `{'handed_at': 'BIGINT', 'sla_due_at': 'BIGINT', 'decided_at': 'BIGINT', 'deleted': 'INTEGER', 'reason_id': 'VARCHAR'}`,
    offers: `{'cost': 'DOUBLE', 'deleted': 'INTEGER'}`,
    campaigns: `{'cost': 'DOUBLE', 'deleted': 'INTEGER'}`,
    scores: `{'rid': 'BIGINT', 'total': 'DOUBLE'}`,
    touchpoints: `{'occurred_at': 'BIGINT', 'deleted': 'INTEGER', 'offer_id': 'VARCHAR', 'offer_type': 'VARCHAR', 'campaign_id': 'VARCHAR', 'channel': 'VARCHAR'}`,
  };
  const t1 = performance.now();
  for (const name of Object.keys(tables))
    await conn.run(`CREATE TABLE ${name} AS SELECT * FROM read_csv($1, header = true, types = ${types[name]})`, [join(csvDir, `${name}.csv`)]);
  return { conn, exportMs, loadMs: performance.now() - t1 };
}

interface Timed {
  p95: number;
  runs: number;
  /** Median CPU time of a run, every thread of the process (DuckDB's workers included): load shows as wall time above it. */
  cpu: number;
}

async function timeIt(fn: () => unknown, budgetMs = 8000, maxRuns = 20): Promise<Timed> {
  await fn(); // warm: statement cache, page cache
  const times: number[] = [];
  const cpus: number[] = [];
  const start = performance.now();
  while (times.length < 3 || (times.length < maxRuns && performance.now() - start < budgetMs)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { p95: pct(times, 95), runs: times.length, cpu: pct(cpus, 50) };
}

type Row = Record<string, unknown>;
const rows = async (conn: DuckDBConnection, sql: string, params: (string | number)[] = []) =>
  (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Row[];
const num = (v: unknown) => (typeof v === 'bigint' ? Number(v) : (v as number));
const close = (a: number | null | undefined, b: number | null | undefined) =>
  (a ?? null) === null || (b ?? null) === null ? (a ?? null) === (b ?? null) : Math.abs(a! - b!) <= 1e-6 * Math.max(1, Math.abs(a!));

/** Trigger cost: the demo generator into a fresh workspace, with the lead_rollup triggers and without. */
function demoChild(file: string, leads: number, triggers: boolean): number {
  const r = spawnSync(node, ['--import', 'tsx', self, '--child', 'demo', file, String(leads), triggers ? '1' : '0'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim().split('\n').at(-1));
}

function importChild(file: string, csv: string, triggers: boolean): number {
  removeDb(file);
  const db = openWorkspace(file, { create: true });
  if (!triggers) dropRollupTriggers(db);
  db.close();
  const r = spawnSync(node, ['--import', 'tsx', 'test/bench/import-child.ts', file, csv, join(root, 'test/fixtures/mappings/crm-export-contacts.json')], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  removeDb(file);
  return (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms: number }).ms;
}

function dropRollupTriggers(db: Db): void {
  const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'lead_rollup_%'`).pluck().all() as string[];
  for (const n of names) db.exec(`DROP TRIGGER "${n}"`);
}

/**
 * The lift report reads a summary brought up to date by the report itself (lift-summary.repo.ts), so
 * the p95 above is that of a report with nothing to catch up. Here the first report after each kind
 * of write, each in one transaction rolled back at the end (the workspace stays as it was): the
 * whole build (as after the demo or the upgrade), then 1,000 MQLs' worth of each write.
 */
function liftAfterWrites(db: Db): void {
  const once = (what: string, f: ReportFilters = {}) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    reports.lift(db, f, null);
    const c = process.cpuUsage(c0);
    console.log(`  lift, first report after ${what}: ${s(performance.now() - t0)} (CPU ${s((c.user + c.system) / 1000)})`);
  };
  const mqls = db
    .prepare(`SELECT lead_id, mql_at FROM lead_rollup WHERE mql_at IS NOT NULL AND deleted = 0 ORDER BY lead_id LIMIT 1000 OFFSET 5000`)
    .raw()
    .all() as [string, number][];
  db.exec('BEGIN');
  try {
    resetLiftSummary(db);
    once('nothing built (the whole summary and the rule bits: after the demo or the upgrade)');
    const touch = db.prepare(
      `INSERT INTO touchpoints (id, lead_id, type, occurred_at, created_at, updated_at) VALUES (?, ?, 'webinar', ?, 1, 1)`,
    );
    for (const [id, at] of mqls) touch.run(newId(), id, at - 60_000);
    once('1,000 touchpoints inserted before their MQL time');
    const country = db.prepare(`UPDATE leads SET country = 'ZZ' WHERE id = ?`);
    for (const [id] of mqls) country.run(id);
    once(`1,000 MQL leads' country updated`);
    const event = db.prepare(`INSERT INTO stage_events (id, lead_id, from_stage, to_stage, at, created_at) VALUES (?, ?, 'lead', 'mql', ?, 1)`);
    for (const [id, at] of mqls) event.run(newId(), id, at - 86_400_000);
    once('1,000 MQL times moved a day earlier');
    const other = db.prepare(`SELECT number FROM criteria_versions WHERE status <> 'active' AND deleted = 0 ORDER BY number LIMIT 1`).pluck().get() as number | undefined;
    if (other !== undefined) {
      once(`a report on another version's rules (v${other})`, { version: other });
      once('back to the active version');
    }
  } finally {
    db.exec('ROLLBACK');
  }
}

export async function run(): Promise<void> {
  const leads = benchLeads();
  mkdirSync(dir, { recursive: true });
  const { path, upgradeMs } = workspaceCopy(leads);
  const db = openWorkspace(path);
  const count = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  console.log(
    `\n# Reports: ${count('leads').toLocaleString('en')} leads, ${count('touchpoints').toLocaleString('en')} touchpoints, ` +
      `${count('outcomes').toLocaleString('en')} outcomes (${(db.prepare(`SELECT count(*) FROM outcomes WHERE result <> 'open'`).pluck().get() as number).toLocaleString('en')} won or lost), ${count('handoffs').toLocaleString('en')} handoffs`,
  );
  if (upgradeMs !== null) console.log(`  schema upgrade of the existing workspace (backup copy, then the pending migrations: 0006 builds and backfills lead_rollup, 0007 its indexes): ${s(upgradeMs)}`);
  const version = analysedVersion(db, undefined);
  const rules = listRules(db, version.id).filter((r) => r.kind !== 'sql');
  const asOf = BENCH_END;
  const { conn, exportMs, loadMs } = await loadDuck(path, leads, version.id);
  console.log(`  DuckDB reference from the raw tables (CSV export ${s(exportMs)} and load ${s(loadMs)} not counted)`);

  const lift = duckSql.liftSql(rules);
  const cases: { name: string; ours: () => unknown; duck: () => Promise<Row[]>; agree: (o: unknown, d: Row[]) => boolean }[] = [
    {
      name: 'funnel',
      ours: () => reports.funnel(db, {}),
      duck: () => rows(conn, duckSql.FUNNEL),
      agree: (o, d) => {
        const f = o as ReturnType<typeof reports.funnel>;
        return f.rows.length === d.length && f.rows.every((r, i) => r.cohort === d[i]!.cohort && r.leads === num(d[i]!.leads) && r.mql === num(d[i]!.mql) && r.sal === num(d[i]!.sal) && r.sql === num(d[i]!.sql) && r.won === num(d[i]!.won));
      },
    },
    {
      name: 'velocity',
      ours: () => reports.velocity(db, {}),
      duck: () => rows(conn, duckSql.VELOCITY),
      agree: (o, d) =>
        (o as ReturnType<typeof reports.velocity>).rows.every((r) => {
          const q = d[0]![r.step] as number[] | null;
          return close(r.medianDays, q?.[0]) && close(r.p80Days, q?.[1]);
        }),
    },
    {
      name: 'offers',
      ours: () => reports.offers(db, {}, 'first'),
      duck: async () => [...(await rows(conn, duckSql.OFFERS)), ...(await rows(conn, duckSql.OFFER_COSTS))],
      agree: (o, d) => {
        const ours = (o as ReturnType<typeof reports.offers>).rows;
        const counts = d.filter((r) => 'mqls' in r && (r.grp === 'offer' || r.grp === 'campaign'));
        return counts.every((r) => {
          const mine = ours.find((x) => x.group === r.grp && x.key === r.k);
          return mine !== undefined && mine.mqls === num(r.mqls) && mine.won === num(r.won) && close(mine.revenue, num(r.revenue));
        });
      },
    },
    {
      name: 'reasons',
      ours: () => reports.reasons(db, {}, null),
      duck: () => rows(conn, duckSql.REASONS),
      agree: (o, d) => {
        const r = o as ReturnType<typeof reports.reasons>;
        const of = (kind: string) => d.filter((x) => x.kind === kind);
        return (
          num(of('decided')[0]!.n) === r.decided &&
          num(of('closed')[0]!.n) === r.closed &&
          of('rejection').every((x) => r.rejection.find((b) => b.reasonId === x.reason)?.count === num(x.n)) &&
          of('loss').every((x) => r.loss.find((b) => b.reasonId === x.reason)?.count === num(x.n))
        );
      },
    },
    {
      name: 'lift',
      ours: () => reports.lift(db, {}, null),
      duck: () => rows(conn, lift.sql, lift.params),
      agree: (o, d) => {
        const l = o as ReturnType<typeof reports.lift>;
        return (
          l.population === num(d[0]!.population) &&
          rules.every((rule, i) => {
            const mine = l.rows.find((x) => x.key === rule.id)!;
            return mine.n === num(d[0]![`n${i}`]) && mine.won === num(d[0]![`w${i}`]);
          })
        );
      },
    },
    {
      name: 'calibration',
      ours: () => reports.calibration(db, {}),
      duck: () => rows(conn, duckSql.CALIBRATION, [version.id]),
      agree: (o, d) => (o as ReturnType<typeof reports.calibration>).rows.every((r, i) => r.n === num(d[i]!.n) && r.won === num(d[i]!.won)),
    },
    {
      name: 'sla',
      ours: () => reports.sla(db, {}, asOf),
      duck: () => rows(conn, duckSql.SLA, [asOf]),
      agree: (o, d) => {
        const t = (o as ReturnType<typeof reports.sla>).total;
        const all = d.find((x) => x.rep === null && num(x.handoffs) === t.handoffs);
        const h = all?.hours as number[] | undefined;
        return !!all && num(all.pending_breached) === t.pendingBreached && num(all.decided_late) === t.decidedLate && close(t.medianHoursToDecision, h?.[0]);
      },
    },
  ];

  for (const c of cases) {
    const mine = await timeIt(c.ours);
    const ref = await timeIt(c.duck);
    const agree = c.agree(c.ours(), await c.duck());
    const ratio = mine.p95 / ref.p95;
    console.log(
      `  ${c.name.padEnd(12)} LeadPact p95 ${s(mine.p95).padStart(8)} (${mine.runs} runs, CPU ${s(mine.cpu)})  DuckDB p95 ${s(ref.p95).padStart(8)} (${ref.runs} runs, CPU ${s(ref.cpu)})  ` +
        `ratio ${ratio.toFixed(2)}× (goal ≤ 0.5×: ${ratio <= 0.5 ? 'met' : 'missed'}; CPU ratio ${(mine.cpu / ref.cpu).toFixed(2)}×)  figures ${agree ? 'agree' : 'DIFFER'}`,
    );
  }
  liftAfterWrites(db);
  db.close();

  // What the triggers cost the bulk writes (smaller runs: the demo twice and a leads import twice).
  if (process.env.BENCH_SKIP_TRIGGER_COST) return;
  const n = Math.min(leads, Number(process.env.BENCH_TRIGGER_LEADS ?? 200_000));
  const scratch = join(dir, `reports-trigger-${n}.db`);
  const withT = demoChild(scratch, n, true);
  const withoutT = demoChild(scratch, n, false);
  console.log(`  trigger cost, demo generator ${n.toLocaleString('en')} leads: ${s(withT)} with the rollup triggers, ${s(withoutT)} without (+${(((withT - withoutT) / withoutT) * 100).toFixed(0)} %)`);
  const crmDir = join(dir, `crm-${n}`);
  if (!existsSync(join(crmDir, 'contacts.csv'))) {
    mkdirSync(crmDir, { recursive: true });
    execFileSync(process.execPath, ['/work/shared/bench/make-crm-export.mjs', crmDir, '--leads', String(n)], { stdio: 'ignore' });
  }
  const impWith = importChild(scratch, join(crmDir, 'contacts.csv'), true);
  const impWithout = importChild(scratch, join(crmDir, 'contacts.csv'), false);
  console.log(`  trigger cost, CSV import of ${n.toLocaleString('en')} contacts: ${s(impWith)} with, ${s(impWithout)} without (+${(((impWith - impWithout) / impWithout) * 100).toFixed(0)} %)`);
  removeDb(scratch);
}

if (process.argv[1] === self && process.argv[2] === '--child') {
  const [, file, n, triggers] = process.argv.slice(3);
  removeDb(file!);
  const db = openWorkspace(file!, { create: true });
  if (triggers === '0') dropRollupTriggers(db);
  const t0 = performance.now();
  await generateDemo(db, { leads: Number(n), seed: BENCH_SEED, endDate: BENCH_END });
  const ms = performance.now() - t0;
  db.close();
  removeDb(file!);
  process.stdout.write(`${ms}\n`);
}
