import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import { PgHub, type HubTransport, type PushChange } from '../../main/sync/hub-client.js';
import { identity, stampPending } from '../../main/sync/engine.js';
import { refused, retryRefused } from '../../main/sync/refused.js';
import { Rng } from '../../shared/domain/random.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { Laptop, TestHub } from '../helpers/sync-hub.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const CAMPAIGN_COLS = 'name, channel, cost, deleted';
const addCampaign = (l: Laptop, name: string, id = newId()) => {
  l.db.prepare("INSERT INTO campaigns (id, name, channel, created_at, updated_at) VALUES (?, ?, 'email', 1, 1)").run(id, name);
  return id;
};
const setField = (l: Laptop, id: string, col: 'name' | 'channel' | 'cost' | 'deleted', value: string | number) =>
  l.db.prepare(`UPDATE campaigns SET ${col} = ?, updated_at = ? WHERE id = ?`).run(value, Date.now(), id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sync every laptop, in the given order, until a full round changes nothing anywhere. */
async function settle(laptops: Laptop[], order: number[]): Promise<void> {
  for (let round = 0; round < 5; round++) {
    let changed = 0;
    for (const i of order) {
      const r = await laptops[i]!.sync();
      changed += r.pushed + r.applied;
    }
    if (changed === 0) return;
  }
  throw new Error('laptops did not settle in 5 rounds');
}

describe('team sync through a PostgreSQL hub', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await TestHub.create(cluster);
  });
  afterEach(async () => hub.close());

  it('two laptops editing offline converge, in either sync order, and log the concurrent edit of one field', async () => {
    for (const order of [[0, 1], [1, 0]]) {
      const h = await TestHub.create(cluster);
      try {
        const m = await h.member('marketing');
        const laptops = [await h.laptop(m), await h.laptop(m)];
        const shared = addCampaign(laptops[0]!, 'Spring launch');
        await settle(laptops, [0, 1]);
        expect(laptops[1]!.rows('campaigns', CAMPAIGN_COLS)).toEqual(laptops[0]!.rows('campaigns', CAMPAIGN_COLS));
        // Offline: both rename the campaign (same field), one changes its cost, the other its channel.
        setField(laptops[0]!, shared, 'name', 'Spring launch EU');
        setField(laptops[0]!, shared, 'cost', 1200);
        await sleep(3);
        setField(laptops[1]!, shared, 'name', 'Spring launch 2027');
        setField(laptops[1]!, shared, 'channel', 'paid_social');
        addCampaign(laptops[1]!, 'Only on B');
        await settle(laptops, order);
        const a = laptops[0]!.rows('campaigns', CAMPAIGN_COLS);
        expect(laptops[1]!.rows('campaigns', CAMPAIGN_COLS)).toEqual(a);
        // Later clock wins the name; the other fields of the row are both kept.
        expect(a).toContainEqual({ id: shared, name: 'Spring launch 2027', channel: 'paid_social', cost: 1200, deleted: 0 });
        expect(a).toHaveLength(2);
        // The laptop whose name lost sees it in its conflict log; the other fields are no conflict.
        expect(laptops[0]!.conflicts()).toEqual([
          { tbl: 'campaigns', row_id: shared, col: 'name', kept_value: '"Spring launch 2027"', lost_value: '"Spring launch EU"' },
        ]);
        // The hub keeps winners only, so the winning laptop never receives the lost value.
        expect(laptops[1]!.conflicts()).toEqual([]);
      } finally {
        await h.close();
      }
    }
  });

  it('five laptops editing offline, syncing in random orders, all end in one state', async () => {
    const rng = new Rng(9);
    const m = await hub.member('marketing');
    const s = await hub.member('sales');
    const laptops: Laptop[] = [];
    for (let i = 0; i < 5; i++) laptops.push(await hub.laptop(i % 2 ? s : m));
    const ids = [addCampaign(laptops[0]!, 'A'), addCampaign(laptops[0]!, 'B'), addCampaign(laptops[0]!, 'C')];
    await settle(laptops, [0, 1, 2, 3, 4]);
    for (let round = 0; round < 4; round++) {
      for (const l of laptops) {
        for (let k = 0; k < 4; k++) {
          const col = (['name', 'channel', 'cost'] as const)[rng.int(0, 2)]!;
          setField(l, ids[rng.int(0, 2)]!, col, col === 'cost' ? rng.int(0, 1000) : `v${rng.int(0, 99)}`);
        }
        if (rng.next() < 0.3) addCampaign(l, `new ${round}`);
      }
      const order = [0, 1, 2, 3, 4].sort(() => rng.next() - 0.5);
      for (const i of order.slice(0, rng.int(1, 5))) await laptops[i]!.sync();
    }
    await settle(laptops, [4, 2, 0, 3, 1]);
    const first = laptops[0]!.rows('campaigns', CAMPAIGN_COLS);
    for (const l of laptops) expect(l.rows('campaigns', CAMPAIGN_COLS)).toEqual(first);
    for (const l of laptops) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0, conflicts: 0, pending: 0 });
  });

  it('a push whose reply is lost after the hub committed is resent and recorded once', async () => {
    const m = await hub.member('marketing');
    const a = await hub.laptop(m);
    const b = await hub.laptop(m);
    const real = a.hub;
    let cut = true;
    const lossy: HubTransport = {
      info: () => real.info(),
      pull: (c, n) => real.pull(c, n),
      async push(clientId, node, prev, changes) {
        const acked = await real.push(clientId, node, prev, changes);
        if (cut) throw new Error('connection reset by peer');
        return acked;
      },
    };
    a.hub = lossy;
    const id = addCampaign(a, 'Webinar');
    await expect(a.sync()).rejects.toThrow(/connection reset/);
    // The hub has it; the outbox still has it too, since no confirmation came.
    expect((a.db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n).toBeGreaterThan(0);
    setField(a, id, 'name', 'Webinar (Dec)');
    cut = false;
    const r = await a.sync();
    expect(r.pending).toBe(0);
    await b.sync();
    expect(b.rows('campaigns', CAMPAIGN_COLS)).toEqual(a.rows('campaigns', CAMPAIGN_COLS));
    const admin = await hub.admin();
    const clients = await admin.query('SELECT count(*)::int AS n, max(last_seq)::int AS last FROM leadpact.clients');
    expect(clients.rows[0].n).toBe(2);
  });

  it('duplicated and reordered push messages: a repeat is skipped, a message after a missing one is refused', async () => {
    const m = await hub.member('marketing');
    const a = await hub.laptop(m);
    const ida = addCampaign(a, 'one');
    addCampaign(a, 'two');
    const { clientId, node } = identity(a.db);
    stampPending(a.db, node, 0);
    const rows = a.db.prepare('SELECT seq, tbl, row_id, cols, clock, bases FROM sync_outbox ORDER BY seq').all() as {
      seq: number; tbl: string; row_id: string; cols: string; clock: string; bases: string;
    }[];
    const msg = (r: (typeof rows)[number]): PushChange => ({ seq: r.seq, tbl: r.tbl, row: r.row_id, clock: r.clock, cols: JSON.parse(r.cols), bases: JSON.parse(r.bases) });
    const last = rows[rows.length - 1]!.seq;
    const first = rows.filter((r) => r.tbl === 'campaigns')[0]!;
    const firstIdx = rows.indexOf(first);
    const early = rows.slice(0, firstIdx + 1).map(msg);
    const late = rows.slice(firstIdx + 1).map(msg);
    // The later message arrives first: refused, nothing recorded.
    await expect(a.hub.push(clientId, node, early[early.length - 1]!.seq, late)).rejects.toThrow(/out of order/);
    expect(await a.hub.push(clientId, node, 0, early)).toBe(early[early.length - 1]!.seq);
    expect(await a.hub.push(clientId, node, 0, early)).toBe(early[early.length - 1]!.seq); // duplicate
    expect(await a.hub.push(clientId, node, early[early.length - 1]!.seq, late)).toBe(last);
    expect(await a.hub.push(clientId, node, early[early.length - 1]!.seq, late)).toBe(last); // duplicate
    const admin = await hub.admin();
    const names = await admin.query("SELECT value #>> '{}' AS v FROM leadpact.fields WHERE tbl = 'campaigns' AND col = 'name' ORDER BY 1");
    expect(names.rows.map((r) => r.v)).toEqual(['one', 'two']);
    expect(ida).toBeTruthy();
  });

  it('a pull never skips a transaction that commits late (the gap case)', async () => {
    const m = await hub.member('marketing');
    const [a, b, c] = [await hub.laptop(m), await hub.laptop(m), await hub.laptop(m)];
    const slow = await hub.connect(m);
    await settle([a, b, c], [0, 1, 2]); // the seeded defaults, so the held transaction touches only its own rows
    const ida = addCampaign(a, 'slow one');
    const { clientId, node } = identity(a.db);
    stampPending(a.db, node, 0);
    const rows = a.db.prepare('SELECT seq, tbl, row_id, cols, clock, bases FROM sync_outbox ORDER BY seq').all() as {
      seq: number; tbl: string; row_id: string; cols: string; clock: string; bases: string;
    }[];
    const changes = rows.map((r) => ({ seq: r.seq, tbl: r.tbl, row: r.row_id, clock: r.clock, cols: JSON.parse(r.cols), bases: JSON.parse(r.bases) }));
    await slow.query('BEGIN');
    await new PgHub(slow).push(clientId, node, 0, changes); // an xid taken, not committed
    addCampaign(b, 'fast one');
    await b.sync(); // commits after the slow transaction started, with a larger id
    const early = await c.sync();
    expect(c.rows('campaigns', 'name')).toEqual([]); // held back behind the open transaction
    expect(early.pulled).toBe(0);
    await slow.query('COMMIT');
    await c.sync();
    expect((c.rows('campaigns', 'name') as { name: string }[]).map((r) => r.name).sort()).toEqual(['fast one', 'slow one']);
    expect(ida).toBeTruthy();
  });

  it('a laptop whose clock is 10 minutes ahead: its changes are refused by skew and set aside, and go through when retried with the clock right', async () => {
    const m = await hub.member('sales');
    const a = await hub.laptop(m);
    const early = addCampaign(a, 'from before');
    await a.sync();
    const future = addCampaign(a, 'from the future');
    const r = await a.sync({ now: () => Date.now() + 10 * 60_000 });
    expect(r).toMatchObject({ pushed: 0, refused: 1, refusedTotal: 1, pending: 0 });
    const [aside] = refused(a.db);
    expect(aside).toMatchObject({ tbl: 'campaigns', rowId: future });
    expect(aside!.reason).toMatch(/clock is 00:(09:5\d|10:0\d) ahead of the hub's time; the cap is 5 minutes/);
    const admin = await hub.admin();
    const onHub = async () => (await admin.query("SELECT DISTINCT row_id FROM leadpact.fields WHERE tbl = 'campaigns'")).rows.map((x) => x.row_id);
    expect(await onHub()).toEqual([early]);
    // The hub itself refuses such a clock too, by client, user and skew (a client that skipped the check).
    const { clientId, node } = identity(a.db);
    const ahead = new Date(Date.now() + 10 * 60_000).toISOString();
    const err = await a.hub
      .push(clientId, node, 1, [{ seq: 1_000_000, tbl: 'campaigns', row: future, clock: `${ahead}-0000-${node}`, cols: { name: 'x' }, bases: {} }])
      .catch((e: Error) => e);
    expect((err as Error).message).toContain(`clock of client ${clientId} (user ${m.login}) is 00:`);
    // Once the clock would be right (the test plays it by rewriting the stamped clock), a retry sends it.
    const rightNow = `${new Date().toISOString()}-0fff-${node}`;
    a.db.prepare("UPDATE sync_state SET value = ? WHERE key = 'hlc'").run(rightNow);
    retryRefused(a.db, null);
    a.db.prepare('UPDATE sync_outbox SET clock = ? WHERE row_id = ?').run(rightNow, future);
    expect(await a.sync()).toMatchObject({ pushed: 2, refused: 0, refusedTotal: 0 }); // and the retry's audit entry
    expect((await onHub()).sort()).toEqual([early, future].sort());
  });

  it('an offline edit that loses to a later one whose base is newer than it (but never saw it) is still logged', async () => {
    const m = await hub.member('marketing');
    const [a, b] = [await hub.laptop(m), await hub.laptop(m)];
    const id = addCampaign(a, 'Start');
    await settle([a, b], [0, 1]);
    setField(b, id, 'name', 'B offline'); // first in time, never seen by A
    await sleep(3);
    setField(a, id, 'name', 'A one');
    await a.sync(); // A's base for its next edit is now this clock, later than B's edit
    await sleep(3);
    setField(a, id, 'name', 'A two');
    await settle([a, b], [0, 1]);
    expect(b.rows('campaigns', CAMPAIGN_COLS)).toEqual(a.rows('campaigns', CAMPAIGN_COLS));
    expect(a.rows('campaigns', 'name')).toEqual([{ id, name: 'A two' }]);
    expect(b.conflicts()).toEqual([{ tbl: 'campaigns', row_id: id, col: 'name', kept_value: '"A two"', lost_value: '"B offline"' }]);
    expect(a.conflicts()).toEqual([]);
  });

  it('delete against edit: the row stays deleted, the concurrent edit of another field is kept; a later restore shows it', async () => {
    const m = await hub.member('marketing');
    const [a, b] = [await hub.laptop(m), await hub.laptop(m)];
    const id = addCampaign(a, 'Old name');
    await settle([a, b], [0, 1]);
    setField(a, id, 'deleted', 1);
    await sleep(3);
    setField(b, id, 'name', 'Edited while deleted');
    await settle([a, b], [1, 0]);
    for (const l of [a, b]) expect(l.rows('campaigns', CAMPAIGN_COLS)).toEqual([{ id, name: 'Edited while deleted', channel: 'email', cost: 0, deleted: 1 }]);
    // An edit made later than the delete, by someone who had seen it, is still not a restore.
    setField(b, id, 'cost', 5);
    await settle([a, b], [1, 0]);
    expect(a.rows('campaigns', 'deleted')).toEqual([{ id, deleted: 1 }]);
    setField(b, id, 'deleted', 0);
    await settle([a, b], [1, 0]);
    expect(a.rows('campaigns', CAMPAIGN_COLS)).toEqual([{ id, name: 'Edited while deleted', channel: 'email', cost: 5, deleted: 0 }]);
    // A hard delete (an import undone) reaches the others as a soft delete.
    a.db.prepare('DELETE FROM campaigns WHERE id = ?').run(id);
    await settle([a, b], [0, 1]);
    expect(b.rows('campaigns', 'deleted')).toEqual([{ id, deleted: 1 }]);
    expect(a.conflicts()).toEqual([]);
  });
});
