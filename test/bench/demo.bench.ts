/**
 * Demo generator at scale: 1M leads and ~5M touchpoints (BENCH_LEADS=N for a quick run) into a fresh
 * workspace file, timed in a child process so its peak RSS is the job's alone; against references
 * made in the same run on the same rows: the sqlite3 CLI importing them as CSV, and better-sqlite3
 * inserting the same number of rows through one prepared statement (no indexes in either).
 *
 * BENCH_DEMO_COMPARE=1 also times the previous way in the same run (row triggers kept firing, the
 * worker writing only touchpoints and scores) on a file of its own.
 *
 * Child mode: `node --import tsx test/bench/demo.bench.ts --child <mode> <file> <leads> [tuning JSON]`.
 */
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkspace } from '../../main/db/connection.js';
import { generateDemo, type DemoTuning } from '../../main/services/demo/index.js';

export const BENCH_SEED = 1;
/** A fixed end date keeps the bench workspace identical from run to run. */
export const BENCH_END = Date.UTC(2026, 10, 1);
const root = process.cwd();
const dir = join(root, 'bench-data');
const node = join(root, 'node_modules', '.bin', 'node');
const self = fileURLToPath(import.meta.url);

export const benchLeads = (): number => Number(process.env.BENCH_LEADS ?? 1_000_000);
export const demoPath = (leads = benchLeads()): string => join(dir, `demo-${leads}.db`);

interface ChildResult {
  ms: number;
  maxRssMB: number;
  counts?: Record<string, number>;
  steps?: { step: string; wallMs: number; cpuMs: number }[];
}

function removeDb(path: string): void {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(path + s, { force: true });
}

/** The generator as it was before the row triggers were dropped for the load (for BENCH_DEMO_COMPARE). */
const PREVIOUS_WAY: Partial<DemoTuning> = { rowTriggers: true, workerTables: ['touchpoints', 'scores'] };

