import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { dump } from '../helpers/import.js';
import { tempDir } from '../helpers/test-db.js';

/**
 * kill -9 of the CLI in the middle of a large import: the workspace file is byte for byte what it
 * was, and opening it (SQLite discards the uncommitted WAL frames) shows exactly the data from before.
 */

const bin = join(process.cwd(), 'bin', 'leadpact.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kill -9 during a large import', () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => {
    t = tempDir();
  });
  afterAll(() => t.cleanup());

  it('leaves the workspace exactly as before', async () => {
    const db = join(t.dir, 'w.db');
    const mapping = join(t.dir, 'm.json');
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
    const small = join(t.dir, 'small.csv');
    writeFileSync(
      small,
      'id,email,name,company,created\n1,a@x.io,Ada,Acme,2021-01-05\n2,b@x.io,Bob,Globex,2021-01-06\n',
    );
    expect(cli('init', db).status).toBe(0);
    expect(cli('import', db, '--csv', small, '--mapping', mapping).status).toBe(0);

    // 400k rows (about 30 MB): long enough to be caught in the middle. Row 1 updates an existing lead.
    const big = join(t.dir, 'big.csv');
    const lines = ['id,email,name,company,created', '1,a@x.io,Ada Updated,Acme,2021-01-05'];
    for (let i = 3; i < 400_000; i++)
      lines.push(`${i},lead${i}@example.com,Lead ${i},Company ${i % 997},2021-0${1 + (i % 9)}-1${i % 10}`);
    writeFileSync(big, lines.join('\n') + '\n');

    const ref = openWorkspace(db);
    ref.pragma('wal_checkpoint(TRUNCATE)');
    const before = dump(ref);
    ref.close();
    const hash = sha(db);

    const child = spawn(process.execPath, [bin, 'import', db, '--csv', big, '--mapping', mapping], { stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // Wait until the import is writing inside its transaction: the WAL grows past a few MB.
    const wal = `${db}-wal`;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(existsSync(wal) && statSync(wal).size > 4 * 1024 * 1024)) await sleep(20);
    expect(statSync(wal).size).toBeGreaterThan(4 * 1024 * 1024);
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });

    expect(sha(db)).toBe(hash);
    const after = openWorkspace(db);
    try {
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(dump(after)).toEqual(before);
      expect(after.prepare(`SELECT name FROM leads WHERE external_id = '1'`).get()).toEqual({ name: 'Ada' });
    } finally {
      after.close();
    }
  }, 120_000);
});
