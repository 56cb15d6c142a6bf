import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../../main/harness.js';
import { createRegistry } from '../../main/rpc/registry.js';
import type { Registry } from '../../main/rpc/handle.js';
import { UPLOAD_MAX_IDLE_MS, sweepUploads } from '../../main/services/import/uploads.js';
import { uploadsDir } from '../../main/services/import/sources.js';
import type { JobProgress } from '../../shared/contracts/events.js';
import type { ImportResult } from '../../shared/contracts/imports.js';
import { mapping } from '../helpers/import.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * The harness's temp upload folder is cleaned: an upload goes when its import commits, pasted text
 * right after use, idle uploads at harness start and when a new upload begins; an aborted run keeps
 * its upload for the "import the valid rows" run that follows.
 */

const M = mapping('leads', [
  { column: 'id', target: 'externalId' },
  { column: 'email', target: 'email' },
]);
const GOOD = 'id,email\n1,a@x.io\n2,b@x.io\n';
const ONE_BAD = 'id,email\n1,a@x.io\n2,not-an-email\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('upload clean-up', () => {
  const savedTmp = process.env.TMPDIR;
  let tmp: string;
  let t: TestDb;
  let registry: Registry;
  let dir: string;

  async function call<T>(channel: string, input: unknown): Promise<T> {
    const r = await registry.invoke(channel, input, t.ctx);
    if (!r.ok) throw new Error(`${channel}: ${r.error.kind}: ${r.error.message}`);
    return r.value as T;
  }
  async function run(source: unknown, onError: 'abort' | 'skip'): Promise<ImportResult> {
    const { jobId } = await call<{ jobId: string }>('imports:start', { source, mapping: M, onError });
    for (let i = 0; i < 600; i++) {
      const job = (await call<JobProgress[]>('jobs:list', {})).find((j) => j.jobId === jobId)!;
      if (job.finished) return call<ImportResult>('imports:result', { jobId });
      await sleep(50);
    }
    throw new Error('job did not finish');
  }
  const upload = async (text: string) =>
    (await call<{ uploadId: string }>('imports:upload', { fileName: 'leads.csv', offset: 0, data: b64(text) }))
      .uploadId;
  const files = () => readdirSync(dir).sort();
  const age = (path: string, ms: number) => {
    const then = new Date(Date.now() - ms);
    utimesSync(path, then, then);
  };
  /** The job's end and the clean-up after it are separate events: wait a moment for the file to go. */
  async function gone(path: string): Promise<boolean> {
    for (let i = 0; i < 40 && existsSync(path); i++) await sleep(50);
    return !existsSync(path);
  }

  beforeAll(() => {
    // A folder of this test's own, so that other tests' uploads are neither seen nor swept.
    tmp = mkdtempSync(join(tmpdir(), 'leadpact-uploads-test-'));
    process.env.TMPDIR = tmp;
    dir = uploadsDir();
    t = createTestDb();
    registry = createRegistry();
  });
  afterAll(() => {
    t.cleanup();
    process.env.TMPDIR = savedTmp;
    if (savedTmp === undefined) delete process.env.TMPDIR;
    rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps the upload of an aborted run for the run that imports the valid rows, then removes it', async () => {
    const id = await upload(ONE_BAD);
    const path = join(dir, `${id}.csv`);
    expect(files()).toEqual([`${id}.csv`, `${id}.csv.name`]);
    const aborted = await run({ uploadId: id }, 'abort');
    expect(aborted.status).toBe('aborted');
    await sleep(200);
    expect(existsSync(path)).toBe(true);
    const imported = await run({ uploadId: id }, 'skip');
    expect(imported).toMatchObject({ status: 'imported', counts: { inserted: 1, rejected: 1 } });
    expect(await gone(path)).toBe(true);
    expect(existsSync(`${path}.name`)).toBe(false);
    const again = await registry.invoke('imports:preview', { source: { uploadId: id }, kind: 'leads' }, t.ctx);
    expect(again).toMatchObject({
      ok: false,
      error: { kind: 'not_found', message: expect.stringMatching(/upload the file again/) },
    });
  });

  it('leaves nothing behind for pasted text, previewed or imported', async () => {
    await call('imports:preview', { source: { text: GOOD, fileName: 'pasted.csv' }, kind: 'leads' });
    expect(files()).toEqual([]);
    const r = await run({ text: 'id,email\n3,c@x.io\n', fileName: 'pasted.csv' }, 'abort');
    expect(r.status).toBe('imported');
    for (let i = 0; i < 40 && files().length > 0; i++) await sleep(50);
    expect(files()).toEqual([]);
  });

  it('sweeps idle uploads when a new one begins, but not one the wizard still reads', async () => {
    const idle = await upload(GOOD);
    const read = await upload(GOOD);
    age(join(dir, `${idle}.csv`), UPLOAD_MAX_IDLE_MS + 60_000);
    age(join(dir, `${read}.csv`), UPLOAD_MAX_IDLE_MS + 60_000);
    // A preview reads the file and so marks it in use.
    await call('imports:preview', { source: { uploadId: read }, kind: 'leads' });
    const fresh = await upload(GOOD);
    expect(files()).toEqual([`${fresh}.csv`, `${fresh}.csv.name`, `${read}.csv`, `${read}.csv.name`].sort());
  });

  it('sweeps by age only: recent uploads (maybe another harness’s) stay; orphaned old name files go', () => {
    for (const f of files()) rmSync(join(dir, f));
    writeFileSync(join(dir, 'a.csv'), GOOD);
    writeFileSync(join(dir, 'a.csv.name'), 'a.csv');
    writeFileSync(join(dir, 'b.csv'), GOOD);
    writeFileSync(join(dir, 'b.csv.name'), 'b.csv');
    writeFileSync(join(dir, 'c.csv.name'), 'c.csv');
    age(join(dir, 'a.csv'), 2 * UPLOAD_MAX_IDLE_MS);
    age(join(dir, 'c.csv.name'), 2 * UPLOAD_MAX_IDLE_MS);
    expect(sweepUploads()).toBe(1);
    expect(files()).toEqual(['b.csv', 'b.csv.name']);
    expect(sweepUploads(UPLOAD_MAX_IDLE_MS, join(tmp, 'no-such-folder'))).toBe(0);
  });

  it('the harness removes idle uploads when it starts', async () => {
    writeFileSync(join(dir, 'old.csv'), GOOD);
    writeFileSync(join(dir, 'old.csv.name'), 'old.csv');
    age(join(dir, 'old.csv'), UPLOAD_MAX_IDLE_MS + 1000);
    const h = await startHarness({ dbPath: join(tmp, 'harness.db'), rendererDir: tmp });
    try {
      expect(files()).toEqual(['b.csv', 'b.csv.name']);
    } finally {
      await h.close();
    }
  });
});
