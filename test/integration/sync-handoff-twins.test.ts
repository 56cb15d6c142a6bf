import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameBasedId } from '../../main/sync/ids.js';
import { markWeakSince, outboxMark } from '../../main/db/sync-outbox.repo.js';
import { insertHandoff, insertStageEvent, setLeadStage } from '../../main/db/handoffs-write.repo.js';
import { applyPurged } from '../../main/sync/apply.js';
import { settleHandoffTwins } from '../../main/sync/twins.js';
import * as criteria from '../../main/services/criteria.js';
import * as handoffs from '../../main/services/handoffs.js';
import { slaByRep } from '../../main/services/handoffs-reports.js';
import { rescore } from '../../main/services/rescore.js';
import { expectedRollupRows, rollupRows } from '../../main/db/rollup.repo.js';
import * as users from '../../main/services/users.js';
import { insertLead } from '../helpers/builders.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub, type Laptop } from '../helpers/sync-hub.js';

/**
 * One CRM lead imported on two laptops under two random ids (as before ids came from the CRM id),
 * handed off on each: after sync the merged lead shows one handoff in the inbox and the reports,
 * every decision is kept, and nothing is deleted.
 */

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const CRM_ID = 'crm-4711';

async function settle(laptops: Laptop[]): Promise<void> {
  for (let round = 0; round < 6; round++) {
    let changed = 0;
    for (const l of laptops) {
      const r = await l.sync();
      changed += r.pushed + r.applied;
    }
    if (changed === 0) return;
  }
  throw new Error('laptops did not settle in 6 rounds');
}

/** Users and an active version everywhere; then, offline, each sales laptop has its own copy of one CRM lead. */
async function world(hub: TestHub, opts: { secondVersion?: boolean } = {}) {
  const m = await hub.laptop(await hub.member('marketing', true));
  const owner = await hub.member('sales', true);
  const a = await hub.laptop(owner);
  const b = await hub.laptop(owner);
  const mkt = users.create(m.db, { name: 'Maria Marketing', email: 'maria@example.com', team: 'marketing', role: 'owner' }).id;
  const manager = users.create(m.db, { name: 'Sam Sales', email: 'sam@example.com', team: 'sales', role: 'owner' }).id;
  const rita = users.create(m.db, { name: 'Rita Rep', email: 'rita@example.com', team: 'sales', role: 'member' }).id;
  users.setCurrent(m.db, mkt);
  const v = criteria.createDraft(m.db, { name: 'Dutch' });
  criteria.saveRule(m.db, v.id, { kind: 'fit', label: 'Dutch', field: 'country', operator: 'equals', value: 'NL', points: 45 });
  criteria.propose(m.db, v.id);
  criteria.decide(m.db, v.id, 'approve');
  const second = opts.secondVersion ? criteria.createDraft(m.db, { name: 'Second' }).id : null;
  await settle([m, a]);
  users.setCurrent(a.db, manager);
  criteria.decide(a.db, v.id, 'approve');
  criteria.activate(a.db, v.id);
  await settle([a, b, m]);
  // The old id scheme: a random id per laptop for the same CRM id.
  const onA = insertLead(a.db, { externalId: CRM_ID, name: 'Jan de Vries', country: 'NL', ownerId: rita });
  const onB = insertLead(b.db, { externalId: CRM_ID, name: 'Jan de Vries', country: 'NL', ownerId: rita });
  expect(onA).not.toBe(onB);
  return { m, a, b, owner, rita, manager, versionId: v.id, second, survivor: onA < onB ? onA : onB };
}

const COLS = 'lead_id, version_id, decision, decided_by, reason_id, rep_id, handed_at, deleted';
type Row = { id: string; lead_id: string; decision: string; deleted: number };
const handoffRows = (l: Laptop) => l.rows('handoffs', COLS) as Row[];
const pendingOf = (l: Laptop) => l.db.prepare(`SELECT id FROM handoffs WHERE decision = 'pending' AND deleted = 0`).pluck().get() as string;
const reason = (l: Laptop, code: string) => l.db.prepare('SELECT id FROM rejection_reasons WHERE code = ?').pluck().get(code) as string;


