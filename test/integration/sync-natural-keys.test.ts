import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as criteria from '../../main/services/criteria.js';
import * as users from '../../main/services/users.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub, type Laptop } from '../helpers/sync-hub.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

async function settle(laptops: Laptop[]): Promise<number> {
  for (let round = 1; round <= 6; round++) {
    let changed = 0;
    for (const l of laptops) {
      const r = await l.sync();
      changed += r.pushed + r.applied;
    }
    if (changed === 0) return round;
  }
  throw new Error('laptops did not settle in 6 rounds');
}

const versions = (l: Laptop) => l.db.prepare('SELECT id, number, name FROM criteria_versions ORDER BY number').all() as { id: string; number: number; name: string }[];

describe('natural keys made on two laptops', () => {
  it('two drafts numbered alike both survive: the larger id is renumbered on every laptop, logged and audited', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const login = await hub.member('marketing');
      const laptops = [await hub.laptop(login), await hub.laptop(login), await hub.laptop(login)];
      const [a, b, c] = laptops as [Laptop, Laptop, Laptop];
      const mkt = users.create(a.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
      users.setCurrent(a.db, mkt);
      criteria.createDraft(a.db, { name: 'Shared' });
      await settle(laptops);
      // Offline, each laptop makes the next draft: all three are number 2.
      users.setCurrent(b.db, mkt);
      users.setCurrent(c.db, mkt);
      const drafts = laptops.map((l, i) => criteria.createDraft(l.db, { name: `Draft on ${'abc'[i]}` }));
      expect(drafts.map((d) => d.number)).toEqual([2, 2, 2]);
      await settle([c, a, b]);

      const state = versions(a);
      for (const l of [b, c]) expect(versions(l)).toEqual(state);
      expect(state.map((v) => v.number)).toEqual([1, 2, 3, 4]);
      // The smallest id kept 2; the others were renumbered, visibly.
      const byId = [...drafts].sort((x, y) => (x.id < y.id ? -1 : 1));
      expect(state.find((v) => v.id === byId[0]!.id)!.number).toBe(2);
      const renumbered = a.db.prepare("SELECT DISTINCT entity_id FROM audit WHERE action = 'sync.renumbered'").pluck().all() as string[];
      expect(renumbered.sort()).toEqual([byId[1]!.id, byId[2]!.id].sort());
      const lost = laptops.flatMap((l) => l.conflicts().filter((x) => x.tbl === 'criteria_versions' && x.col === 'number'));
      expect(lost.length).toBeGreaterThan(0);
      expect(lost.every((x) => x.lost_value === '2')).toBe(true);
      // A second sync changes nothing.
      for (const l of laptops) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0, pending: 0 });
    } finally {
      await hub.close();
    }
  }, 60_000);
});

