import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { getSyncState, pendingCount } from '../../main/db/sync-outbox.repo.js';
import * as session from '../../main/sync/session.js';
import { syncWithHub } from '../../main/sync/service.js';
import { connectHub, PgHub, type HubTransport } from '../../main/sync/hub-client.js';
import { syncOnce } from '../../main/sync/engine.js';
import { AppError } from '../../shared/errors.js';
import { insertLead } from '../helpers/builders.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub } from '../helpers/sync-hub.js';
import { createTestDb } from '../helpers/test-db.js';

/**
 * The hub going away in the middle of a sync (stopped, restarted, its backend terminated): the
 * connection's 'error' event must be handled, or node ends the process (the app) with "Unhandled
 * 'error' event ... terminating connection due to administrator command (57P01)".
 */
let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const leads = (db: Db) => db.prepare('SELECT count(*) FROM leads WHERE deleted = 0').pluck().get() as number;

/** Terminate `login`'s backend as soon as it runs (or has run) `fn`: pull_page or push_changes. */
async function terminateDuring(admin: pg.Client, login: string, fn: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const r = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE usename = $1 AND query LIKE $2',
      [login, `%leadpact.${fn}%`],
    );
    if (r.rows.length) {
      const t = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [r.rows[0]!.pid]);
      if (t.rows[0]!.ok) return r.rows[0]!.pid;
    }
    await new Promise((res) => setTimeout(res, 5));
  }
  throw new Error(`no ${fn} of ${login} to terminate`);
}

