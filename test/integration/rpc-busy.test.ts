import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/rpc/registry.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

describe('a write while a long job holds the workspace', () => {
  let t: TestDb;
  beforeEach(() => {
    t = createTestDb();
    // The wait itself is not under test: the app's 5 s would only make this test slow.
    t.db.pragma('busy_timeout = 50');
  });
  afterEach(() => t.cleanup());

  it('is refused as a conflict that says the workspace is busy, writes nothing, and works once the lock is gone', async () => {
    const registry = createRegistry();
    const draft = { name: 'Rita', team: 'sales', role: 'member' };
    const job = new Database(t.path);
    job.exec('BEGIN IMMEDIATE');
    try {
      const r = await registry.invoke('users:create', draft, t.ctx);
      expect(r).toMatchObject({ ok: false, error: { kind: 'conflict', message: expect.stringMatching(/^The workspace is busy/) as unknown } });
    } finally {
      job.exec('ROLLBACK');
      job.close();
    }
    expect(t.db.prepare("SELECT count(*) FROM users WHERE name = 'Rita'").pluck().get()).toBe(0);
    expect(await registry.invoke('users:create', draft, t.ctx)).toMatchObject({ ok: true, value: { name: 'Rita' } });
  });
});
