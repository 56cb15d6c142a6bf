import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { newId } from '../../main/db/ids.js';
import type { PushChange } from '../../main/sync/hub-client.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub } from '../helpers/sync-hub.js';

/**
 * push_changes (hub schema 3) writes fields the hub does not hold by a plain INSERT, decided in its
 * snapshot; these cases are the ones where that decision is wrong or mixed: a key a concurrent push
 * inserts meanwhile, and a message of new and held keys.
 */
let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const clockAt = (ms: number, node: string) => `${new Date(ms).toISOString()}-0000-${node}`;
const change = (seq: number, row: string, clock: string, name: string): PushChange => ({
  seq, tbl: 'campaigns', row, clock, cols: { name, cost: seq }, bases: { name: null, cost: null },
});

interface PushOut {
  last: string;
  held: string;
  lost_row: string[] | null;
  lost_col: string[] | null;
}
const push = async (c: pg.Client, client: string, node: string, prev: number, changes: PushChange[]): Promise<PushOut> =>
  (
    await c.query<PushOut>('SELECT last::text, held::text, lost_row, lost_col FROM leadpact.push_changes($1::uuid, $2, $3::bigint, $4::jsonb)', [
      client, node, prev, JSON.stringify(changes),
    ])
  ).rows[0]!;

describe('push_changes', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await TestHub.create(cluster);
  });
  afterEach(async () => hub.close());

  const nodeA = 'aaaaaaaaaaaaaaaa';
  const nodeB = 'bbbbbbbbbbbbbbbb';
  const clientA = '00000000-0000-4000-8000-00000000000a';
  const clientB = '00000000-0000-4000-8000-00000000000b';

  /** B pushes `row` while A's push of the same new row is open; A commits; B's result. */
  async function race(bClockMs: number, aClockMs: number): Promise<{ out: PushOut; hubName: string; row: string }> {
    const m = await hub.member('marketing');
    const [a, b, admin] = [await hub.connect(m), await hub.connect(m), await hub.admin()];
    const row = newId();
    await a.query('BEGIN');
    await push(a, clientA, nodeA, 0, [change(1, row, clockAt(aClockMs, nodeA), 'from A')]);
    const pending = push(b, clientB, nodeB, 0, [change(1, row, clockAt(bClockMs, nodeB), 'from B')]);
    // B's plain insert waits on A's uncommitted key (B's snapshot did not see it).
    for (let i = 0; ; i++) {
      const w = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock'", [m.login]);
      if (w.rows[0].n > 0) break;
      if (i > 500) throw new Error('B never waited on A');
      await new Promise((r) => setTimeout(r, 10));
    }
    await a.query('COMMIT');
    const out = await pending;
    const held = await admin.query<{ value: string }>("SELECT value #>> '{}' AS value FROM leadpact.fields WHERE tbl = 'campaigns' AND row_id = $1 AND col = 'name'", [row]);
    return { out, hubName: held.rows[0]!.value, row };
  }

  it('a key a concurrent push inserted meanwhile goes through the upsert: an older value is reported lost, not an error', async () => {
    const now = Date.now();
    const { out, hubName, row } = await race(now - 60_000, now);
    expect(out.last).toBe('1');
    expect(hubName).toBe('from A');
    expect(out.lost_row).toEqual([row, row]);
    expect([...out.lost_col!].sort()).toEqual(['cost', 'name']);
  });

  it('a key a concurrent push inserted meanwhile goes through the upsert: a newer value replaces it', async () => {
    const now = Date.now();
    const { out, hubName } = await race(now, now - 60_000);
    expect(out.last).toBe('1');
    expect(hubName).toBe('from B');
    expect(out.lost_row).toBeNull();
  });

  it('a message of new and held keys writes the new ones and reports only the held ones whose value lost', async () => {
    const m = await hub.member('marketing');
    const [a, b] = [await hub.connect(m), await hub.connect(m)];
    const now = Date.now();
    const [older, newer] = [newId(), newId()];
    await push(a, clientA, nodeA, 0, [change(1, older, clockAt(now, nodeA), 'A1'), change(2, newer, clockAt(now - 60_000, nodeA), 'A2')]);
    const fresh = newId();
    const out = await push(b, clientB, nodeB, 0, [
      change(1, older, clockAt(now - 30_000, nodeB), 'B1'), // loses to A's
      change(2, newer, clockAt(now - 30_000, nodeB), 'B2'), // wins over A's
      change(3, fresh, clockAt(now - 30_000, nodeB), 'B3'), // new on the hub
    ]);
    expect(out.last).toBe('3');
    expect(out.held).toBe('0');
    expect(out.lost_row).toEqual([older, older]);
    const names = await a.query<{ row_id: string; name: string; node: string }>(
      "SELECT row_id, value #>> '{}' AS name, node FROM leadpact.fields WHERE tbl = 'campaigns' AND col = 'name' ORDER BY row_id",
    );
    expect(Object.fromEntries(names.rows.map((r) => [r.row_id, [r.name, r.node]]))).toEqual({
      [older]: ['A1', nodeA],
      [newer]: ['B2', nodeB],
      [fresh]: ['B3', nodeB],
    });
    // A resend of what the hub holds writes nothing and says so.
    const again = await push(b, clientB, nodeB, 0, [change(3, fresh, clockAt(now, nodeB), 'B3 again')]);
    expect(again).toMatchObject({ last: '3', held: '3', lost_row: null });
  });
});
