import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { dump } from '../helpers/import.js';
import { tempDir } from '../helpers/test-db.js';

/**
 * kill -9 of the CLI in the middle of a large import: the workspace file is byte for byte what it
 * was, and opening it (SQLite discards the uncommitted WAL frames) shows exactly the data from before.
 * Ctrl-C (SIGINT) cancels the import's job instead: the CLI says so, exits non-zero, and nothing changed.
 */

const bin = join(process.cwd(), 'bin', 'leadpact.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A workspace with two leads and a 400k-row CSV for it; the dump and file hash from before. */
function prepare(dir: string) {
  mkdirSync(dir);
  const db = join(dir, 'w.db');
  const mapping = join(dir, 'm.json');
  writeFileSync(
    mapping,
    JSON.stringify({
      version: 1,
      kind: 'leads',
      fields: [
        { column: 'id', target: 'externalId' },
        { column: 'email', target: 'email' },
        { column: 'name', target: 'name' },
        { column: 'company', target: 'company' },
        { column: 'created', target: 'createdAt', transform: { dateFormat: 'iso' } },
      ],
    }),
  );
  const small = join(dir, 'small.csv');
  writeFileSync(
    small,
    'id,email,name,company,created\n1,a@x.io,Ada,Acme,2021-01-05\n2,b@x.io,Bob,Globex,2021-01-06\n',
  );
  expect(cli('init', db).status).toBe(0);
  expect(cli('import', db, '--csv', small, '--mapping', mapping).status).toBe(0);

  // 400k rows (about 30 MB): long enough to be caught in the middle. Row 1 updates an existing lead.
  const big = join(dir, 'big.csv');
  const lines = ['id,email,name,company,created', '1,a@x.io,Ada Updated,Acme,2021-01-05'];
  for (let i = 3; i < 400_000; i++)
    lines.push(`${i},lead${i}@example.com,Lead ${i},Company ${i % 997},2021-0${1 + (i % 9)}-1${i % 10}`);
  writeFileSync(big, lines.join('\n') + '\n');

  const ref = openWorkspace(db);
  ref.pragma('wal_checkpoint(TRUNCATE)');
  const before = dump(ref);
  ref.close();
  const hash = sha(db);

  return { db, mapping, big, before, hash };
}

/** Resolves once the import is writing inside its transaction: the WAL grows past a few MB. */
async function writing(db: string): Promise<void> {
  const wal = `${db}-wal`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !(existsSync(wal) && statSync(wal).size > 4 * 1024 * 1024)) await sleep(20);
  expect(statSync(wal).size).toBeGreaterThan(4 * 1024 * 1024);
}

function expectUnchanged(db: string, before: ReturnType<typeof dump>): void {
  const after = openWorkspace(db);
  try {
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(dump(after)).toEqual(before);
    expect(after.prepare(`SELECT name FROM leads WHERE external_id = '1'`).get()).toEqual({ name: 'Ada' });
  } finally {
    after.close();
  }
}


describe('kill -9 or Ctrl-C during a large import', () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => {
    t = tempDir();
  });
  afterAll(() => t.cleanup());

  it('leaves the workspace exactly as before', async () => {
    const { db, mapping, big, before, hash } = prepare(join(t.dir, 'kill'));
    const child = spawn(process.execPath, [bin, 'import', db, '--csv', big, '--mapping', mapping], { stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await writing(db);
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });

    expect(sha(db)).toBe(hash);
    expectUnchanged(db, before);
  }, 120_000);

  it('Ctrl-C cancels the import: a one-line message, exit 1, and the data from before', async () => {
    const { db, mapping, big, before } = prepare(join(t.dir, 'sigint'));
    const child = spawn(process.execPath, [bin, 'import', db, '--csv', big, '--mapping', mapping], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await writing(db);
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(err.trim()).toMatch(/^leadpact import: Import cancelled; nothing was changed\.$/);
    expectUnchanged(db, before);
  }, 120_000);
});
