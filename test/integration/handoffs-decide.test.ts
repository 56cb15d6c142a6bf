import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/rpc/registry.js';
import * as handoffs from '../../main/services/handoffs.js';
import * as reasons from '../../main/services/reasons.js';
import { UNDO_WINDOW_MS } from '../../shared/contracts/handoffs.js';
import { AppError } from '../../shared/errors.js';
import { loopWorld, reasonId, tablesDigest, type LoopWorld } from './handoff-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function refused(fn: () => unknown, kind: AppError['kind'], message: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a refusal').toBeInstanceOf(AppError);
  expect((err as AppError).kind).toBe(kind);
  expect((err as AppError).message).toMatch(message);
}

describe('handoff decisions', () => {
  let w: LoopWorld;
  let at: number;
  beforeEach(() => {
    w = loopWorld();
    at = w.handedAt + 5 * HOUR;
    w.as(w.rita);
  });
  afterEach(() => w.t.cleanup());

  const eventsOf = (leadId: string) =>
    w.db.prepare('SELECT from_stage, to_stage, by_user_id, why, handoff_id FROM stage_events WHERE lead_id = ? ORDER BY at, rowid').all(leadId) as {
      from_stage: string;
      to_stage: string;
      by_user_id: string | null;
      why: string;
      handoff_id: string;
    }[];

  it('the rescore handed every Dutch lead to its owner with a 48 h SLA, and the inbox lists them by due time', () => {
    expect(w.handoffs.rita).toHaveLength(3);
    const inbox = handoffs.inbox(w.db, {}, at);
    expect(inbox.repId).toBe(w.rita);
    expect(inbox.pending.map((r) => r.id)).toEqual(w.handoffs.rita);
    expect(inbox.pending.map((r) => r.slaDueAt! - r.handedAt)).toEqual([48 * HOUR, 48 * HOUR, 48 * HOUR]);
    expect(inbox.pending[0]).toMatchObject({ leadName: 'Rita lead 0', repName: 'Rita Rep', decision: 'pending', leadStage: 'mql', versionNumber: 1, breached: false });
    expect(inbox).toMatchObject({ pendingCount: 3, breachedCount: 0, undoable: null });
    // Two days and an hour and a half later, the first two are overdue.
    expect(handoffs.inbox(w.db, {}, w.handedAt + 49.5 * HOUR)).toMatchObject({ pendingCount: 3, breachedCount: 2 });
  });

  it('accepting makes the lead an SAL, writes the stage event and audit entry, and can be undone within the window', () => {
    const id = w.handoffs.rita[0]!;
    const row = handoffs.decide(w.db, id, { decision: 'accept', comment: 'Good fit' }, at);
    expect(row).toMatchObject({ decision: 'accepted', decidedAt: at, decidedByName: 'Rita Rep', leadStage: 'sal', comment: 'Good fit' });
    expect(eventsOf(row.leadId).at(-1)).toEqual({ from_stage: 'mql', to_stage: 'sal', by_user_id: w.rita, why: 'Accepted: Good fit', handoff_id: id });
    expect(w.db.prepare(`SELECT action FROM audit WHERE entity = 'handoff' AND entity_id = ?`).pluck().all(id)).toEqual(['accept']);
    const inbox = handoffs.inbox(w.db, {}, at + 1000);
    expect(inbox.pending.map((r) => r.id)).toEqual(w.handoffs.rita.slice(1));
    expect(inbox.undoable).toEqual({ handoffId: id, until: at + UNDO_WINDOW_MS, handoffIds: [id] });

    const back = handoffs.undo(w.db, id, at + UNDO_WINDOW_MS - 1);
    expect(back).toMatchObject({ decision: 'pending', decidedAt: null, reasonId: null, comment: null, leadStage: 'mql' });
    expect(eventsOf(row.leadId).at(-1)).toMatchObject({ from_stage: 'sal', to_stage: 'mql', why: 'Undo acceptance' });
    expect(handoffs.inbox(w.db, {}, at + 2000).pending.map((r) => r.id)).toEqual(w.handoffs.rita);
  });

  it('a disqualifying reason disqualifies; the history shows the rejection and then the action', () => {
    const id = w.handoffs.rita[0]!;
    const row = handoffs.decide(w.db, id, { decision: 'reject', reasonId: reasonId(w.db, 'invalid_contact') }, at);
    expect(row).toMatchObject({ decision: 'rejected', action: 'disqualify', reasonLabel: 'Invalid or unreachable contact', leadStage: 'disqualified' });
    expect(eventsOf(row.leadId).slice(-2).map((e) => [e.from_stage, e.to_stage])).toEqual([
      ['mql', 'rejected'],
      ['rejected', 'disqualified'],
    ]);
    expect(reasons.list(w.db).find((r) => r.code === 'invalid_contact')!.usageCount).toBe(1);
  });

  it('a recycle with a re-open date recycles until then; without a date-kind reason the default nurture period applies', () => {
    const reopen = at + 30 * DAY;
    const a = handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'reject', reasonId: reasonId(w.db, 'bad_timing'), reopenAt: reopen }, at);
    expect(a).toMatchObject({ action: 'recycle', reopenAt: reopen, leadStage: 'recycled' });
    const b = handoffs.decide(w.db, w.handoffs.rita[1]!, { decision: 'reject', reasonId: reasonId(w.db, 'no_need') }, at);
    expect(b).toMatchObject({ action: 'recycle', reopenAt: at + 90 * DAY, leadStage: 'recycled' });
  });

  it('a reroute hands the lead to the chosen rep with its own SLA, or to the sales owner; undo removes the new handoff', () => {
    const dup = reasonId(w.db, 'duplicate');
    const a = handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'reject', reasonId: dup, rerouteToRepId: w.ravi }, at);
    expect(a).toMatchObject({ action: 'reroute', leadStage: 'mql' });
    const ravi = handoffs.inbox(w.db, { repId: w.ravi }, at);
    const moved = ravi.pending.find((r) => r.leadId === a.leadId)!;
    expect(moved).toMatchObject({ handedAt: at, slaDueAt: at + 48 * HOUR, repName: 'Ravi Rep', decision: 'pending' });
    expect(w.db.prepare('SELECT owner_id FROM leads WHERE id = ?').pluck().get(a.leadId)).toBe(w.ravi);

    const b = handoffs.decide(w.db, w.handoffs.rita[1]!, { decision: 'reject', reasonId: reasonId(w.db, 'existing_customer') }, at + 1);
    expect(handoffs.inbox(w.db, { repId: w.manager }, at + 1).pending.map((r) => r.leadId)).toEqual([b.leadId]);

    const undone = handoffs.undo(w.db, b.id, at + 2);
    expect(undone).toMatchObject({ decision: 'pending', leadStage: 'mql' });
    expect(handoffs.inbox(w.db, { repId: w.manager }, at + 2).pending).toEqual([]);
    expect(w.db.prepare('SELECT owner_id FROM leads WHERE id = ?').pluck().get(b.leadId)).toBe(w.rita);
  });

  describe('bad input is refused with a specific error and writes nothing', () => {
    const cases: { name: string; kind: AppError['kind']; message: RegExp; run: (w: LoopWorld, at: number) => unknown }[] = [
      {
        name: 'an inactive reason',
        kind: 'validation',
        message: /"No budget" is no longer in use/,
        run: (w, at) => handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'reject', reasonId: reasonId(w.db, 'no_budget') }, at),
      },
      {
        name: 'a reason that needs a comment, without one',
        kind: 'validation',
        message: /"Other" needs a comment/,
        run: (w, at) => handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'reject', reasonId: reasonId(w.db, 'other'), comment: '' }, at),
      },
      {
        name: 'a recycle-with-date reason without a date',
        kind: 'validation',
        message: /"Bad timing" recycles the lead until a date/,
        run: (w, at) => handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'reject', reasonId: reasonId(w.db, 'bad_timing') }, at),
      },
      {
        name: 'a re-open date in the past',
        kind: 'validation',
        message: /is in the past/,
        run: (w, at) =>
          handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'reject', reasonId: reasonId(w.db, 'bad_timing'), reopenAt: at - DAY }, at),
      },
      {
        name: 'a reason that does not exist',
        kind: 'not_found',
        message: /No rejection reason/,
        run: (w, at) => handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'reject', reasonId: '0190a6d2-3b7c-7cc3-9a5e-2f4b8c1d0e6f' }, at),
      },
      {
        name: 'another rep’s handoff, as a rep',
        kind: 'forbidden',
        message: /belongs to Ravi Rep; only they or a sales owner/,
        run: (w, at) => handoffs.decide(w.db, w.handoffs.ravi[0]!, { decision: 'accept' }, at),
      },
      {
        name: 'deciding twice',
        kind: 'conflict',
        message: /was already accepted by Rita Rep/,
        run: (w, at) => handoffs.decide(w.db, w.handoffs.rita[2]!, { decision: 'reject', reasonId: reasonId(w.db, 'no_need') }, at),
      },
      {
        name: 'no current user',
        kind: 'forbidden',
        message: /No current user/,
        run: (w, at) => {
          w.db.prepare(`DELETE FROM meta WHERE key = 'current_user_id'`).run();
          try {
            return handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'accept' }, at);
          } finally {
            w.as(w.rita);
          }
        },
      },
      {
        name: 'a bulk decision with one bad handoff',
        kind: 'conflict',
        message: /Handoff 2 of 2 \(Rita lead 2\): .*already accepted.*Nothing was decided/,
        run: (w, at) => handoffs.decideMany(w.db, [w.handoffs.rita[0]!, w.handoffs.rita[2]!], { decision: 'accept' }, at),
      },
      {
        name: 'undo by someone else',
        kind: 'forbidden',
        message: /Only Rita Rep can undo/,
        run: (w, at) => {
          w.as(w.manager);
          try {
            return handoffs.undo(w.db, w.handoffs.rita[2]!, at + 1);
          } finally {
            w.as(w.rita);
          }
        },
      },
      {
        name: 'undo after the window',
        kind: 'conflict',
        message: /undo window .* has passed/,
        run: (w, at) => handoffs.undo(w.db, w.handoffs.rita[2]!, at + UNDO_WINDOW_MS + 1),
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        // One decided handoff and one inactive reason for the cases that need them (the taxonomy is an owner's).
        w.as(w.rita);
        handoffs.decide(w.db, w.handoffs.rita[2]!, { decision: 'accept' }, at);
        w.as(w.manager);
        reasons.update(w.db, reasonId(w.db, 'no_budget'), { active: false });
        w.db.prepare(`DELETE FROM meta WHERE key = 'current_user_id'`).run();
        w.as(w.rita);
        const before = tablesDigest(w.db);
        refused(() => c.run(w, at + 1000), c.kind, c.message);
        expect(tablesDigest(w.db)).toBe(before);
      });
    }

    it('through the registry: a rejection without a reason is a validation error', async () => {
      const before = tablesDigest(w.db);
      const res = await createRegistry().invoke('handoffs:decide', { id: w.handoffs.rita[0], decision: { decision: 'reject' } }, w.t.ctx);
      expect(res).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/reasonId/) } });
      expect(tablesDigest(w.db)).toBe(before);
    });
  });

  it('a sales owner may decide any rep’s handoff', () => {
    w.as(w.manager);
    expect(handoffs.decide(w.db, w.handoffs.ravi[0]!, { decision: 'accept' }, at)).toMatchObject({ decision: 'accepted', decidedByName: 'Sam Sales' });
  });

  it('a bulk decision decides all in one go, and its undo takes them all back together', () => {
    expect(handoffs.decideMany(w.db, w.handoffs.rita, { decision: 'reject', reasonId: reasonId(w.db, 'no_response') }, at)).toEqual({ decided: 3 });
    const inbox = handoffs.inbox(w.db, {}, at + 1000);
    expect(inbox.pendingCount).toBe(0);
    expect(w.db.prepare(`SELECT count(*) FROM leads WHERE owner_id = ? AND stage = 'recycled'`).pluck().get(w.rita)).toBe(3);
    expect(inbox.undoable!.handoffIds).toEqual([...w.handoffs.rita].sort());

    const before = tablesDigest(w.db);
    refused(() => handoffs.undoMany(w.db, [...w.handoffs.rita, w.handoffs.ravi[0]!], at + 2000), 'conflict', /Handoff 4 of 4 \(Ravi lead 0\): .*not decided.*Nothing was undone/);
    expect(tablesDigest(w.db)).toBe(before);
    expect(handoffs.undoMany(w.db, inbox.undoable!.handoffIds, at + 2000)).toEqual({ undone: 3 });
    expect(handoffs.inbox(w.db, {}, at + 3000)).toMatchObject({ pendingCount: 3, undoable: null });
    expect(w.db.prepare(`SELECT count(*) FROM leads WHERE owner_id = ? AND stage = 'mql'`).pluck().get(w.rita)).toBe(3);
  });

  it('the SQL checklist turns an SAL into an SQL once every item is ticked; the opportunity links the outcome and follows it', () => {
    const id = w.handoffs.rita[0]!;
    refused(() => handoffs.setChecklist(w.db, id, { [w.sqlRuleIds[0]!]: true }, at), 'conflict', /Accept the handoff/);
    handoffs.decide(w.db, id, { decision: 'accept' }, at);
    const [b, a, n, t] = w.sqlRuleIds as [string, string, string, string];
    refused(() => handoffs.setChecklist(w.db, id, { nope: true }, at), 'validation', /"nope" is not an SQL checklist item/);
    expect(handoffs.setChecklist(w.db, id, { [b]: true, [a]: true, [n]: true }, at + 1)).toMatchObject({ leadStage: 'sal', checklist: { [b]: true, [a]: true, [n]: true } });
    const sql = handoffs.setChecklist(w.db, id, { [t]: true }, at + 2);
    expect(sql.leadStage).toBe('sql');
    const leadId = sql.leadId;
    w.db
      .prepare(`INSERT INTO outcomes (id, lead_id, opened_at, closed_at, result, amount, created_at, updated_at) VALUES ('0190a6d2-3b7c-7cc3-9a5e-2f4b8c1d0e6a', ?, ?, ?, 'won', 5000, ?, ?)`)
      .run(leadId, at, at + DAY, at, at);
    const opp = handoffs.openOpportunity(w.db, id, at + 3);
    expect(opp.leadStage).toBe('won');
    expect(opp.outcome).toEqual({ id: '0190a6d2-3b7c-7cc3-9a5e-2f4b8c1d0e6a', result: 'won', amount: 5000, currency: 'USD', openedAt: at, closedAt: at + DAY });
    expect(w.db.prepare('SELECT outcome_id FROM handoffs WHERE id = ?').pluck().get(id)).toBe('0190a6d2-3b7c-7cc3-9a5e-2f4b8c1d0e6a');
    const events = w.db.prepare('SELECT to_stage FROM stage_events WHERE lead_id = ? ORDER BY at, rowid').pluck().all(leadId);
    expect(events.slice(-4)).toEqual(['sal', 'sql', 'opportunity', 'won']);
  });

  it('refuses checklist, opportunity and SLA settings changes that do not apply, writing nothing', () => {
    const [a, b] = w.handoffs.rita as [string, string];
    handoffs.decide(w.db, a, { decision: 'accept' }, at);
    const before = tablesDigest(w.db);
    refused(() => handoffs.openOpportunity(w.db, b, at), 'conflict', /was not accepted/);
    refused(() => handoffs.openOpportunity(w.db, a, at), 'conflict', /stage "sal" cannot get an opportunity; only a lead in "sql"/);
    w.as(w.ravi);
    refused(() => handoffs.setChecklist(w.db, a, { [w.sqlRuleIds[0]!]: true }, at), 'forbidden', /belongs to Rita Rep/);
    w.as(w.rita);
    refused(() => handoffs.setSlaSettings(w.db, { timeZone: 'Europe/Amsterdam', workingDays: [1], dayStart: '17:00', dayEnd: '09:00' }), 'validation', /must end after it starts/);
    refused(() => handoffs.setSlaSettings(w.db, { timeZone: 'Europe/Amsterdam', workingDays: [1, 1], dayStart: '09:00', dayEnd: '17:00' }), 'validation', /once/);
    refused(() => handoffs.get(w.db, '0190a6d2-3b7c-7cc3-9a5e-2f4b8c1d0e6f'), 'not_found', /No handoff/);
    expect(tablesDigest(w.db)).toBe(before);
  });

  it('a reroute cannot be undone once the new rep decided it', () => {
    const row = handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'reject', reasonId: reasonId(w.db, 'duplicate'), rerouteToRepId: w.ravi }, at);
    w.as(w.ravi);
    const moved = handoffs.inbox(w.db, {}, at).pending.find((r) => r.leadId === row.leadId)!;
    handoffs.decide(w.db, moved.id, { decision: 'accept' }, at + 1);
    w.as(w.rita);
    const before = tablesDigest(w.db);
    refused(() => handoffs.undo(w.db, row.id, at + 2), 'conflict', /moved on since|rerouted handoff was already decided/);
    expect(tablesDigest(w.db)).toBe(before);
  });
});