/** What every laptop must agree on, and what each reader shows. */
function expectSame(laptops: Laptop[], rita: string) {
  const state = handoffRows(laptops[0]!);
  for (const l of laptops) {
    expect(handoffRows(l)).toEqual(state);
    // The rollup the triggers kept is the one its sources give, and one row per lead.
    expect(rollupRows(l.db)).toEqual(expectedRollupRows(l.db));
    expect(rollupRows(l.db)).toEqual(rollupRows(laptops[0]!.db));
    // Nothing deleted for real, nothing hidden pushed back as a change, no conflict over it.
    expect(l.db.prepare('SELECT count(*) FROM handoffs WHERE deleted = 1').pluck().get()).toBe(0);
    expect(l.conflicts().filter((c) => c.tbl === 'handoffs')).toEqual([]);
    const inbox = handoffs.inbox(l.db, { repId: rita }, T0 + 10 * HOUR);
    expect(inbox.pendingCount).toBe(inbox.pending.length);
    expect(slaByRep(l.db, {}, T0 + 10 * HOUR).find((r) => r.repId === rita)?.pending).toBe(inbox.pendingCount);
  }
  return state;
}

/** Counts this laptop's reads of the hub from its very start (either pull), from now on. */
function countReadsFromStart(l: Laptop): () => number {
  let n = 0;
  let inOthers = false;
  const fromStart = (c: { xid: string; id: string }) => c.xid === '0' && c.id === '0';
  const pull = l.hub.pull.bind(l.hub);
  l.hub.pull = async (c, limit) => {
    // An old hub's pullOthers is a pull: one read.
    if (fromStart(c) && !inOthers) n++;
    return pull(c, limit);
  };
  const others = l.hub.pullOthers?.bind(l.hub);
  if (others) {
    l.hub.pullOthers = async (c, limit) => {
      if (fromStart(c)) n++;
      inOthers = true;
      try {
        return await others(c, limit);
      } finally {
        inOthers = false;
      }
    };
  }
  return () => n;
}

