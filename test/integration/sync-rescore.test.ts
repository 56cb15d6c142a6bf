import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as criteria from '../../main/services/criteria.js';
import { rescore } from '../../main/services/rescore.js';
import * as users from '../../main/services/users.js';
import { insertLead } from '../helpers/builders.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub, type Laptop } from '../helpers/sync-hub.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

async function settle(laptops: Laptop[]): Promise<void> {
  for (let round = 0; round < 5; round++) {
    let changed = 0;
    for (const l of laptops) {
      const r = await l.sync();
      changed += r.pushed + r.applied;
    }
    if (changed === 0) return;
  }
  throw new Error('laptops did not settle in 5 rounds');
}

const lead = (l: Laptop, id: string) =>
  l.db.prepare('SELECT stage, score_total AS total, score_level AS level FROM leads WHERE id = ?').get(id) as { stage: string; total: number; level: string | null };
const pendingHandoffs = (l: Laptop) => l.db.prepare("SELECT id, lead_id FROM handoffs WHERE decision = 'pending' AND deleted = 0 ORDER BY id").all();

describe('scores after a pull', () => {
  it('leads and edits pulled from another laptop are scored under the active version and MQLs handed off; another version put live asks for a full rescore', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const m = await hub.member('marketing', true);
      const a = await hub.laptop(m);
      const b = await hub.laptop(m);
      const owner = users.create(a.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
      users.setCurrent(a.db, owner);
      const v = criteria.createDraft(a.db, { name: 'Dutch' });
      criteria.saveRule(a.db, v.id, { kind: 'fit', label: 'Dutch', field: 'country', operator: 'equals', value: 'NL', points: 45 });
      a.db.prepare("UPDATE criteria_versions SET status = 'active', effective_from = ?, updated_at = ? WHERE id = ?").run(Date.now(), Date.now(), v.id);
      await a.sync();
      // B sees a version go live: every lead's score depends on it, so the sync asks for a full rescore.
      expect(await b.sync()).toMatchObject({ rescoreAll: v.id, rescored: 0 });

      // A adds leads offline (not rescored there); B pulls them.
      const dutch = [0, 1, 2].map((i) => insertLead(a.db, { name: `Dutch ${i}`, country: 'NL' }));
      const belgian = insertLead(a.db, { name: 'Belgian', country: 'BE' });
      await a.sync();
      const r = await b.sync();
      expect(r).toMatchObject({ rescored: 4, rescoreAll: null });
      for (const id of dutch) expect(lead(b, id)).toMatchObject({ total: 45, stage: 'mql' });
      expect(lead(b, dutch[0]!).level).not.toBeNull();
      expect(lead(b, belgian)).toMatchObject({ total: 0, level: null, stage: 'lead' });
      expect(b.db.prepare('SELECT count(*) FROM scores WHERE version_id = ?').pluck().get(v.id)).toBe(4);
      expect(pendingHandoffs(b).map((h) => (h as { lead_id: string }).lead_id).sort()).toEqual([...dutch].sort());

      // The handoffs reach A; A's own rescore makes the same ones (one per lead), nothing doubles.
      await settle([b, a]);
      expect(rescore(a.db, v.id).handoffsCreated).toBe(0);
      await settle([a, b]);
      expect(pendingHandoffs(a)).toEqual(pendingHandoffs(b));
      expect(pendingHandoffs(a)).toHaveLength(3);
      expect(lead(a, dutch[1]!)).toEqual(lead(b, dutch[1]!));

      // An edit pulled later is scored too: the Belgian lead moves to the Netherlands on A.
      a.db.prepare("UPDATE leads SET country = 'NL', updated_at = ? WHERE id = ?").run(Date.now(), belgian);
      await a.sync();
      expect(await b.sync()).toMatchObject({ rescored: 1 });
      expect(lead(b, belgian)).toMatchObject({ total: 45, stage: 'mql' });
      await settle([a, b]);
      expect(pendingHandoffs(a)).toEqual(pendingHandoffs(b));
      expect(pendingHandoffs(b)).toHaveLength(4);
      for (const l of [a, b]) expect(l.conflicts().filter((c) => c.tbl === 'handoffs')).toEqual([]);
    } finally {
      await hub.close();
    }
  }, 60_000);
});
