import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSyncState } from '../../main/db/sync-outbox.repo.js';
import * as session from '../../main/sync/session.js';
import { syncWithHub } from '../../main/sync/service.js';
import type { ConnectInput } from '../../shared/contracts/sync.js';
import { AppError } from '../../shared/errors.js';
import { insertLead } from '../helpers/builders.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub } from '../helpers/sync-hub.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/** Connecting (Settings › Team sync) refuses a wrong target at once, with a message complete in itself. */
let cluster: TestCluster;
let hub: TestHub;
const spaces: TestDb[] = [];
beforeAll(async () => {
  cluster = await startPostgres();
  hub = await TestHub.create(cluster);
}, 60_000);
afterAll(async () => {
  for (const t of spaces) {
    session.disconnect(t.ctx);
    t.cleanup();
  }
  await hub?.close();
  await cluster?.stop();
}, 30_000);

const space = () => {
  const t = createTestDb();
  spaces.push(t);
  return t;
};

async function refusal(t: TestDb, input: ConnectInput): Promise<AppError> {
  const e = await session.connect(t.ctx, input).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect(session.status(t.ctx).connected).toBe(false);
  return e as AppError;
}

describe('connecting to a hub', () => {
  it('a wrong password, port, database, or a database without a hub is refused with a plain message shown as is', async () => {
    const mia = await hub.member('marketing');
    const t = space();
    const at = (port: number, db: string) => `postgres://127.0.0.1:${port}/${db}`;

    const pw = await refusal(t, { url: at(cluster.port, hub.database), user: mia.login, password: 'not-it' });
    expect(pw.kind).toBe('external');
    expect(pw.message).toBe(`Cannot log in to the hub at postgres://${mia.login}@127.0.0.1:${cluster.port}/${hub.database}: password authentication failed for user "${mia.login}"`);

    const port = await refusal(t, { url: at(1, hub.database), user: mia.login, password: mia.password });
    expect(port.kind).toBe('external');
    expect(port.message).toMatch(new RegExp(`^Cannot reach the hub at postgres://${mia.login}@127\\.0\\.0\\.1:1/${hub.database}: connect ECONNREFUSED`));

    const db = await refusal(t, { url: at(cluster.port, `${hub.database}x`), user: mia.login, password: mia.password });
    expect(db.kind).toBe('external');
    expect(db.message).toBe(`No such hub database at postgres://${mia.login}@127.0.0.1:${cluster.port}/${hub.database}x: database "${hub.database}x" does not exist`);

    // A database without the hub schema is no longer "Connected" with every sync failing.
    const bare = await cluster.createDatabase();
    const none = await refusal(t, { url: at(cluster.port, bare), user: mia.login, password: mia.password });
    expect(none.kind).toBe('external');
    expect(none.message).toBe(`No LeadPact hub at postgres://${mia.login}@127.0.0.1:${cluster.port}/${bare}: run \`leadpact hub init\` on it first.`);
    expect(getSyncState(t.db, 'hub_url')).toBeNull();

    // The right one connects.
    const ok = await session.connect(t.ctx, { url: at(cluster.port, hub.database), user: mia.login, password: mia.password });
    expect(ok).toMatchObject({ connected: true, lastError: null });
  }, 60_000);

  it('a laptop registered to one login is refused at connect as another, naming the login it syncs as', async () => {
    const [mia, sam] = [await hub.member('marketing'), await hub.member('marketing')];
    const t = space();
    const url = `postgres://127.0.0.1:${cluster.port}/${hub.database}`;
    insertLead(t.db, { name: 'Pushed as mia' });
    const first = await session.connect(t.ctx, { url, user: mia.login, password: mia.password });
    expect(first).toMatchObject({ connected: true, lastError: null, pending: 0 });
    expect(getSyncState(t.db, 'client_login')).toBe(mia.login);
    session.disconnect(t.ctx);

    const e = await refusal(t, { url, user: sam.login, password: sam.password });
    expect(e.kind).toBe('external');
    expect(e.message).toBe(
      `This laptop is registered on the hub to the login ${mia.login}, not ${sam.login}: its changes are pushed as that login. ` +
        `Connect as ${mia.login} again; to sync as ${sam.login}, join the hub from a new workspace.`,
    );
    // The form keeps what it had: the refused login was not stored.
    expect(getSyncState(t.db, 'hub_user')).toBe(mia.login);
    // The CLI is refused the same way, before anything is pushed.
    insertLead(t.db, { name: 'Waiting' });
    await expect(syncWithHub(t.db, hub.url(sam))).rejects.toThrow(/registered on the hub to the login .+, not .+: /);

    // As its own login it syncs on.
    const again = await session.connect(t.ctx, { url, user: mia.login, password: mia.password });
    expect(again).toMatchObject({ connected: true, lastError: null, pending: 0 });
  }, 60_000);
});