describe('version numbers settle alike whatever order rows arrive in', () => {
  // A and B draft version 2 offline, B then drafts 3: laptops that learn of the three drafts in
  // different orders (A's first, B's first, or one at a time as C does) must number them alike.
  // By the rule (claim, id): the draft with the smaller id of the two 2s keeps 2, then 3, then 4.
  const tick = () => new Promise((r) => setTimeout(r, 3)); // uuid v7: a later draft has a larger id
  for (const aDraftsFirst of [true, false]) {
    for (const aSyncsFirst of [true, false]) {
      it(`${aDraftsFirst ? "A's" : "B's"} draft is older, ${aSyncsFirst ? 'A' : 'B'} syncs first`, async () => {
        const hub = await TestHub.create(cluster);
        try {
          const login = await hub.member('marketing');
          const laptops = [await hub.laptop(login), await hub.laptop(login), await hub.laptop(login)];
          const [a, b, c] = laptops as [Laptop, Laptop, Laptop];
          const mkt = users.create(a.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
          users.setCurrent(a.db, mkt);
          criteria.createDraft(a.db, { name: 'Shared' });
          await settle(laptops);
          users.setCurrent(b.db, mkt);
          const draftA = async () => {
            await tick();
            return criteria.createDraft(a.db, { name: 'A two' });
          };
          const draftsB = async () => {
            await tick();
            const two = criteria.createDraft(b.db, { name: 'B two' });
            await tick();
            return [two, criteria.createDraft(b.db, { name: 'B three' })] as const;
          };
          const a2 = aDraftsFirst ? await draftA() : null;
          const [b2, b3] = await draftsB();
          const aTwo = a2 ?? (await draftA());
          expect([aTwo.number, b2.number, b3.number]).toEqual([2, 2, 3]);

          // C takes each laptop's drafts at its own sync, so it meets them one laptop at a time.
          const [first, second] = aSyncsFirst ? [a, b] : [b, a];
          await first.sync();
          await c.sync();
          await second.sync();
          await c.sync();
          await settle(aSyncsFirst ? [b, a, c] : [a, c, b]);

          const twos = [aTwo, b2].sort((x, y) => (x.id < y.id ? -1 : 1));
          const expected = [
            { id: twos[0]!.id, number: 2 },
            { id: twos[1]!.id, number: 3 },
            { id: b3.id, number: 4 },
          ].sort((x, y) => (x.id < y.id ? -1 : 1));
          const numbers = (l: Laptop) => l.rows('criteria_versions', 'number').filter((v) => (v as { number: number }).number > 1);
          for (const l of laptops) expect(numbers(l)).toEqual(expected);
          // Renumbered on the laptops that moved them, synced as audited changes, claim logged.
          const renumbered = a.db.prepare("SELECT DISTINCT entity_id FROM audit WHERE action = 'sync.renumbered'").pluck().all() as string[];
          expect(renumbered.sort()).toEqual([twos[1]!.id, b3.id].sort());
          const lost = laptops.flatMap((l) => l.conflicts().filter((x) => x.tbl === 'criteria_versions' && x.col === 'number'));
          expect(new Set(lost.map((x) => `${x.row_id}:${x.lost_value}`))).toEqual(new Set([`${twos[1]!.id}:2`, `${b3.id}:3`]));
          for (const l of laptops) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0, pending: 0 });
          for (const l of laptops) expect(numbers(l)).toEqual(expected);
        } finally {
          await hub.close();
        }
      }, 60_000);
    }
  }
});

describe('one active version', () => {
  it('two laptops putting different versions live offline: the later stays active everywhere, the other is retired, logged and audited', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const login = await hub.member('marketing');
      const laptops = [await hub.laptop(login), await hub.laptop(login)];
      const [a, b] = laptops as [Laptop, Laptop];
      const mkt = users.create(a.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
      users.setCurrent(a.db, mkt);
      const v1 = criteria.createDraft(a.db, { name: 'One' }).id;
      const v2 = criteria.createDraft(a.db, { name: 'Two' }).id;
      const v3 = criteria.createDraft(a.db, { name: 'Three' }).id;
      const goLive = (l: Laptop, retire: string | null, id: string, at: number) =>
        l.db.transaction(() => {
          if (retire) l.db.prepare("UPDATE criteria_versions SET status = 'retired', effective_to = ?, updated_at = ? WHERE id = ?").run(at, at, retire);
          l.db.prepare("UPDATE criteria_versions SET status = 'active', effective_from = ?, updated_at = ? WHERE id = ?").run(at, at, id);
        })();
      goLive(a, null, v1, Date.now());
      await settle(laptops);
      // Offline: A puts version 2 live, then B puts version 3 live.
      goLive(a, v1, v2, Date.now());
      await new Promise((r) => setTimeout(r, 5));
      const bAt = Date.now();
      goLive(b, v1, v3, bAt);
      await settle([a, b]);

      const state = a.rows('criteria_versions', 'number, status, effective_from, effective_to');
      expect(b.rows('criteria_versions', 'number, status, effective_from, effective_to')).toEqual(state);
      const status = Object.fromEntries((state as { id: string; status: string }[]).map((v) => [v.id, v.status]));
      expect(status).toEqual({ [v1]: 'retired', [v2]: 'retired', [v3]: 'active' });
      expect(a.db.prepare('SELECT effective_to FROM criteria_versions WHERE id = ?').pluck().get(v2)).toBe(bAt);
      expect(a.conflicts().filter((c) => c.col === 'status' && c.row_id === v2)).toHaveLength(1);
      expect(a.db.prepare("SELECT count(*) FROM audit WHERE action = 'sync.retired' AND entity_id = ?").pluck().get(v2)).toBeGreaterThan(0);
      for (const l of laptops) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0, pending: 0, refused: 0 });
    } finally {
      await hub.close();
    }
  }, 60_000);
});
