import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import { PgHub, type PulledField, type PushChange } from '../../main/sync/hub-client.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub } from '../helpers/sync-hub.js';

/**
 * pull_page (pullOthers) cuts a page by its limit, leaves the caller's own pushes out and carries
 * the last position scanned; paged with limits that cut rows apart, it must give the same fields in
 * the same (xid, id) order as pull.
 */
let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const clock = (ms: number, node: string) => `${new Date(ms).toISOString()}-0000-${node}`;

describe('pull_page', () => {
  it('pages through rows cut by the limit in the order pull gives, the last position carried past the end', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const m = await hub.member('marketing');
      const [a, b, reader] = [await hub.connect(m), await hub.connect(m), await hub.connect(m)];
      const now = Date.now();
      const rows = [newId(), newId(), newId()];
      const msg = (node: string, seq0: number, names: string[]): PushChange[] =>
        rows.map((row, i) => ({ seq: seq0 + i, tbl: 'campaigns', row, clock: clock(now - 1000 * (3 - i), node), cols: { name: names[i]!, cost: i, channel: 'email' }, bases: {} }));
      const ha = new PgHub(a);
      const hb = new PgHub(b);
      await ha.info();
      await hb.info();
      await ha.push('00000000-0000-4000-8000-00000000000a', 'aaaaaaaaaaaaaaaa', 0, msg('aaaaaaaaaaaaaaaa', 1, ['a0', 'a1', 'a2']));
      // B's later push rewrites some fields of the same rows in another transaction (newer clocks).
      const later: PushChange[] = [{ seq: 1, tbl: 'campaigns', row: rows[1]!, clock: clock(now, 'bbbbbbbbbbbbbbbb'), cols: { name: 'b1', cost: 9 }, bases: {} },
        { seq: 2, tbl: 'offers', row: newId(), clock: clock(now, 'bbbbbbbbbbbbbbbb'), cols: { name: 'o', type: 'webinar' }, bases: {} }];
      await hb.push('00000000-0000-4000-8000-00000000000b', 'bbbbbbbbbbbbbbbb', 0, later);

      const h = new PgHub(reader);
      expect((await h.info()).version).toBeGreaterThanOrEqual(2);
      const one: PulledField[] = [];
      for (let cur = { xid: '0', id: '0' }; ; ) {
        const got = await h.pull(cur, 100);
        one.push(...got);
        if (got.length < 100) break;
        cur = got[got.length - 1]!;
      }
      expect(one).toHaveLength(9 - 2 + 4); // a's 9 fields, 2 of them since rewritten by b's 4
      for (const limit of [1, 2, 4, 5, 100]) {
        const paged: PulledField[] = [];
        let cur = { xid: '0', id: '0' };
        for (let pages = 0; ; pages++) {
          const page = await h.pullOthers(cur, limit);
          paged.push(...page.fields);
          if (page.end) cur = page.end; // none on an empty page
          if (page.scanned < limit) break;
          if (pages > 50) throw new Error('no end');
        }
        expect(paged).toEqual(one);
        expect(cur).toEqual({ xid: one[one.length - 1]!.xid, id: one[one.length - 1]!.id });
      }
    } finally {
      await hub.close();
    }
  });
});