describe('the hub goes down in the middle of a sync', () => {
  it('the join pull in the app fails with "cannot reach the hub", writes nothing, and the next sync completes', async () => {
    const hub = await TestHub.create(cluster);
    const first = createTestDb();
    const joiner = createTestDb();
    try {
      const [ana, ben] = [await hub.member('marketing'), await hub.member('marketing')];
      first.db.transaction(() => {
        for (let i = 0; i < 5000; i++) insertLead(first.db, { name: `Hub lead ${i}` });
      })();
      await syncWithHub(first.db, hub.url(ana));
      const admin = await hub.admin();

      // An empty laptop connects in the app (connect runs the join pull: pages of 10,000 fields).
      const url = `postgres://127.0.0.1:${cluster.port}/${hub.database}`;
      const connecting = session.connect(joiner.ctx, { url, user: ben.login, password: ben.password });
      await terminateDuring(admin, ben.login, 'pull_page');
      const status = await connecting;
      expect(status.connected).toBe(true);
      expect(status.lastError).toMatch(/^Cannot reach the hub at postgres:\/\/.+: (terminating connection due to administrator command|Connection terminated)/);
      // Nothing half-written: the pull is applied in one transaction at its end.
      expect(leads(joiner.db)).toBe(0);
      expect(getSyncState(joiner.db, 'cursor')).toBeNull();
      expect(getSyncState(joiner.db, 'last_sync_at')).toBeNull();

      // The retry (the automatic one, or Sync now) opens a new connection and completes.
      const report = await session.syncNow(joiner.ctx);
      expect(report.applied).toBeGreaterThan(0);
      expect(leads(joiner.db)).toBe(5000);
      expect(session.status(joiner.ctx).lastError).toBeNull();
      session.disconnect(joiner.ctx);
    } finally {
      session.disconnect(joiner.ctx);
      first.cleanup();
      joiner.cleanup();
      await hub.close();
    }
  }, 120_000);

  it('a connection dropped while it waits between two pages (idle) does not end the process; that sync fails, the next completes', async () => {
    const hub = await TestHub.create(cluster);
    const first = createTestDb();
    const joiner = createTestDb();
    try {
      const [ana, ben] = [await hub.member('marketing'), await hub.member('marketing')];
      first.db.transaction(() => {
        for (let i = 0; i < 300; i++) insertLead(first.db, { name: `Hub lead ${i}` });
      })();
      await syncWithHub(first.db, hub.url(ana));
      const admin = await hub.admin();
      const client = await connectHub(hub.url(ben));
      const pg = new PgHub(client, hub.url(ben));
      let pages = 0;
      // After the first page the hub terminates this backend, and the laptop is idle long enough
      // for the connection's 'error' event to arrive before it asks for the next page.
      const cut: HubTransport = {
        info: () => pg.info(),
        push: (...a) => pg.push(...a),
        pushTracked: (...a) => pg.pushTracked(...a),
        pull: (...a) => pg.pull(...a),
        pullOthers: async (...a) => {
          const page = await pg.pullOthers(...a);
          if (++pages === 1) {
            await admin.query('SELECT pg_terminate_backend($1)', [(client as unknown as { processID: number }).processID]);
            await new Promise((res) => setTimeout(res, 300));
          }
          return page;
        },
      };
      const e = await syncOnce(joiner.db, cut, { pullBatch: 100 }).then(
        () => null,
        (x: unknown) => x,
      );
      await client.end().catch(() => undefined);
      expect(pages).toBe(1); // the second page was never read
      expect(e).toMatchObject({ kind: 'external', message: expect.stringMatching(/^Cannot reach the hub at postgres:\/\/.+: terminating connection due to administrator command/) });
      expect(leads(joiner.db)).toBe(0);
      expect(getSyncState(joiner.db, 'cursor')).toBeNull();
      await syncWithHub(joiner.db, hub.url(ben));
      expect(leads(joiner.db)).toBe(300);
    } finally {
      first.cleanup();
      joiner.cleanup();
      await hub.close();
    }
  }, 60_000);

  it('a push cut off keeps every change in the outbox; the next sync sends the rest once and the others get all', async () => {
    const hub = await TestHub.create(cluster);
    const a = createTestDb();
    const b = createTestDb();
    try {
      const [ana, ben] = [await hub.member('marketing'), await hub.member('marketing')];
      a.db.transaction(() => {
        for (let i = 0; i < 3000; i++) insertLead(a.db, { name: `Pushed lead ${i}` });
      })();
      const admin = await hub.admin();
      const pushing = syncWithHub(a.db, hub.url(ana), undefined, { pushBatch: 20 });
      const failed = pushing.then(
        () => null,
        (e: unknown) => e,
      );
      await terminateDuring(admin, ana.login, 'push_changes');
      const e = await failed;
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).kind).toBe('external');
      expect((e as AppError).message).toMatch(/^Cannot reach the hub at postgres:\/\/.+:/);
      // Some batches went, the rest is still waiting; the sync did not finish.
      const left = pendingCount(a.db);
      expect(left).toBeGreaterThan(0);
      expect(getSyncState(a.db, 'last_sync_at')).toBeNull();

      const done = await syncWithHub(a.db, hub.url(ana));
      expect(done.pending).toBe(0);
      expect(done.pushed).toBeLessThanOrEqual(left);
      await syncWithHub(b.db, hub.url(ben));
      expect(leads(b.db)).toBe(3000);
      const names = (db: Db) => db.prepare('SELECT id, name FROM leads ORDER BY id').all();
      expect(names(b.db)).toEqual(names(a.db));
    } finally {
      a.cleanup();
      b.cleanup();
      await hub.close();
    }
  }, 120_000);

  it('a hub that cannot be reached at all is said so plainly, and nothing is connected', async () => {
    const t = createTestDb();
    try {
      const closed = `postgres://127.0.0.1:1/leadpact`;
      const e = await session.connect(t.ctx, { url: closed, user: 'mia', password: 'whatever' }).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ kind: 'external', message: expect.stringMatching(/^Cannot reach the hub at postgres:\/\/mia@127\.0\.0\.1:1\/leadpact: connect ECONNREFUSED/) });
      expect(session.status(t.ctx).connected).toBe(false);
    } finally {
      t.cleanup();
    }
  }, 30_000);
});
