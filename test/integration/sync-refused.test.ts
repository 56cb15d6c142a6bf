import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import { discardRefused, refused, retryRefused } from '../../main/sync/refused.js';
import { insertLead } from '../helpers/builders.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub } from '../helpers/sync-hub.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const decide = (db: import('../../main/db/connection.js').Db, id: string, decision: string, at: number) =>
  db.prepare('UPDATE handoffs SET decision = ?, decided_at = ?, updated_at = ? WHERE id = ?').run(decision, at, at, id);

describe('changes the hub refuses', () => {
  it('are set aside with the reason and no longer block later pushes; retry sends them once allowed, discard brings the hub value back', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const mkt = await hub.member('marketing');
      const sales = await hub.member('sales');
      const m = await hub.laptop(mkt);
      const s = await hub.laptop(sales);
      const lead = insertLead(m.db, { name: 'Ada' });
      const [h1, h2] = [newId(), newId()];
      for (const h of [h1, h2]) m.db.prepare('INSERT INTO handoffs (id, lead_id, handed_at, created_at, updated_at) VALUES (?, ?, 1, 1, 1)').run(h, lead);
      await m.sync();
      await s.sync();

      // Marketing decides a handoff (sales' call), then goes on working: renames the lead.
      decide(m.db, h1, 'accepted', 2);
      m.db.prepare("UPDATE leads SET name = 'Ada Lovelace', updated_at = 3 WHERE id = ?").run(lead);
      const r = await m.sync();
      expect(r).toMatchObject({ refused: 1, refusedTotal: 1, pending: 0 });
      expect(r.pushed).toBeGreaterThan(0);
      const [aside] = refused(m.db);
      expect(aside).toMatchObject({ tbl: 'handoffs', rowId: h1 });
      expect(aside!.reason).toMatch(new RegExp(`user ${mkt.login} \\(team marketing\\) may not write handoffs\\.decision|decided_at`));
      // The later change went through: sales sees the new name, not the decision.
      await s.sync();
      expect(s.db.prepare('SELECT name FROM leads WHERE id = ?').pluck().get(lead)).toBe('Ada Lovelace');
      expect(s.db.prepare('SELECT decision FROM handoffs WHERE id = ?').pluck().get(h1)).toBe('pending');
      // A second sync changes nothing and refuses nothing new; the refused change is still listed.
      expect(await m.sync()).toMatchObject({ pushed: 0, refused: 0, refusedTotal: 1 });

      // Retried as the same user it is refused again, with the reason; discarded, the hub's value comes back.
      expect(retryRefused(m.db, aside!.seq)).toBe(1);
      expect(await m.sync()).toMatchObject({ refused: 1, refusedTotal: 1 });
      const again = refused(m.db)[0]!;
      expect(() => discardRefused(m.db, again.seq + 1000)).toThrow(/No refused change/);
      discardRefused(m.db, again.seq);
      expect(refused(m.db)).toEqual([]);
      expect(m.db.prepare("SELECT count(*) FROM audit WHERE action = 'sync.discard_refused' AND entity_id = ?").pluck().get(h1)).toBe(1);
      await m.sync();
      expect(m.db.prepare('SELECT decision, decided_at FROM handoffs WHERE id = ?').get(h1)).toEqual({ decision: 'pending', decided_at: null });

      // A refusal that is lifted (the member may now write it) goes through on retry.
      decide(m.db, h2, 'accepted', 4);
      expect((await m.sync()).refused).toBe(1);
      const admin = await hub.admin();
      await admin.query(`GRANT leadpact_sales TO ${mkt.login}`);
      expect(retryRefused(m.db, null)).toBe(1);
      expect(await m.sync()).toMatchObject({ refused: 0, refusedTotal: 0 });
      await s.sync();
      expect(s.db.prepare('SELECT decision FROM handoffs WHERE id = ?').pluck().get(h2)).toBe('accepted');
    } finally {
      await hub.close();
    }
  }, 60_000);
});
