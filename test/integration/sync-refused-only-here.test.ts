import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import * as criteria from '../../main/services/criteria.js';
import * as users from '../../main/services/users.js';
import { purgeHub } from '../../main/sync/hub-admin.js';
import { discardRefused, onlyHere, refused, retryRefused } from '../../main/sync/refused.js';
import * as session from '../../main/sync/session.js';
import { AppError } from '../../shared/errors.js';
import { insertLead } from '../helpers/builders.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub } from '../helpers/sync-hub.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

describe('a refused change whose row exists only on this laptop', () => {
  it('is marked so, is kept through a full resync, and Discard deletes it only when that is confirmed', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const mia = await hub.member('marketing');
      const m = await hub.laptop(mia);
      // The first laptop's history holds the sales owner's sign-off; it syncs as a marketing login.
      const mkt = users.create(m.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
      const sales = users.create(m.db, { name: 'Sam', team: 'sales', role: 'owner' }).id;
      users.setCurrent(m.db, mkt);
      const v = criteria.createDraft(m.db, { name: 'Q1' });
      criteria.saveRule(m.db, v.id, { kind: 'fit', label: 'Software', field: 'company', operator: 'contains', value: 'soft', points: 30 });
      criteria.propose(m.db, v.id);
      users.setCurrent(m.db, sales);
      criteria.decide(m.db, v.id, 'approve');
      const lead = insertLead(m.db, { name: 'Ada' });
      const handoff = newId();
      m.db.prepare('INSERT INTO handoffs (id, lead_id, handed_at, created_at, updated_at) VALUES (?, ?, 1, 1, 1)').run(handoff, lead);
      expect((await m.sync()).refused).toBe(1);
      const [approval] = refused(m.db);
      expect(approval).toMatchObject({ tbl: 'approvals' });
      expect(approval!.reason).toMatch(/team marketing\) may not write approvals\./);
      // A refused edit of a row the hub holds (a handoff decision) is not the only copy.
      m.db.prepare("UPDATE handoffs SET decision = 'accepted', decided_at = 2, updated_at = 2 WHERE id = ?").run(handoff);
      expect((await m.sync()).refused).toBe(1);
      const decision = refused(m.db).find((r) => r.tbl === 'handoffs')!;
      expect(onlyHere(m.db, approval!)).toBe(true);
      expect(onlyHere(m.db, decision)).toBe(false);
      // The app's list says which.
      const listed = session.refusedChanges(m.t.ctx);
      expect(listed.map((r) => [r.table, r.onlyHere])).toEqual([
        ['approvals', true],
        ['handoffs', false],
      ]);

      // A full resync (the hub purged tombstones newer than this laptop's cursor) keeps it: it was never on the hub.
      const other = await hub.laptop(await hub.member('marketing'));
      await other.sync();
      other.db.prepare("INSERT INTO campaigns (id, name, channel, created_at, updated_at) VALUES ('gone', 'Old', 'email', 1, 1)").run();
      await other.sync();
      other.db.prepare("UPDATE campaigns SET deleted = 1, updated_at = 2 WHERE id = 'gone'").run();
      await other.sync();
      expect(await purgeHub(hub.adminUrl, 0)).toBeGreaterThan(0);
      expect((await m.sync()).fullResync).toBe(true);
      const live = () => m.db.prepare('SELECT deleted FROM approvals WHERE id = ?').pluck().get(approval!.rowId);
      expect(live()).toBe(0);

      // Discard without the confirmation that it deletes the only copy is refused, and changes nothing.
      let e: unknown = null;
      try {
        discardRefused(m.db, approval!.seq);
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ kind: 'conflict', details: { code: 'only_copy' }, message: expect.stringMatching(/exists only on this laptop: discarding it deletes that row/) });
      expect(live()).toBe(0);
      expect(refused(m.db)).toHaveLength(2);
      // The other one discards as before; confirmed, the approval is deleted (audited).
      expect(discardRefused(m.db, decision.seq).deleted).toBe(false);
      expect(discardRefused(m.db, approval!.seq, { deleteOnlyCopy: true }).deleted).toBe(true);
      expect(live()).toBe(1);
      const audit = m.db.prepare("SELECT before FROM audit WHERE action = 'sync.discard_refused' AND entity_id = ?").pluck().get(approval!.rowId) as string;
      expect(JSON.parse(audit)).toMatchObject({ deletedOnlyCopy: true });
      await m.sync();
      expect(m.db.prepare('SELECT decision FROM handoffs WHERE id = ?').pluck().get(handoff)).toBe('pending');
    } finally {
      await hub.close();
    }
  }, 90_000);

  it('as the README says, the hub admin lets that login write for the other team for the catch-up, and Retry all publishes them', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const mia = await hub.member('marketing');
      const m = await hub.laptop(mia);
      const mkt = users.create(m.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
      const sales = users.create(m.db, { name: 'Sam', team: 'sales', role: 'owner' }).id;
      users.setCurrent(m.db, mkt);
      const v = criteria.createDraft(m.db, { name: 'Q1' });
      criteria.saveRule(m.db, v.id, { kind: 'fit', label: 'Software', field: 'company', operator: 'contains', value: 'soft', points: 30 });
      criteria.propose(m.db, v.id);
      criteria.decide(m.db, v.id, 'approve');
      users.setCurrent(m.db, sales);
      criteria.decide(m.db, v.id, 'approve');
      expect((await m.sync()).refused).toBe(1);
      const admin = await hub.admin();
      await admin.query(`GRANT leadpact_sales TO ${mia.login}`);
      expect(retryRefused(m.db, null)).toBe(1);
      expect(await m.sync()).toMatchObject({ refused: 0, refusedTotal: 0, pending: 0 });
      await admin.query(`REVOKE leadpact_sales FROM ${mia.login}`);
      const s = await hub.laptop(await hub.member('sales'));
      await s.sync();
      expect(s.db.prepare('SELECT team FROM approvals WHERE version_id = ? AND deleted = 0 ORDER BY team').pluck().all(v.id)).toEqual(['marketing', 'sales']);
    } finally {
      await hub.close();
    }
  }, 90_000);
});
