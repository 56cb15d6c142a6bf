import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkspace } from '../../main/db/connection.js';
import { activeVersionId } from '../../main/db/criteria.repo.js';
import { get as getVersion } from '../../main/services/criteria.js';
import { explain } from '../../main/services/explain.js';
import { scoringSql } from './duckdb-scoring.js';

const root = process.cwd();
const leadsN = Number(process.env.BENCH_LEADS ?? 1_000_000);
const dir = join(root, 'bench-data');
/** Reuse the demo bench's workspace when it exists (same seed family, 1M leads); else make one. */
const dbPath = existsSync(join(dir, `demo-${leadsN}.db`)) ? join(dir, `demo-${leadsN}.db`) : join(dir, `rescore-${leadsN}.db`);
const node = join(root, 'node_modules', '.bin', 'node');
/** Each contribution is rounded to 0.01 for display, DuckDB's sum is not: allow half a cent per rule. */
const ROUNDING_SLACK = 0.2;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function ensureWorkspace(): void {
  if (existsSync(dbPath)) return;
  mkdirSync(dir, { recursive: true });
  console.log(`  generating a ${leadsN.toLocaleString('en')}-lead demo workspace for the rescore bench…`);
  execFileSync(node, ['bin/leadpact.mjs', 'demo', dbPath, '--leads', String(leadsN), '--seed', '11'], { stdio: 'inherit' });
}

/** Issue 3: rescore 1M leads / 5M touchpoints under the active version vs DuckDB computing the same points. */
export async function run(): Promise<void> {
  ensureWorkspace();
  const db = openWorkspace(dbPath);
  const versionId = activeVersionId(db)!;
  const version = getVersion(db, versionId);
  const counts = db.prepare('SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM touchpoints) AS touchpoints').get() as {
    leads: number;
    touchpoints: number;
  };
  const asOf = Date.now();
  console.log(`\n# Rescore: ${counts.leads.toLocaleString('en')} leads, ${counts.touchpoints.toLocaleString('en')} touchpoints, v${version.number} with ${version.rules.length} rules`);

  const child = spawnSync(node, ['--import', 'tsx', 'test/bench/rescore-child.ts', dbPath, versionId, String(asOf)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  const ours = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { ms: number; maxRssMB: number; summary: unknown };
  console.log(`  LeadPact rescore (worker-equivalent, one transaction): ${(ours.ms / 1000).toFixed(1)} s, peak RSS ${ours.maxRssMB.toFixed(0)} MB`);

  // Reference: the same points in DuckDB SQL, from CSV copies of the same rows (DuckDB can't read SQLite here).
  const csvDir = join(dir, `duck-${leadsN}`);
  mkdirSync(csvDir, { recursive: true });
  const leadsCsv = join(csvDir, 'leads.csv');
  const touchCsv = join(csvDir, 'touchpoints.csv');
  const tExport = performance.now();
  execFileSync('sqlite3', ['-csv', '-header', dbPath, `.output ${leadsCsv}`, 'SELECT id, email, name, company, domain, country, industry, employees, job_title, seniority, budget, source, attributes FROM leads WHERE deleted = 0']);
  execFileSync('sqlite3', ['-csv', '-header', dbPath, `.output ${touchCsv}`, 'SELECT t.lead_id, t.type, t.offer_id, o.type AS offer_type, t.campaign_id, t.channel, t.occurred_at FROM touchpoints t LEFT JOIN offers o ON o.id = t.offer_id WHERE t.deleted = 0']);
  const exportMs = performance.now() - tExport;
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  const tLoad = performance.now();
  await conn.run(`CREATE TABLE leads AS SELECT * FROM read_csv($1, header = true, types = {'employees': 'BIGINT', 'budget': 'DOUBLE', 'attributes': 'VARCHAR'})`, [leadsCsv]);
  await conn.run(`CREATE TABLE touchpoints AS SELECT * FROM read_csv($1, header = true, types = {'occurred_at': 'BIGINT'})`, [touchCsv]);
  const loadMs = performance.now() - tLoad;
  const { sql, params } = scoringSql(version, asOf);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await conn.run(sql, params);
    runs.push(performance.now() - t0);
  }
  const duckMs = pct(runs, 50);
  console.log(`  DuckDB same points in SQL: ${(duckMs / 1000).toFixed(2)} s (median of 3; CSV export ${(exportMs / 1000).toFixed(1)} s and load ${(loadMs / 1000).toFixed(1)} s not counted)`);
  console.log(`  ratio LeadPact / DuckDB: ${(ours.ms / duckMs).toFixed(2)}× (goal ≤ 2×); peak RSS goal < 1024 MB: ${ours.maxRssMB < 1024 ? 'met' : 'missed'}`);

  // The two must agree: compare totals for a sample of leads.
  const sample = db.prepare('SELECT lead_id, total, level FROM scores WHERE version_id = ? ORDER BY random() LIMIT 2000').all(versionId) as { lead_id: string; total: number; level: string | null }[];
  const refRows = new Map<string, { total: number; level: string | null }>();
  const reader = await conn.runAndReadAll(`SELECT id, total, level FROM ref_scores WHERE id IN (SELECT unnest(string_split($1, ',')))`, [
    sample.map((x) => x.lead_id).join(','),
  ]);
  for (const r of reader.getRowObjectsJS() as { id: string; total: number; level: string | null }[]) refRows.set(r.id, r);
  let mismatches = 0;
  for (const s of sample) {
    const r = refRows.get(s.lead_id);
    if (!r || Math.abs(Number(r.total) - s.total) > ROUNDING_SLACK || r.level !== s.level) {
      mismatches += 1;
      if (process.env.BENCH_DEBUG && mismatches <= 5) console.log('   differs:', s, r);
    }
  }
  console.log(`  agreement on ${sample.length} sampled leads: ${sample.length - mismatches} match, ${mismatches} differ`);

  // The lead drawer's explanation for one lead (goal < 20 ms).
  const ids = (db.prepare('SELECT id FROM leads ORDER BY random() LIMIT 200').all() as { id: string }[]).map((r) => r.id);
  const times = ids.map((id) => {
    const t0 = performance.now();
    explain(db, id);
    return performance.now() - t0;
  });
  const refTimes = ids.map((id) => {
    const t0 = performance.now();
    db.prepare('SELECT * FROM leads WHERE id = ?').get(id);
    return performance.now() - t0;
  });
  console.log(`  explanation of one lead: p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms (goal < 20 ms); reference single-row read p95 ${pct(refTimes, 95).toFixed(3)} ms`);
  db.close();
  conn.closeSync();
}
