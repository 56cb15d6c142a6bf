import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/test-db.js';

const bin = join(process.cwd(), 'bin', 'leadpact.mjs');
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** leadpact backtest and suggest on a demo workspace, as a user runs them. */
describe('leadpact backtest and suggest', () => {
  let t: ReturnType<typeof tempDir>;
  let db: string;
  beforeAll(() => {
    t = tempDir();
    db = join(t.dir, 'demo.db');
    expect(cli('demo', db, '--leads', '3000', '--seed', '4').code).toBe(0);
  }, 120_000);
  afterAll(() => t.cleanup());

  it('backtests a version against the active one as JSON and as text, writing nothing', () => {
    const before = hash(db);
    const r = cli('backtest', db, '--version', '1', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { version: { number: number }; baseline: { number: number }; candidate: { leads: number }; difference: { wonDeals: number } };
    expect(j.version.number).toBe(1);
    expect(j.baseline.number).toBe(2);
    expect(j.candidate.leads).toBe(3000);
    expect(typeof j.difference.wonDeals).toBe('number');
    const text = cli('backtest', db, '--version', '1', '--from', '2026-01-01', '--to', '2026-06-30');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^difference: [+-]?[\d.]+ % handoffs, [+-]?\d+ won deals, /m);
    expect(hash(db)).toBe(before);
  });

  it('refuses bad input in one line with the usage exit codes', () => {
    const noVersion = cli('backtest', db);
    expect(noVersion.code).toBe(1);
    expect(noVersion.err.trim()).toBe('leadpact backtest: --version must be a version number (got "").');
    const missing = cli('backtest', db, '--version', '99');
    expect(missing.code).toBe(1);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(cli('backtest', db, '--version', '1', '--from', '2026-05-01', '--to', '2026-01-01').err).toMatch(/The period must end after it starts/);
    expect(cli('suggest', db, '--outcome', 'maybe').err.trim()).toBe('leadpact suggest: --outcome must be won or accepted (got "maybe").');
    expect(cli('suggest', db, '--outcome', 'won', '--mql-rate', '3').err).toMatch(/--mql-rate must be a share between 0 and 1/);
    expect(cli('backtest', db, '--bogus').code).toBe(2);
    expect(cli('backtest', '--help').out).toContain('--decision-days');
  });

  it('suggests points from SAL decisions and creates a draft from them', () => {
    const r = cli('suggest', db, '--outcome', 'accepted', '--mql-rate', '0.2', '--json', '--create-draft');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { outcome: string; rules: unknown[]; holdout: { auc: number }; draft: { number: number } };
    expect(j.outcome).toBe('accepted');
    expect(j.rules.length).toBeGreaterThan(3);
    expect(j.holdout.auc).toBeGreaterThan(0.5);
    expect(j.draft.number).toBe(3);
    const back = cli('backtest', db, '--version', '3', '--json');
    expect(JSON.parse(back.out).version.status).toBe('draft');
  });
});
