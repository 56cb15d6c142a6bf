import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { seedDemoIfEmpty } from '../../main/services/first-run.js';
import { tempDir } from '../helpers/test-db.js';

const bin = join(process.cwd(), 'bin', 'leadpact.mjs');
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('leadpact CLI as a subprocess', () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => {
    t = tempDir();
  });
  afterAll(() => t.cleanup());

  it('prints help for the tool and for each command', () => {
    const main = cli('--help');
    expect(main.code).toBe(0);
    for (const c of ['init', 'demo', 'stats', 'backup']) expect(main.out).toContain(c);
    const demo = cli('demo', '--help');
    expect(demo.code).toBe(0);
    expect(demo.out).toContain('--leads');
    expect(demo.out).toContain('--seed');
  });

  it('inits, fills a demo, reports stats as JSON and backs up', async () => {
    const file = join(t.dir, 'w.db');
    expect(cli('init', file).code).toBe(0);
    const again = cli('init', file);
    expect(again.code).toBe(1);
    expect(again.err.trim().split('\n')).toHaveLength(1);
    expect(again.err).toContain('already exists');
    // Asked for empty, it stays empty: the app's first start on it adds no demo.
    const inited = openWorkspace(file);
    try {
      expect(await seedDemoIfEmpty(inited)).toBe(false);
      expect((inited.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n).toBe(0);
    } finally {
      inited.close();
    }

    const demo = cli('demo', file, '--leads', '400', '--seed', '7');
    expect(demo.err).toBe('');
    expect(demo.code).toBe(0);
    const stats = JSON.parse(cli('stats', file, '--json').out) as Record<string, number>;
    expect(stats.leads).toBe(400);
    expect(stats.touchpoints).toBeGreaterThan(400);
    expect(stats.criteria_versions).toBe(2);

    const dest = join(t.dir, 'copy.db');
    expect(cli('backup', file, dest).code).toBe(0);
    expect((JSON.parse(cli('stats', dest, '--json').out) as Record<string, number>).leads).toBe(400);
    const overwrite = cli('backup', file, dest);
    expect(overwrite.code).toBe(1);
    expect(overwrite.err).toContain('never overwrites');
  });

  it('fails with one line and a non-zero code on bad input, changing nothing', () => {
    const missing = cli('stats', join(t.dir, 'nope.db'));
    expect(missing.code).toBe(1);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(missing.err).toContain('No workspace at');

    const badFlag = cli('stats', join(t.dir, 'nope.db'), '--jsn');
    expect(badFlag.code).toBe(2);
    expect(badFlag.err).toMatch(/Unknown option '--jsn'/);

    const badLeads = cli('demo', join(t.dir, 'x.db'), '--leads', 'many');
    expect(badLeads.code).toBe(1);
    expect(badLeads.err).toContain('--leads must be a whole number');

    expect(cli('frobnicate').code).toBe(2);
    expect(cli('stats').err).toContain('missing <file>');

    const text = join(t.dir, 'leads.csv');
    writeFileSync(text, 'email\nada@example.com\n');
    const before = hash(text);
    const notSqlite = cli('stats', text);
    expect(notSqlite.code).toBe(1);
    expect(notSqlite.err).toContain('not a LeadPact workspace');
    expect(hash(text)).toBe(before);
  });
});

describe('leadpact criteria and score commands', () => {
  let t: ReturnType<typeof tempDir>;
  let file: string;
  beforeAll(() => {
    t = tempDir();
    file = join(t.dir, 'demo.db');
    expect(cli('demo', file, '--leads', '300', '--seed', '3').code).toBe(0);
  });
  afterAll(() => t.cleanup());

  it('diffs the two demo versions', () => {
    const text = cli('criteria', 'diff', file, '--from', '1', '--to', '2');
    expect(text.code).toBe(0);
    expect(text.out).toContain('Changes from v1 to v2');
    const json = JSON.parse(cli('criteria', 'diff', file, '--from', '1', '--to', '2', '--json').out) as { changed: unknown[]; added: unknown[] };
    expect(json.changed.length + json.added.length).toBeGreaterThan(0);
    const missing = cli('criteria', 'diff', file, '--from', '1', '--to', '9');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No criteria version 9');
  });

  it('exports a version and imports it back as a new draft; a bad file is refused naming the rule', () => {
    const out = join(t.dir, 'v2.json');
    expect(cli('criteria', 'export', file, '--version', '2', '--out', out).code).toBe(0);
    const md = cli('criteria', 'export', file, '--version', '2', '--markdown');
    expect(md.out).toMatch(/^# Lead criteria v2/);
    const imported = cli('criteria', 'import', file, out);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/Imported as draft v3/);

    const bad = JSON.parse(readFileSync(out, 'utf8')) as { rules: Record<string, unknown>[] };
    bad.rules[0] = { ...bad.rules[0], operator: 'between' };
    writeFileSync(out, JSON.stringify(bad));
    const refused = cli('criteria', 'import', file, out);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Rule 1 ".+": operator/);
    expect((JSON.parse(cli('stats', file, '--json').out) as Record<string, number>).criteria_versions).toBe(3);
  });

  it('rescoring the demo twice creates no new handoffs the second time', () => {
    const first = JSON.parse(cli('score', file, '--json').out) as { scored: number; handoffsCreated: number };
    expect(first.scored).toBe(300);
    const second = JSON.parse(cli('score', file, '--json').out) as { handoffsCreated: number };
    expect(second.handoffsCreated).toBe(0);
  });
});