function child(mode: 'demo' | 'reference', file: string, leads: number, tuning: Partial<DemoTuning> = {}): ChildResult {
  const r = spawnSync(node, ['--import', 'tsx', self, '--child', mode, file, String(leads), JSON.stringify(tuning)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${mode} child failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

/** Make the bench workspace if it is not there (the leads-list bench reuses it). */
export function ensureDemoWorkspace(leads = benchLeads()): string {
  const path = demoPath(leads);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    console.log(`  generating ${path}…`);
    child('demo', path, leads);
  }
  return path;
}

// ---- child processes ---------------------------------------------------------------------------

async function childDemo(file: string, leads: number, tuning: Partial<DemoTuning>): Promise<ChildResult> {
  removeDb(file);
  const db = openWorkspace(file, { create: true });
  const steps: NonNullable<ChildResult['steps']> = [];
  const t0 = performance.now();
  const summary = await generateDemo(
    db,
    { leads, seed: BENCH_SEED, endDate: BENCH_END },
    { ...tuning, trace: (step, wallMs, cpuMs) => steps.push({ step, wallMs, cpuMs }) },
  );
  const ms = performance.now() - t0;
  db.close();
  return { ms, maxRssMB: process.resourceUsage().maxRSS / 1024, counts: summary.counts, steps };
}

/** The same row counts through one single-row prepared statement per table, in one transaction, no indexes. */
function childReference(file: string, leads: number): ChildResult {
  removeDb(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE leads (id TEXT, external_id TEXT, email TEXT, name TEXT, company TEXT, domain TEXT, country TEXT, industry TEXT,
             employees INTEGER, job_title TEXT, seniority TEXT, budget REAL, source TEXT, first_offer_id TEXT, first_campaign_id TEXT,
             owner_id TEXT, stage TEXT, score_total REAL, score_level TEXT, attributes TEXT, created_at INTEGER, updated_at INTEGER);
           CREATE TABLE touchpoints (id TEXT, lead_id TEXT, type TEXT, offer_id TEXT, campaign_id TEXT, channel TEXT, landing_page TEXT,
             occurred_at INTEGER, value REAL, created_at INTEGER, updated_at INTEGER);`);
  const lead = db.prepare(`INSERT INTO leads VALUES (${Array(22).fill('?').join(',')})`);
  const touch = db.prepare(`INSERT INTO touchpoints VALUES (${Array(11).fill('?').join(',')})`);
  const uuid = (i: number, salt: number) =>
    `0190${(i * 7919 + salt).toString(16).padStart(8, '0')}-7abc-8def-${i.toString(16).padStart(12, '0')}`.slice(0, 36);
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < leads; i++) {
      const at = 1_730_000_000_000 + i * 31_000;
      const id = uuid(i, 1);
      lead.run(
        id,
        `HS-${i}`,
        `first.last${i}@company${i % 9000}.example`,
        'First Last',
        `Company ${i % 9000}`,
        `company${i % 9000}.example`,
        'NL',
        'Software',
        120,
        'Marketing Manager',
        'manager',
        i % 2 ? 12000 : null,
        'paid_search',
        uuid(i % 24, 2),
        uuid(i % 14, 3),
        null,
        'lead',
        23.5,
        null,
        '{"tech_stack":"HubSpot"}',
        at,
        at,
      );
      for (let j = 0; j < 5; j++)
        touch.run(
          uuid(i * 5 + j, 4),
          id,
          'visit',
          j % 2 ? uuid(j, 2) : null,
          j % 2 ? uuid(j, 3) : null,
          'organic',
          '/pricing',
          at + j,
          42,
          at + j,
          at + j,
        );
    }
  })();
  const ms = performance.now() - t0;
  db.close();
  return { ms, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}

// ---- the bench ---------------------------------------------------------------------------------

const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The generation's length if each thread had a core to itself, from the steps' CPU times: the two
 * threads' simulation and load run side by side, then their index builds, then the main thread's
 * serial tail (copy, past review, commit). On this shared machine wall time mostly measures the
 * others' load; this is the figure two idle cores would approach (CPU under contention runs a little
 * slow, so it leans high).
 */
export function criticalPathMs(steps: NonNullable<ChildResult['steps']>): number {
  const main = steps.filter((x) => !x.step.startsWith('worker:') && !x.step.startsWith(' '));
  const worker = steps.filter((x) => x.step.startsWith('worker:'));
  if (worker.length === 0) return main.reduce((a, x) => a + x.cpuMs, 0);
  const sim = main.findIndex((x) => x.step.startsWith('simulate'));
  const join = main.findIndex((x) => x.step === 'wait for worker');
  const sum = (xs: typeof steps) => xs.reduce((a, x) => a + x.cpuMs, 0);
  return (
    sum(main.slice(0, sim)) +
    Math.max(main[sim]!.cpuMs, worker[0]!.cpuMs) +
    Math.max(sum(main.slice(sim + 1, join)), sum(worker.slice(1))) +
    sum(main.slice(join))
  );
}

export async function run(): Promise<void> {
  const leads = benchLeads();
  mkdirSync(dir, { recursive: true });
  const path = demoPath(leads);
  console.log(
    `\n# Demo generator: ${leads.toLocaleString('en')} leads, ~${(leads * 5).toLocaleString('en')} touchpoints`,
  );

  const demo = child('demo', path, leads);
  const sizeMB = statSync(path).size / 1024 / 1024;
  const rows = Object.values(demo.counts ?? {}).reduce((a, b) => a + b, 0);
  console.log(
    `  LeadPact generateDemo: ${fmtS(demo.ms)}, peak RSS ${demo.maxRssMB.toFixed(0)} MB, ${rows.toLocaleString('en')} rows, file ${sizeMB.toFixed(0)} MB`,
  );
  console.log(`    ${JSON.stringify(demo.counts)}`);
  for (const s of demo.steps ?? [])
    console.log(`    ${s.step.padEnd(58)} ${fmtS(s.wallMs).padStart(8)} wall ${fmtS(s.cpuMs).padStart(8)} CPU`);
  const critical = criticalPathMs(demo.steps ?? []);
  console.log(`    critical path by CPU (a core per thread, no other load): ${fmtS(critical)}`);

  if (process.env.BENCH_DEMO_COMPARE) {
    const prevPath = join(dir, `demo-previous-${leads}.db`);
    const prev = child('demo', prevPath, leads, PREVIOUS_WAY);
    const prevMB = statSync(prevPath).size / 1024 / 1024;
    removeDb(prevPath);
    console.log(
      `  previous way (row triggers firing, worker on touchpoints + scores): ${fmtS(prev.ms)}, peak RSS ${prev.maxRssMB.toFixed(0)} MB, file ${prevMB.toFixed(0)} MB; now ${(demo.ms / prev.ms).toFixed(2)}× of that`,
    );
    for (const s of prev.steps ?? [])
      console.log(`    ${s.step.padEnd(58)} ${fmtS(s.wallMs).padStart(8)} wall ${fmtS(s.cpuMs).padStart(8)} CPU`);
  }

  // Reference 1: better-sqlite3, one single-row prepared statement per table, same row counts, no indexes.
  const refPath = join(dir, `demo-ref-${leads}.db`);
  const ref = child('reference', refPath, leads);
  removeDb(refPath);
  console.log(
    `  reference better-sqlite3 plain insert of ${(leads * 6).toLocaleString('en')} rows (no indexes): ${fmtS(ref.ms)}, peak RSS ${ref.maxRssMB.toFixed(0)} MB`,
  );

  // Reference 2: the sqlite3 CLI importing the very same leads and touchpoints as CSV (export not timed).
  const csvDir = join(dir, `demo-csv-${leads}`);
  mkdirSync(csvDir, { recursive: true });
  const leadsCsv = join(csvDir, 'leads.csv');
  const touchCsv = join(csvDir, 'touchpoints.csv');
  execFileSync('sqlite3', ['-csv', '-header', path, `.output ${leadsCsv}`, 'SELECT * FROM leads']);
  execFileSync('sqlite3', ['-csv', '-header', path, `.output ${touchCsv}`, 'SELECT * FROM touchpoints']);
  const cliPath = join(dir, `demo-cli-${leads}.db`);
  removeDb(cliPath);
  const t0 = performance.now();
  execFileSync('sqlite3', [cliPath, `.import --csv ${leadsCsv} leads`, `.import --csv ${touchCsv} touchpoints`]);
  const cliMs = performance.now() - t0;
  removeDb(cliPath);
  rmSync(csvDir, { recursive: true, force: true });
  console.log(`  reference sqlite3 CLI .import of the same leads + touchpoints CSV (no indexes): ${fmtS(cliMs)}`);

  console.log(
    `  ratio LeadPact / sqlite3 CLI import: ${(demo.ms / cliMs).toFixed(2)}×; LeadPact / better-sqlite3 plain insert: ${(demo.ms / ref.ms).toFixed(2)}×`,
  );
  // The goals are judged at 1M only: the cost grows faster than the leads (index sorts, the copy-in),
  // so a smaller run scaled up understates it (session 9: 200k 10.7 s -> 53.6 s scaled, 1M 85.0 s).
  if (leads === 1_000_000)
    console.log(
      `  goals at 1M leads: < 60 s ${demo.ms < 60_000 ? 'met' : 'missed'} (${fmtS(demo.ms)} wall; ` +
        `critical path by CPU ${fmtS(critical)}: ${critical < 60_000 ? 'met' : 'missed'} on two idle cores), ` +
        `peak RSS < 1024 MB ${demo.maxRssMB < 1024 ? 'met' : 'missed'}`,
    );
  else console.log(`  goals (< 60 s, < 1024 MB) are judged at 1M leads only; this run has ${leads.toLocaleString('en')}`);

  // The file is a normal workspace: it opens, and search and the schema are intact.
  const db = openWorkspace(path);
  const hits = (db.prepare(`SELECT count(*) AS n FROM leads_fts WHERE leads_fts MATCH 'nord*'`).get() as { n: number })
    .n;
  console.log(
    `  check: schema v${db.pragma('user_version', { simple: true })}, journal ${db.pragma('journal_mode', { simple: true })}, FTS 'nord*' → ${hits.toLocaleString('en')} leads`,
  );
  db.close();
}

if (process.argv[1] === self && process.argv[2] === '--child') {
  const [mode, file, n, tuning] = process.argv.slice(3);
  const result =
    mode === 'demo'
      ? await childDemo(file!, Number(n), JSON.parse(tuning ?? '{}') as Partial<DemoTuning>)
      : childReference(file!, Number(n));
  process.stdout.write(JSON.stringify(result) + '\n');
}
