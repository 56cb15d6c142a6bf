import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import { purgeHub } from '../../main/sync/hub-admin.js';
import { refused } from '../../main/sync/refused.js';
import * as criteria from '../../main/services/criteria.js';
import * as users from '../../main/services/users.js';
import { insertLead } from '../helpers/builders.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub, type Laptop } from '../helpers/sync-hub.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const pending = (l: Laptop) => (l.db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;

/** A proposed version with a marketing owner and a sales owner in the workspace. */
function proposedVersion(l: Laptop) {
  const mkt = users.create(l.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
  const sales = users.create(l.db, { name: 'Sam', team: 'sales', role: 'owner' }).id;
  users.setCurrent(l.db, mkt);
  const v = criteria.createDraft(l.db, { name: 'Q1' });
  criteria.saveRule(l.db, v.id, { kind: 'fit', label: 'Software', field: 'company', operator: 'contains', value: 'soft', points: 30 });
  criteria.propose(l.db, v.id);
  return { mkt, sales, versionId: v.id };
}

describe('hub authorisation', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await TestHub.create(cluster);
  });
  afterEach(async () => hub.close());

  it('a sales member cannot approve criteria for marketing, and a marketing member not for sales', async () => {
    const salesLogin = await hub.member('sales');
    const mktLogin = await hub.member('marketing');
    const s = await hub.laptop(salesLogin);
    const v = proposedVersion(s);
    criteria.decide(s.db, v.versionId, 'approve'); // as the marketing owner, on a sales member's laptop
    // The refused approval is set aside with the hub's reason (kept, not dropped); the rest goes through.
    expect((await s.sync()).refused).toBe(1);
    expect(refused(s.db)).toEqual([expect.objectContaining({ tbl: 'approvals', reason: expect.stringMatching(new RegExp(`user ${salesLogin.login} \\(team sales\\) may not write approvals\\.`)) })]);
    expect(pending(s)).toBe(0);

    const m = await hub.laptop(mktLogin);
    const v2 = proposedVersion(m);
    users.setCurrent(m.db, v2.sales);
    criteria.decide(m.db, v2.versionId, 'approve');
    expect((await m.sync()).refused).toBe(1);
    expect(refused(m.db)[0]!.reason).toMatch(/team marketing\) may not write approvals\./);

    // Each team approving for itself goes through, and the other laptop sees both approvals.
    const m2 = await hub.laptop(mktLogin);
    const v3 = proposedVersion(m2);
    criteria.decide(m2.db, v3.versionId, 'approve');
    await m2.sync();
    const s2 = await hub.laptop(salesLogin);
    await s2.sync();
    users.setCurrent(s2.db, v3.sales);
    criteria.decide(s2.db, v3.versionId, 'approve');
    await s2.sync();
    await m2.sync();
    const teams = m2.db.prepare('SELECT team FROM approvals WHERE version_id = ? ORDER BY team').all(v3.versionId);
    expect(teams).toEqual([{ team: 'marketing' }, { team: 'sales' }]);
  });

  it('a sales member can log a handoff decision; a marketing member cannot', async () => {
    const salesLogin = await hub.member('sales');
    const mktLogin = await hub.member('marketing');
    const m = await hub.laptop(mktLogin);
    const lead = insertLead(m.db);
    const handoff = newId();
    m.db.prepare("INSERT INTO handoffs (id, lead_id, handed_at, created_at, updated_at) VALUES (?, ?, 1, 1, 1)").run(handoff, lead);
    await m.sync(); // handing off (decision pending) is marketing's to do
    const s = await hub.laptop(salesLogin);
    await s.sync();
    s.db.prepare("UPDATE handoffs SET decision = 'accepted', decided_at = 2, updated_at = 2 WHERE id = ?").run(handoff);
    await s.sync();
    await m.sync();
    expect(m.db.prepare('SELECT decision FROM handoffs WHERE id = ?').get(handoff)).toEqual({ decision: 'accepted' });
    m.db.prepare("UPDATE handoffs SET decision = 'rejected', decided_at = 3, updated_at = 3 WHERE id = ?").run(handoff);
    expect((await m.sync()).refused).toBe(1);
    expect(refused(m.db)[0]!.reason).toMatch(/team marketing\) may not write handoffs\.(decision|decided_at)/);
  });

  it('members work only through the policies: not as owner or superuser, no writing as someone else, no admin functions', async () => {
    const login = await hub.member('sales');
    const other = await hub.member('marketing');
    const c = await hub.connect(login);
    const me = await c.query('SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user');
    expect(me.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false });
    const owners = await c.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'leadpact'");
    expect(owners.rows.map((r) => r.tableowner)).not.toContain(login.login);
    const rls = await c.query(
      "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relnamespace = 'leadpact'::regnamespace AND relkind = 'r' ORDER BY relname",
    );
    expect(rls.rows.map((r) => r.relname)).toEqual(['clients', 'fields', 'hub_meta', 'schema_version']);
    for (const r of rls.rows) expect([r.relrowsecurity, r.relforcerowsecurity]).toEqual([true, true]);
    const fn = await c.query("SELECT proname, prosecdef FROM pg_proc WHERE pronamespace = 'leadpact'::regnamespace");
    for (const r of fn.rows) expect(r.prosecdef).toBe(false); // every function SECURITY INVOKER

    await expect(
      c.query("INSERT INTO leadpact.fields (tbl, row_id, col, value, clock, node, author) VALUES ('campaigns', 'x', 'name', '\"x\"', 'c', '0000000000000000', $1)", [other.login]),
    ).rejects.toThrow(/row-level security/);
    await expect(c.query("SELECT leadpact.purge_tombstones('0 days')")).rejects.toThrow(/permission denied/);
    await expect(c.query("SELECT leadpact.add_user('mallory', 'password1', 'sales', true)")).rejects.toThrow(/permission denied/);
    await expect(c.query('DELETE FROM leadpact.fields')).rejects.toThrow(/permission denied/);
    // Another member's push high-water mark is invisible and cannot be moved.
    const o = await hub.laptop(other);
    o.db.prepare("INSERT INTO campaigns (id, name, channel, created_at, updated_at) VALUES ('c1', 'x', 'email', 1, 1)").run();
    await o.sync();
    expect((await c.query('SELECT count(*)::int AS n FROM leadpact.clients')).rows[0].n).toBe(0);
    expect((await c.query('UPDATE leadpact.clients SET last_seq = 0')).rowCount).toBe(0);
  });

  it('tombstones are purged after the retention window; a laptop with an older cursor resyncs in full', async () => {
    const login = await hub.member('marketing');
    const [a, b, late] = [await hub.laptop(login), await hub.laptop(login), await hub.laptop(login)];
    a.db.prepare("INSERT INTO campaigns (id, name, channel, created_at, updated_at) VALUES ('gone', 'Old', 'email', 1, 1), ('kept', 'Kept', 'email', 1, 1)").run();
    await a.sync();
    await late.sync(); // then offline for a long time
    a.db.prepare("UPDATE campaigns SET deleted = 1, updated_at = 2 WHERE id = 'gone'").run();
    await a.sync();
    await b.sync();
    expect(await purgeHub(hub.adminUrl, 90)).toBe(0); // within the window: kept
    const purged = await purgeHub(hub.adminUrl, 0);
    expect(purged).toBeGreaterThan(0);
    const r = await late.sync();
    expect(r.fullResync).toBe(true);
    expect(late.rows('campaigns', 'name, deleted')).toEqual([
      { id: 'gone', name: 'Old', deleted: 1 },
      { id: 'kept', name: 'Kept', deleted: 0 },
    ]);
    expect((await b.sync()).fullResync).toBe(false); // its cursor is past every purged change
    expect((await late.sync()).fullResync).toBe(false);
  });
});
