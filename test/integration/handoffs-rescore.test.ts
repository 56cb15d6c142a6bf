import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rescore } from '../../main/services/rescore.js';
import { applyDueReopens } from '../../main/services/recycle.js';
import * as criteria from '../../main/services/criteria.js';
import * as handoffs from '../../main/services/handoffs.js';
import { zonedTime } from '../../shared/domain/sla.js';
import { loopWorld, reasonId, tablesDigest, type LoopWorld } from './handoff-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The handoff rule of the rescore: a new pass for recycled leads after their re-open date, nothing twice. */
describe('rescore and the handoff rule', () => {
  let w: LoopWorld;
  let at: number;
  beforeEach(() => {
    w = loopWorld({ perRep: 4 });
    at = w.handedAt + 5 * HOUR;
    w.as(w.rita);
  });
  afterEach(() => w.t.cleanup());

  const handoffsOf = (leadId: string) =>
    w.db.prepare('SELECT decision, rep_id, handed_at FROM handoffs WHERE lead_id = ? AND deleted = 0 ORDER BY handed_at, rowid').all(leadId) as {
      decision: string;
      rep_id: string;
      handed_at: number;
    }[];
  const stage = (leadId: string) => w.db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(leadId);

  it('rescoring again hands off nothing new while handoffs are pending, accepted, rerouted or disqualified', () => {
    const [a, b, c] = w.handoffs.rita as [string, string, string];
    handoffs.decide(w.db, a, { decision: 'accept' }, at);
    handoffs.decide(w.db, b, { decision: 'reject', reasonId: reasonId(w.db, 'not_a_buyer') }, at);
    handoffs.decide(w.db, c, { decision: 'reject', reasonId: reasonId(w.db, 'duplicate'), rerouteToRepId: w.ravi }, at);
    const count = () => w.db.prepare('SELECT count(*) FROM handoffs WHERE deleted = 0').pluck().get();
    const before = count();
    expect(rescore(w.db, w.versionId, { asOf: at + DAY }).handoffsCreated).toBe(0);
    expect(rescore(w.db, w.versionId, { asOf: at + 400 * DAY }).handoffsCreated).toBe(0);
    expect(count()).toBe(before);
  });

  it('a recycled lead stays in nurture until its re-open date, then comes back and qualifies as a new handoff', () => {
    const id = w.handoffs.rita[0]!;
    const reopen = at + 10 * DAY;
    const lead = handoffs.decide(w.db, id, { decision: 'reject', reasonId: reasonId(w.db, 'bad_timing'), reopenAt: reopen }, at).leadId;
    expect(rescore(w.db, w.versionId, { asOf: at + 9 * DAY }).handoffsCreated).toBe(0);
    expect(stage(lead)).toBe('recycled');

    const summary = rescore(w.db, w.versionId, { asOf: at + 11 * DAY });
    expect(summary.handoffsCreated).toBe(1);
    expect(stage(lead)).toBe('mql');
    expect(handoffsOf(lead)).toEqual([
      { decision: 'rejected', rep_id: w.rita, handed_at: w.handedAt },
      { decision: 'pending', rep_id: w.rita, handed_at: at + 11 * DAY },
    ]);
    const events = w.db.prepare('SELECT from_stage, to_stage, at, handoff_id FROM stage_events WHERE lead_id = ? ORDER BY at, rowid').all(lead);
    const second = w.db.prepare(`SELECT id FROM handoffs WHERE lead_id = ? AND decision = 'pending'`).pluck().get(lead);
    expect(events.slice(-3)).toEqual([
      { from_stage: 'rejected', to_stage: 'recycled', at, handoff_id: id },
      { from_stage: 'recycled', to_stage: 'lead', at: reopen, handoff_id: id },
      { from_stage: 'lead', to_stage: 'mql', at: at + 11 * DAY, handoff_id: second },
    ]);
    expect(rescore(w.db, w.versionId, { asOf: at + 11 * DAY }).handoffsCreated).toBe(0);
  });

  it('re-opens are applied once, on their own too (as on workspace open), and a recycle without a date waits the nurture period', () => {
    const lead = handoffs.decide(w.db, w.handoffs.rita[1]!, { decision: 'reject', reasonId: reasonId(w.db, 'no_response') }, at).leadId;
    expect(applyDueReopens(w.db, at + 89 * DAY)).toBe(0);
    expect(applyDueReopens(w.db, at + 91 * DAY)).toBe(1);
    expect(stage(lead)).toBe('lead');
    const digest = tablesDigest(w.db);
    expect(applyDueReopens(w.db, at + 92 * DAY)).toBe(0);
    expect(tablesDigest(w.db)).toBe(digest);
  });

  it('a lost lead that engages again gets a new pass; a won one does not', () => {
    const [a, b] = w.handoffs.rita as [string, string];
    for (const id of [a, b]) handoffs.decide(w.db, id, { decision: 'accept' }, at);
    const leads = [a, b].map((id) => handoffs.get(w.db, id).leadId);
    w.db.prepare(`UPDATE leads SET stage = 'lost' WHERE id = ?`).run(leads[0]);
    w.db.prepare(`UPDATE leads SET stage = 'won' WHERE id = ?`).run(leads[1]);
    // Both come back to the website after the deal closed (see handoffs-lost.test.ts for the rule).
    for (const lead of leads)
      w.db
        .prepare(`INSERT INTO touchpoints (id, lead_id, type, occurred_at, created_at, updated_at) VALUES (?, ?, 'visit', ?, 1, 1)`)
        .run(`visit-${lead!}`, lead, at + 2 * DAY);
    expect(rescore(w.db, w.versionId, { asOf: at + 30 * DAY }).handoffsCreated).toBe(1);
    expect(handoffsOf(leads[0]!)).toHaveLength(2);
    expect(handoffsOf(leads[1]!)).toHaveLength(1);
  });

  it('a version with business hours sets due times on the workspace calendar, for rescore and reroute alike', () => {
    w.t.cleanup();
    w = loopWorld({ perRep: 1, businessHours: true, slaHours: 8 });
    w.as(w.manager);
    handoffs.setSlaSettings(w.db, { timeZone: 'Europe/Amsterdam', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00' });
    // Friday 27 March 2026, 16:00 in Amsterdam: one working hour left that day, seven on Monday (after the DST change).
    const friday = zonedTime(2026, 3, 27, 16 * 60, 'Europe/Amsterdam');
    const lead = handoffs.get(w.db, w.handoffs.rita[0]!).leadId;
    w.db.prepare(`UPDATE handoffs SET deleted = 1`).run();
    w.db.prepare(`UPDATE leads SET stage = 'lead'`).run();
    expect(rescore(w.db, w.versionId, { asOf: friday }).handoffsCreated).toBeGreaterThan(0);
    const row = handoffs.inbox(w.db, { repId: w.rita }, friday).pending.find((r) => r.leadId === lead)!;
    expect(row.slaDueAt).toBe(Date.UTC(2026, 2, 30, 14));
    const rerouted = handoffs.decide(w.db, row.id, { decision: 'reject', reasonId: reasonId(w.db, 'existing_customer'), rerouteToRepId: w.ravi }, friday);
    expect(rerouted.action).toBe('reroute');
    expect(handoffs.inbox(w.db, { repId: w.ravi }, friday).pending.find((r) => r.leadId === lead)!.slaDueAt).toBe(Date.UTC(2026, 2, 30, 14));
    expect(criteria.get(w.db, w.versionId).slaBusinessHours).toBe(true);
  });

  it('a lead left "rejected" (as imports leave it) follows its rejection: recycle waits, reroute and disqualify stay, none hands off', () => {
    const [a, b, c, d] = w.handoffs.rita as [string, string, string, string];
    const lead = (id: string) => handoffs.get(w.db, id).leadId;
    const mark = w.db.prepare(`UPDATE handoffs SET decision = 'rejected', decided_at = ?, decided_by = ?, action = ?, reopen_at = ? WHERE id = ?`);
    mark.run(at, w.rita, 'recycle', at + 20 * DAY, a);
    mark.run(at, w.rita, 'reroute', null, b);
    mark.run(at, w.rita, 'disqualify', null, c);
    mark.run(at, w.rita, null, null, d);
    w.db.prepare(`UPDATE leads SET stage = 'rejected' WHERE id IN (?, ?, ?, ?)`).run(lead(a), lead(b), lead(c), lead(d));
    expect(rescore(w.db, w.versionId, { asOf: at + DAY }).handoffsCreated).toBe(1);
    expect(handoffsOf(lead(d))).toHaveLength(2);
    expect(rescore(w.db, w.versionId, { asOf: at + 21 * DAY }).handoffsCreated).toBe(1);
    expect(handoffsOf(lead(a))).toHaveLength(2);
    expect(handoffsOf(lead(b))).toHaveLength(1);
    expect(handoffsOf(lead(c))).toHaveLength(1);
  });
});
