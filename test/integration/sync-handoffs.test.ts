import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as criteria from '../../main/services/criteria.js';
import * as handoffs from '../../main/services/handoffs.js';
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

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 9, 0);

/**
 * Users and a version approved by both teams, each approval from its own team's laptop (the hub
 * lets only marketing approve for marketing), then four Dutch leads made on sales laptop A.
 */
async function world(m: Laptop, a: Laptop, b: Laptop) {
  const mkt = users.create(m.db, { name: 'Maria Marketing', email: 'maria@example.com', team: 'marketing', role: 'owner' }).id;
  const manager = users.create(m.db, { name: 'Sam Sales', email: 'sam@example.com', team: 'sales', role: 'owner' }).id;
  const rita = users.create(m.db, { name: 'Rita Rep', email: 'rita@example.com', team: 'sales', role: 'member' }).id;
  users.setCurrent(m.db, mkt);
  const v = criteria.createDraft(m.db, { name: 'Dutch' });
  criteria.saveRule(m.db, v.id, { kind: 'fit', label: 'Dutch', field: 'country', operator: 'equals', value: 'NL', points: 45 });
  criteria.propose(m.db, v.id);
  criteria.decide(m.db, v.id, 'approve');
  await settle([m, a]);
  users.setCurrent(a.db, manager);
  criteria.decide(a.db, v.id, 'approve');
  criteria.activate(a.db, v.id);
  const leads = [0, 1, 2, 3].map((i) => insertLead(a.db, { name: `Lead ${i}`, company: `Co ${i}`, country: 'NL', ownerId: rita }));
  await settle([a, b, m]);
  return { versionId: v.id, rita, leads };
}

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

const HANDOFF_COLS = 'lead_id, version_id, decision, decided_by, reason_id, action, rep_id, handed_at, sla_due_at, deleted';
const pendingOf = (l: Laptop, leadId: string) =>
  l.db.prepare(`SELECT id FROM handoffs WHERE lead_id = ? AND decision = 'pending' AND deleted = 0`).pluck().get(leadId) as string;
const reason = (l: Laptop, code: string) => l.db.prepare('SELECT id FROM rejection_reasons WHERE code = ?').pluck().get(code) as string;

describe('handoffs made by a rescore on two laptops', () => {
  it('converge to one handoff per lead, and decisions made on either laptop are kept', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const m = await hub.laptop(await hub.member('marketing', true));
      const owner = await hub.member('sales', true);
      const a = await hub.laptop(owner);
      const b = await hub.laptop(owner);
      const w = await world(m, a, b);
      expect(b.rows('leads', 'stage')).toEqual(a.rows('leads', 'stage'));

      // Offline: A rescores and Rita accepts lead 0 there; later B rescores the same leads (it has
      // not seen A's handoffs) and Rita rejects lead 1 there.
      expect(rescore(a.db, w.versionId, { asOf: T0 }).handoffsCreated).toBe(4);
      users.setCurrent(a.db, w.rita);
      handoffs.decide(a.db, pendingOf(a, w.leads[0]!), { decision: 'accept' }, T0 + HOUR);
      await new Promise((r) => setTimeout(r, 5));
      expect(rescore(b.db, w.versionId, { asOf: T0 + 2 * HOUR }).handoffsCreated).toBe(4);
      users.setCurrent(b.db, w.rita);
      handoffs.decide(b.db, pendingOf(b, w.leads[1]!), { decision: 'reject', reasonId: reason(b, 'not_a_buyer') }, T0 + 3 * HOUR);

      await settle([b, a]);
      const state = a.rows('handoffs', HANDOFF_COLS);
      expect(b.rows('handoffs', HANDOFF_COLS)).toEqual(state);
      expect(b.rows('leads', 'stage, owner_id')).toEqual(a.rows('leads', 'stage, owner_id'));
      expect(b.rows('stage_events', 'lead_id, from_stage, to_stage, handoff_id')).toEqual(a.rows('stage_events', 'lead_id, from_stage, to_stage, handoff_id'));
      // One handoff and one move to mql per lead.
      for (const lead of w.leads) {
        expect(state.filter((h) => (h as { lead_id: string }).lead_id === lead)).toHaveLength(1);
        expect(a.db.prepare(`SELECT count(*) FROM stage_events WHERE lead_id = ? AND to_stage = 'mql'`).pluck().get(lead)).toBe(1);
      }
      const decisionOf = (lead: string) => state.find((h) => (h as { lead_id: string }).lead_id === lead) as { decision: string; reason_id: string | null };
      expect(decisionOf(w.leads[0]!).decision).toBe('accepted');
      expect(decisionOf(w.leads[1]!)).toMatchObject({ decision: 'rejected', reason_id: reason(a, 'not_a_buyer') });
      expect(decisionOf(w.leads[2]!).decision).toBe('pending');
      // B's later rescore did not move the accepted lead back to mql.
      expect(a.db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(w.leads[0]!)).toBe('sal');
      expect(a.db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(w.leads[1]!)).not.toBe('mql');
      // The same handoff made twice is not a lost edit, nor is a decision replacing its 'pending'.
      for (const l of [a, b]) expect(l.conflicts().filter((c) => c.tbl === 'handoffs')).toEqual([]);
      // Rescoring again anywhere hands off nothing new, and a second sync changes nothing.
      expect(rescore(a.db, w.versionId, { asOf: T0 + 4 * HOUR }).handoffsCreated).toBe(0);
      expect(rescore(b.db, w.versionId, { asOf: T0 + 4 * HOUR }).handoffsCreated).toBe(0);
      const again = [await a.sync(), await b.sync()];
      expect(again.map((r) => r.pushed + r.applied)).toEqual([0, 0]);
    } finally {
      await hub.close();
    }
  }, 60_000);
});