describe('handoffs of one CRM lead made on two laptops under two ids', () => {
  it('neither decided: the earliest stays pending, the other is hidden; a decision on it later converges everywhere', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, rita, versionId, survivor } = await world(hub);
      expect(rescore(a.db, versionId, { asOf: T0 }).handoffsCreated).toBe(1);
      expect(rescore(b.db, versionId, { asOf: T0 + HOUR }).handoffsCreated).toBe(1);
      const first = pendingOf(a);
      const second = pendingOf(b);
      await settle([b, a, m]);
      const state = expectSame([a, b, m], rita);
      expect(state).toHaveLength(2);
      expect(state.every((h) => h.lead_id === survivor)).toBe(true);
      expect(state.find((h) => h.id === first)).toMatchObject({ decision: 'pending', deleted: 0 });
      expect(state.find((h) => h.id === second)).toMatchObject({ decision: 'pending', deleted: 2 });
      for (const l of [a, b, m]) {
        expect(handoffs.inbox(l.db, { repId: rita }, T0 + 2 * HOUR).pending.map((h) => h.id)).toEqual([first]);
        expect(l.db.prepare('SELECT handoff_id FROM lead_rollup WHERE lead_id = ?').pluck().get(survivor)).toBe(first);
      }
      // A rescore anywhere hands nothing new off: the lead has its pending handoff.
      for (const l of [a, b]) expect(rescore(l.db, versionId, { asOf: T0 + 3 * HOUR }).handoffsCreated).toBe(0);
      for (const l of [a, b, m]) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0 });

      // Rita accepts the one she sees, on B (the other's copy): it syncs, and the twin stays hidden.
      users.setCurrent(b.db, rita);
      handoffs.decide(b.db, first, { decision: 'accept' }, T0 + 4 * HOUR);
      await settle([b, a, m]);
      const after = expectSame([a, b, m], rita);
      expect(after.find((h) => h.id === first)).toMatchObject({ decision: 'accepted', deleted: 0 });
      expect(after.find((h) => h.id === second)).toMatchObject({ decision: 'pending', deleted: 2 });
      for (const l of [a, b, m]) {
        expect(handoffs.inbox(l.db, { repId: rita }, T0 + 5 * HOUR).pendingCount).toBe(0);
        expect(slaByRep(l.db, {}, T0 + 5 * HOUR).find((r) => r.repId === rita)).toMatchObject({ pending: 0, decided: 1, accepted: 1 });
      }
    } finally {
      await hub.close();
    }
  }, 90_000);

  it('leads merged before handoff origins were kept: their rescore handoffs are placed once from their ids, and the twin hidden', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, rita, versionId } = await world(hub);
      rescore(a.db, versionId, { asOf: T0 });
      rescore(b.db, versionId, { asOf: T0 + HOUR });
      const first = pendingOf(a);
      await settle([b, a, m]);
      const state = expectSame([a, b, m], rita);
      // As a workspace that merged before migration 0020 left it: both handoffs live, no origins.
      for (const l of [a, b, m]) {
        l.db.transaction(() => {
          l.db.prepare('UPDATE sync_apply SET applying = 1').run();
          l.db.prepare('DELETE FROM handoff_origins').run();
          l.db.prepare('UPDATE handoffs SET deleted = 0 WHERE deleted = 2').run();
          l.db.prepare('UPDATE sync_apply SET applying = 0').run();
          l.db.prepare("DELETE FROM sync_state WHERE key = 'twin_origins_found'").run();
        })();
        expect(handoffs.inbox(l.db, { repId: rita }, T0 + 2 * HOUR).pendingCount).toBe(2);
      }
      for (const l of [a, b, m]) expect(await l.sync()).toMatchObject({ pushed: 0 });
      expect(expectSame([a, b, m], rita)).toEqual(state);
      for (const l of [a, b, m]) expect(handoffs.inbox(l.db, { repId: rita }, T0 + 2 * HOUR).pending.map((h) => h.id)).toEqual([first]);
    } finally {
      await hub.close();
    }
  }, 90_000);

  it.each([
    { name: 'the earlier one accepted offline: kept, the later pending one hidden', decideA: 'accept', decideB: null },
    { name: 'the later one rejected offline: kept, the earlier pending one hidden', decideA: null, decideB: 'reject' },
    { name: 'both decided, differently: both kept, nothing pending', decideA: 'accept', decideB: 'reject' },
  ] as const)('$name', async ({ decideA, decideB }) => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, rita, versionId } = await world(hub);
      rescore(a.db, versionId, { asOf: T0 });
      rescore(b.db, versionId, { asOf: T0 + HOUR });
      const onA = pendingOf(a);
      const onB = pendingOf(b);
      for (const [l, id, d] of [[a, onA, decideA], [b, onB, decideB]] as const) {
        if (d === null) continue;
        users.setCurrent(l.db, rita);
        handoffs.decide(l.db, id, d === 'accept' ? { decision: 'accept' } : { decision: 'reject', reasonId: reason(l, 'not_a_buyer') }, T0 + 2 * HOUR);
      }
      await settle([a, b, m]);
      const state = expectSame([a, b, m], rita);
      expect(state).toHaveLength(2);
      const decided = state.filter((h) => h.decision !== 'pending');
      expect(decided.map((h) => h.id).sort()).toEqual([decideA ? onA : null, decideB ? onB : null].filter((x) => x !== null).sort());
      // Decisions are never hidden; a pending twin of a decided one is.
      for (const h of decided) expect(h.deleted).toBe(0);
      for (const h of state.filter((x) => x.decision === 'pending')) expect(h.deleted).toBe(2);
      for (const l of [a, b, m]) expect(handoffs.inbox(l.db, { repId: rita }, T0 + 3 * HOUR).pendingCount).toBe(0);
      for (const l of [a, b, m]) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0 });
    } finally {
      await hub.close();
    }
  }, 90_000);

  it('a decision on the hidden twin made before its laptop saw the merge shows it again, and the pending one goes', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, rita, versionId } = await world(hub);
      rescore(a.db, versionId, { asOf: T0 });
      rescore(b.db, versionId, { asOf: T0 + HOUR });
      const onA = pendingOf(a);
      const onB = pendingOf(b);
      // A and M merge first (B's handoff hidden there); B, still offline, then rejects its own.
      await b.sync();
      await a.sync();
      await m.sync();
      expect(a.db.prepare('SELECT deleted FROM handoffs WHERE id = ?').pluck().get(onB)).toBe(2);
      users.setCurrent(b.db, rita);
      handoffs.decide(b.db, onB, { decision: 'reject', reasonId: reason(b, 'not_a_buyer') }, T0 + 2 * HOUR);
      await settle([b, a, m]);
      const state = expectSame([a, b, m], rita);
      expect(state.find((h) => h.id === onB)).toMatchObject({ decision: 'rejected', deleted: 0 });
      expect(state.find((h) => h.id === onA)).toMatchObject({ decision: 'pending', deleted: 2 });
    } finally {
      await hub.close();
    }
  }, 90_000);

  it("a copy's own next handoff (a reroute after its rejection) is no twin: it stays pending, the other copy's first one goes", async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, rita, manager, versionId } = await world(hub);
      rescore(a.db, versionId, { asOf: T0 });
      const first = pendingOf(a);
      users.setCurrent(a.db, rita);
      handoffs.decide(a.db, first, { decision: 'reject', reasonId: reason(a, 'existing_customer'), rerouteToRepId: manager }, T0 + HOUR);
      const rerouted = pendingOf(a);
      expect(rerouted).not.toBe(first);
      rescore(b.db, versionId, { asOf: T0 + HOUR / 2 });
      const onB = pendingOf(b);
      await settle([a, b, m]);
      const state = expectSame([a, b, m], rita);
      expect(state).toHaveLength(3);
      expect(state.find((h) => h.id === first)).toMatchObject({ decision: 'rejected', deleted: 0 });
      expect(state.find((h) => h.id === rerouted)).toMatchObject({ decision: 'pending', deleted: 0 });
      expect(state.find((h) => h.id === onB)).toMatchObject({ decision: 'pending', deleted: 2 });
      for (const l of [a, b, m]) {
        expect(handoffs.inbox(l.db, { repId: manager }, T0 + 2 * HOUR).pending.map((h) => h.id)).toEqual([rerouted]);
        expect(handoffs.inbox(l.db, { repId: rita }, T0 + 2 * HOUR).pendingCount).toBe(0);
      }
    } finally {
      await hub.close();
    }
  }, 90_000);

  it("a copy rejected with a reroute, the other copy accepted later: the reroute is hidden, nothing is left pending on an SAL", async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, owner, rita, manager, versionId, survivor } = await world(hub);
      rescore(a.db, versionId, { asOf: T0 });
      rescore(b.db, versionId, { asOf: T0 + HOUR });
      const onA = pendingOf(a);
      const onB = pendingOf(b);
      users.setCurrent(a.db, rita);
      handoffs.decide(a.db, onA, { decision: 'reject', reasonId: reason(a, 'existing_customer'), rerouteToRepId: manager }, T0 + 2 * HOUR);
      const rerouted = pendingOf(a);
      // B's acceptance is the later write in real time too, so the stage field ends "sal".
      await new Promise((r) => setTimeout(r, 30));
      users.setCurrent(b.db, rita);
      handoffs.decide(b.db, onB, { decision: 'accept' }, T0 + 2 * HOUR + 60_000);
      await settle([a, b, m]);
      const late = await hub.laptop(owner);
      await settle([late, a, b, m]);
      const state = expectSame([a, b, m, late], rita);
      expect(state.find((h) => h.id === onA)).toMatchObject({ decision: 'rejected', deleted: 0 });
      expect(state.find((h) => h.id === onB)).toMatchObject({ decision: 'accepted', deleted: 0 });
      expect(state.find((h) => h.id === rerouted)).toMatchObject({ decision: 'pending', deleted: 2 });
      for (const l of [a, b, m, late]) {
        expect(l.db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(survivor)).toBe('sal');
        expect(handoffs.inbox(l.db, { repId: manager }, T0 + 3 * HOUR).pendingCount).toBe(0);
        expect(handoffs.inbox(l.db, { repId: rita }, T0 + 3 * HOUR).pendingCount).toBe(0);
      }
      for (const l of [a, b]) expect(rescore(l.db, versionId, { asOf: T0 + 4 * HOUR }).handoffsCreated).toBe(0);
      for (const l of [a, b, m, late]) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0 });
    } finally {
      await hub.close();
    }
  }, 90_000);

  it('a lead accepted on one laptop, then edited and rescored on the other (its weak "mql" stage newer): the hidden twin still counts as pending, no third handoff', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, rita, versionId } = await world(hub);
      rescore(a.db, versionId, { asOf: T0 });
      const accepted = pendingOf(a);
      users.setCurrent(a.db, rita);
      handoffs.decide(a.db, accepted, { decision: 'accept' }, T0 + HOUR / 6);
      // B's edit and rescore come later in real time, so B's stage write wins the field merge.
      await new Promise((r) => setTimeout(r, 50));
      b.db.prepare("UPDATE leads SET name = 'Jan B', updated_at = ? WHERE external_id = ?").run(T0 + HOUR / 3, CRM_ID);
      rescore(b.db, versionId, { asOf: T0 + HOUR });
      const onB = pendingOf(b);
      await settle([a, b, m]);
      const state = expectSame([a, b, m], rita);
      expect(state.map((h) => h.id).sort()).toEqual([accepted, onB].sort());
      expect(state.find((h) => h.id === accepted)).toMatchObject({ decision: 'accepted', deleted: 0 });
      expect(state.find((h) => h.id === onB)).toMatchObject({ decision: 'pending', deleted: 2 });
      for (const l of [a, b]) expect(rescore(l.db, versionId, { asOf: T0 + 3 * HOUR }).handoffsCreated).toBe(0);
      for (const l of [a, b, m]) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0 });
    } finally {
      await hub.close();
    }
  }, 90_000);

  it('copies handed off under two versions: still one visible pending handoff, the earliest', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, rita, versionId, second } = await world(hub, { secondVersion: true });
      rescore(a.db, versionId, { asOf: T0 });
      const first = pendingOf(a);
      // B hands its copy off under the other version, as its rescore would after activating that one.
      const onB = b.db.prepare('SELECT id FROM leads WHERE external_id = ?').pluck().get(CRM_ID) as string;
      const later = nameBasedId('handoff', onB, second!, '1');
      b.db.transaction(() => {
        const mark = outboxMark(b.db);
        insertHandoff(b.db, { leadId: onB, versionId: second!, score: 45, level: 'mql', at: T0 + HOUR, repId: rita, slaDueAt: T0 + 49 * HOUR }, later);
        insertStageEvent(b.db, { leadId: onB, from: 'lead', to: 'mql', at: T0 + HOUR, by: null, why: 'qualified', handoffId: later }, nameBasedId('handoff-mql', later));
        setLeadStage(b.db, onB, 'mql', T0 + HOUR, rita);
        markWeakSince(b.db, mark);
      })();
      await settle([a, b, m]);
      const state = expectSame([a, b, m], rita);
      expect(state.find((h) => h.id === first)).toMatchObject({ decision: 'pending', deleted: 0 });
      expect(state.find((h) => h.id === later)).toMatchObject({ decision: 'pending', deleted: 2 });
      for (const l of [a, b, m]) expect(handoffs.inbox(l.db, { repId: rita }, T0 + 2 * HOUR).pending.map((h) => h.id)).toEqual([first]);
    } finally {
      await hub.close();
    }
  }, 90_000);

  it("a copy accepted under one version hides the other copy's pending handoff under another: no handoff of a lead already accepted waits in the inbox", async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, rita, versionId, second, survivor } = await world(hub, { secondVersion: true });
      rescore(a.db, versionId, { asOf: T0 });
      const accepted = pendingOf(a);
      users.setCurrent(a.db, rita);
      handoffs.decide(a.db, accepted, { decision: 'accept' }, T0 + HOUR / 2);
      // B, offline, hands its copy off under the other version, as its rescore would after activating that one.
      const onB = b.db.prepare('SELECT id FROM leads WHERE external_id = ?').pluck().get(CRM_ID) as string;
      const later = nameBasedId('handoff', onB, second!, '1');
      b.db.transaction(() => {
        const mark = outboxMark(b.db);
        insertHandoff(b.db, { leadId: onB, versionId: second!, score: 45, level: 'mql', at: T0 + HOUR, repId: rita, slaDueAt: T0 + 49 * HOUR }, later);
        insertStageEvent(b.db, { leadId: onB, from: 'lead', to: 'mql', at: T0 + HOUR, by: null, why: 'qualified', handoffId: later }, nameBasedId('handoff-mql', later));
        setLeadStage(b.db, onB, 'mql', T0 + HOUR, rita);
        markWeakSince(b.db, mark);
      })();
      await settle([a, b, m]);
      const state = expectSame([a, b, m], rita);
      expect(state.find((h) => h.id === accepted)).toMatchObject({ decision: 'accepted', deleted: 0 });
      expect(state.find((h) => h.id === later)).toMatchObject({ decision: 'pending', deleted: 2 });
      for (const l of [a, b, m]) {
        expect(handoffs.inbox(l.db, { repId: rita }, T0 + 2 * HOUR).pendingCount).toBe(0);
        expect(l.db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(survivor)).toBe('sal');
      }
      // B as a laptop that settled this lead under the older rule (twins paired within a version only,
      // B's handoff left pending and visible): its next sync, with nothing to pull, settles it again.
      b.db.transaction(() => {
        b.db.prepare('UPDATE sync_apply SET applying = 1').run();
        b.db.prepare('UPDATE handoffs SET deleted = 0 WHERE id = ?').run(later);
        b.db.prepare('UPDATE sync_apply SET applying = 0').run();
        b.db.prepare("DELETE FROM handoff_twins_dirty").run();
        b.db.prepare("UPDATE sync_state SET value = '1' WHERE key = 'twin_rule'").run();
      })();
      expect(handoffs.inbox(b.db, { repId: rita }, T0 + 2 * HOUR).pendingCount).toBe(1);
      await b.sync();
      expect(expectSame([a, b, m], rita)).toEqual(state);
      expect(handoffs.inbox(b.db, { repId: rita }, T0 + 2 * HOUR).pendingCount).toBe(0);
    } finally {
      await hub.close();
    }
  }, 90_000);

  it('undoing a reroute whose rerouted handoff is a hidden twin deletes that handoff too, everywhere', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, rita, manager, versionId } = await world(hub);
      rescore(a.db, versionId, { asOf: T0 });
      rescore(b.db, versionId, { asOf: T0 });
      const onA = pendingOf(a);
      const onB = pendingOf(b);
      // Both copies rejected and rerouted to the manager offline, B first: A's rerouted one is B's twin and hidden.
      const tA = T0 + 2 * HOUR;
      for (const [l, id, at] of [[b, onB, T0 + HOUR], [a, onA, tA]] as const) {
        users.setCurrent(l.db, rita);
        handoffs.decide(l.db, id, { decision: 'reject', reasonId: reason(l, 'existing_customer'), rerouteToRepId: manager }, at);
      }
      const reroutedOnA = a.db.prepare('SELECT id FROM handoffs WHERE rerouted_from_id = ?').pluck().get(onA) as string;
      await settle([a, b, m]);
      expect(a.db.prepare('SELECT deleted FROM handoffs WHERE id = ?').pluck().get(reroutedOnA)).toBe(2);

      handoffs.undo(a.db, onA, tA + 5000);
      await settle([a, b, m]);
      for (const l of [a, b, m]) {
        // Gone for real (and synced so), not left alive behind the twin rule, where a later settling could show it again.
        expect(l.db.prepare('SELECT deleted FROM handoffs WHERE id = ?').pluck().get(reroutedOnA)).toBe(1);
        expect(l.db.prepare(`SELECT count(*) FROM handoffs WHERE decision = 'pending' AND deleted = 0`).pluck().get()).toBe(1);
        expect(l.conflicts().filter((c) => c.tbl === 'handoffs')).toEqual([]);
      }
      expect(handoffRows(a)).toEqual(handoffRows(b));
      expect(handoffRows(a)).toEqual(handoffRows(m));
    } finally {
      await hub.close();
    }
  }, 90_000);

  it('a hidden twin purged from the hub is deleted here too, and not shown again', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, rita, versionId } = await world(hub);
      rescore(a.db, versionId, { asOf: T0 });
      rescore(b.db, versionId, { asOf: T0 + HOUR });
      const first = pendingOf(a);
      const second = pendingOf(b);
      await settle([b, a, m]);
      expect(m.db.prepare('SELECT deleted FROM handoffs WHERE id = ?').pluck().get(second)).toBe(2);
      // What a full resync does with a row the hub no longer holds (engine.ts dropPurged).
      m.db.transaction(() => expect(applyPurged(m.db, [{ tbl: 'handoffs', rowId: second }])).toBe(1))();
      expect(m.db.prepare('SELECT deleted FROM handoffs WHERE id = ?').pluck().get(second)).toBe(1);
      // The first one gone as well: the twin rule has nothing to show again in its place.
      m.db.transaction(() => expect(applyPurged(m.db, [{ tbl: 'handoffs', rowId: first }])).toBe(1))();
      m.db.transaction(() => settleHandoffTwins(m.db))();
      expect(handoffs.inbox(m.db, { repId: rita }, T0 + 2 * HOUR).pendingCount).toBe(0);
      expect(m.db.prepare('SELECT count(*) FROM handoffs WHERE deleted <> 1').pluck().get()).toBe(0);
    } finally {
      await hub.close();
    }
  }, 90_000);

  it('a rerouted handoff of a copy merged before handoff origins were kept is placed alike there and on a laptop that joined later', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, owner, rita, manager, versionId } = await world(hub);
      rescore(b.db, versionId, { asOf: T0 });
      const onB = pendingOf(b);
      users.setCurrent(b.db, rita);
      handoffs.decide(b.db, onB, { decision: 'reject', reasonId: reason(b, 'existing_customer'), rerouteToRepId: manager }, T0 + HOUR / 6);
      const rerouted = pendingOf(b);
      rescore(a.db, versionId, { asOf: T0 + HOUR });
      await settle([a, b, m]);
      // A as a workspace that merged before migration 0020 left it; then a laptop joins and pulls it all.
      a.db.transaction(() => {
        a.db.prepare('UPDATE sync_apply SET applying = 1').run();
        a.db.prepare('DELETE FROM handoff_origins').run();
        a.db.prepare('UPDATE handoffs SET deleted = 0 WHERE deleted = 2').run();
        a.db.prepare('UPDATE sync_apply SET applying = 0').run();
        a.db.prepare("DELETE FROM sync_state WHERE key = 'twin_origins_found'").run();
      })();
      const late = await hub.laptop(owner);
      await settle([a, b, m, late]);
      const state = expectSame([a, b, m, late], rita);
      // The reroute is B's copy's own next step, no twin: it stays pending; A's copy's pending one is B's first one's twin.
      expect(state.find((h) => h.id === rerouted)).toMatchObject({ decision: 'pending', deleted: 0 });
      expect(state.filter((h) => h.decision === 'pending' && h.deleted === 0)).toHaveLength(1);
    } finally {
      await hub.close();
    }
  }, 90_000);

  it('an imported handoff (a random id) of a copy merged before handoff origins were kept is placed from the hub alike there and on a laptop that joined later', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const { m, a, b, owner, rita, versionId, survivor } = await world(hub);
      // The copy that is merged away has an imported handoff (no name-based id, no link); the surviving copy a rescore's, accepted.
      const [gone, kept] = a.db.prepare('SELECT id FROM leads WHERE external_id = ?').pluck().get(CRM_ID) === survivor ? [b, a] : [a, b];
      const goneLead = gone.db.prepare('SELECT id FROM leads WHERE external_id = ?').pluck().get(CRM_ID) as string;
      const imported = gone.db.transaction(() => {
        const id = insertHandoff(gone.db, { leadId: goneLead, versionId, score: 45, level: 'mql', at: T0, repId: rita, slaDueAt: T0 + 48 * HOUR });
        insertStageEvent(gone.db, { leadId: goneLead, from: 'lead', to: 'mql', at: T0, by: null, why: 'imported', handoffId: id });
        setLeadStage(gone.db, goneLead, 'mql', T0, rita);
        return id;
      })();
      rescore(kept.db, versionId, { asOf: T0 + HOUR });
      const accepted = pendingOf(kept);
      users.setCurrent(kept.db, rita);
      handoffs.decide(kept.db, accepted, { decision: 'accept' }, T0 + 2 * HOUR);
      await settle([a, b, m]);
      // Twins (the first handoff of each copy): the accepted one stays, the imported pending one is hidden.
      const state = expectSame([a, b, m], rita);
      expect(state.find((h) => h.id === imported)).toMatchObject({ decision: 'pending', deleted: 2 });
      // The surviving copy's laptop as a workspace that merged before migration 0020 left it (there the
      // imported handoff counted as the surviving lead's own, its first pass, pending and visible); then a laptop joins.
      kept.db.transaction(() => {
        kept.db.prepare('UPDATE sync_apply SET applying = 1').run();
        kept.db.prepare('DELETE FROM handoff_origins').run();
        kept.db.prepare('UPDATE handoffs SET deleted = 0 WHERE deleted = 2').run();
        kept.db.prepare('UPDATE sync_apply SET applying = 0').run();
        kept.db.prepare("DELETE FROM sync_state WHERE key IN ('twin_origins_found', 'twin_origins_read')").run();
      })();
      expect(handoffs.inbox(kept.db, { repId: rita }, T0 + 3 * HOUR).pending.map((h) => h.id)).toEqual([imported]);
      const late = await hub.laptop(owner);
      const fromStart = new Map([kept, late].map((l) => [l, countReadsFromStart(l)] as const));
      await settle([kept, gone, m, late]);
      expect(expectSame([a, b, m, late], rita)).toEqual(expectSame([a, b, m], rita));
      for (const l of [a, b, m, late]) {
        expect(l.db.prepare('SELECT deleted FROM handoffs WHERE id = ?').pluck().get(imported)).toBe(2);
        expect(handoffs.inbox(l.db, { repId: rita }, T0 + 3 * HOUR).pendingCount).toBe(0);
        expect(l.db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(survivor)).toBe('sal');
      }
      // Read once: the pre-0020 laptop read the whole hub once to place the imported handoff, the
      // joining one only in its first pull (its own merges keep their origins); later syncs read on from their cursor.
      for (const l of [kept, late, kept, late]) await l.sync();
      expect([fromStart.get(kept)!(), fromStart.get(late)!()]).toEqual([1, 1]);
    } finally {
      await hub.close();
    }
  }, 90_000);

  it('property: one CRM lead per key made on random laptops under random ids, handed off and decided there, synced in random orders, converges with one visible pending handoff at most', async () => {
    type Op =
      | { kind: 'create' | 'handoff' | 'sync'; laptop: number; key: number }
      | { kind: 'decide'; laptop: number; key: number; accept: boolean };
    const LAPTOPS = 3;
    const KEYS = 2;
    const at = { laptop: fc.nat(LAPTOPS - 1), key: fc.nat(KEYS - 1) };
    const arbOp: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('handoff' as const), ...at }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('decide' as const), ...at, accept: fc.boolean() }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), ...at }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(arbOp, { minLength: 4, maxLength: 24 }), async (ops) => {
        const hub = await TestHub.create(cluster);
        try {
          const member = await hub.member('sales', true);
          const laptops: Laptop[] = [];
          for (let i = 0; i < LAPTOPS; i++) laptops.push(await hub.laptop(member));
          const made = new Set<string>();
          const decided = new Set<string>();
          let step = 0;
          // Every laptop has its own copy of every CRM lead (the old id scheme) before anything syncs.
          const copies: Op[] = laptops.flatMap((_, laptop) => Array.from({ length: KEYS }, (_, key) => ({ kind: 'create' as const, laptop, key })));
          for (const op of [...copies, ...ops]) {
            const l = laptops[op.laptop]!;
            const t = T0 + ++step * 60_000;
            const lead = l.db.prepare('SELECT id FROM leads WHERE external_id = ?').pluck().get(`crm-${op.key}`) as string | undefined;
            const pending = lead === undefined ? undefined : (l.db.prepare("SELECT id FROM handoffs WHERE lead_id = ? AND decision = 'pending' AND deleted = 0").pluck().get(lead) as string | undefined);
            if (op.kind === 'create' && lead === undefined) {
              insertLead(l.db, { externalId: `crm-${op.key}`, name: `Lead ${op.key}`, createdAt: T0 });
            } else if (op.kind === 'handoff' && lead !== undefined && pending === undefined) {
              // As the rescore's handoff rule: a lead with no pending handoff here gets one, whose id is
              // named by (lead, version, pass), so two laptops handing off one lead id make one row.
              const pass = (l.db.prepare('SELECT count(*) FROM handoffs WHERE lead_id = ?').pluck().get(lead) as number) + 1;
              const id = nameBasedId('handoff', lead, 'no-version', String(pass));
              // A yielding write, as the rescore's: a decision made meanwhile elsewhere wins.
              const mark = outboxMark(l.db);
              l.db.prepare('INSERT INTO handoffs (id, lead_id, handed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, lead, t, t, t);
              markWeakSince(l.db, mark);
              made.add(id);
            } else if (op.kind === 'decide' && pending !== undefined) {
              l.db.prepare('UPDATE handoffs SET decision = ?, decided_at = ?, updated_at = ? WHERE id = ?').run(op.accept ? 'accepted' : 'rejected', t, t, pending);
              decided.add(pending);
            } else if (op.kind === 'sync') {
              await l.sync();
            }
          }
          await settle(laptops);
          const state = handoffRows(laptops[0]!);
          for (const l of laptops) {
            expect(handoffRows(l)).toEqual(state);
            expect(rollupRows(l.db)).toEqual(expectedRollupRows(l.db));
            expect(l.db.pragma('foreign_key_check')).toEqual([]);
          }
          // Nothing lost: every handoff made is there, none deleted; every decision stands, visible.
          expect(state.map((h) => h.id).sort()).toEqual([...made].sort());
          expect(state.filter((h) => h.deleted === 1)).toEqual([]);
          for (const id of decided) expect(state.find((h) => h.id === id)).toMatchObject({ deleted: 0 });
          for (const h of state) if (h.decision !== 'pending') expect(h.deleted).toBe(0);
          // One CRM id is one lead, with one visible pending handoff at most.
          const leads = laptops[0]!.db.prepare('SELECT id FROM leads').pluck().all() as string[];
          for (const lead of leads) expect(state.filter((h) => h.lead_id === lead && h.decision === 'pending' && h.deleted === 0).length).toBeLessThanOrEqual(1);
          for (const l of laptops) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0, pending: 0 });
        } finally {
          await hub.close();
        }
      }),
      { numRuns: 10 },
    );
  }, 240_000);
});
