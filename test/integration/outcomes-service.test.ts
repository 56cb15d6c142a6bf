import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/rpc/registry.js';
import * as outcomes from '../../main/services/outcomes.js';
import * as reports from '../../main/services/reports/index.js';
import { AppError } from '../../shared/errors.js';
import * as b from '../helpers/report-builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

const count = (sql: string, ...p: unknown[]) => t.db.prepare(sql).pluck().get(...p) as number;
const stageOf = (id: string) => t.db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(id) as string;
const kindOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.kind : `not an AppError: ${String(e)}`;
  }
  return 'no error';
};

describe('manual outcomes', () => {
  it('records a won deal, moves the lead to won with a stage event, audits, and shows in the reports', () => {
    const lead = b.lead(t.db, { stage: 'sql', externalId: 'CRM-1', createdAt: b.day(2026, 1, 2) });
    const row = outcomes.create(t.db, {
      lead: { externalId: 'CRM-1' },
      externalId: 'OPP-1',
      result: 'won',
      openedAt: b.day(2026, 1, 10),
      closedAt: b.day(2026, 2, 1),
      amount: 1200,
      currency: 'eur',
    });
    expect(row).toMatchObject({ leadId: lead, result: 'won', amount: 1200, currency: 'EUR', externalId: 'OPP-1' });
    expect(stageOf(lead)).toBe('won');
    const ev = t.db.prepare('SELECT from_stage, to_stage, why FROM stage_events WHERE lead_id = ?').get(lead) as Record<string, string>;
    expect(ev).toMatchObject({ from_stage: 'sql', to_stage: 'won' });
    expect(ev.why).toMatch(/Closed won/);
    expect(count(`SELECT count(*) FROM audit WHERE entity = 'outcome' AND entity_id = ? AND action = 'create'`, row.id)).toBe(1);
    expect(reports.funnel(t.db, {}).total).toMatchObject({ leads: 1, won: 1, sql: 1, mql: 1 });
  });

  it('finds the lead by id, external id or email, and says which one is missing or ambiguous', () => {
    const a = b.lead(t.db, { email: 'ada@example.com', stage: 'opportunity' });
    b.lead(t.db, { email: 'twice@example.com' });
    b.lead(t.db, { email: 'TWICE@example.com' });
    expect(outcomes.create(t.db, { lead: { email: 'ADA@example.com' }, result: 'lost', closedAt: 5 }).leadId).toBe(a);
    expect(stageOf(a)).toBe('lost');
    expect(kindOf(() => outcomes.create(t.db, { lead: { email: 'nobody@example.com' }, result: 'open' }))).toBe('not_found');
    // The form words these itself (in the UI language) from the code.
    expect(() => outcomes.create(t.db, { lead: { email: 'nobody@example.com' }, result: 'open' })).toThrow(
      expect.objectContaining({ details: { path: 'lead', code: 'no_lead' } }),
    );
    expect(() => outcomes.create(t.db, { lead: { email: 'twice@example.com' }, result: 'open' })).toThrow(
      expect.objectContaining({ details: { path: 'lead', code: 'ambiguous_lead' } }),
    );
    expect(() => outcomes.create(t.db, { lead: { email: 'twice@example.com' }, result: 'open' })).toThrow(/More than one lead/);
    expect(kindOf(() => outcomes.create(t.db, { lead: { id: '01900000-0000-7000-8000-000000000000' }, result: 'open' }))).toBe('not_found');
  });

  it('refuses bad input with a precise message and writes nothing', async () => {
    const lead = b.lead(t.db, { stage: 'sql' });
    const price = b.lossReason(t.db, 't_price', 'Price');
    const before = count('SELECT count(*) FROM outcomes') + count('SELECT count(*) FROM audit') + count('SELECT count(*) FROM stage_events');
    const registry = createRegistry();
    const bad = [
      [{ lead: { id: lead }, result: 'won', closedAt: 10, amount: -1 }, /amount: An amount cannot be negative/],
      [{ lead: { id: lead }, result: 'won', closedAt: 10, currency: 'EURO' }, /currency/],
      [{ lead: { id: lead }, result: 'won', closedAt: 10, currency: 'XYZ' }, /ISO 4217/],
      [{ lead: { id: lead }, result: 'won', openedAt: 20, closedAt: 10 }, /close date cannot be before the open date/],
      [{ lead: { id: lead }, result: 'won', closedAt: 10, lossReasonId: price }, /Only a lost outcome has a loss reason/],
      [{ lead: { id: lead }, result: 'lost' }, /needs its close date/],
      [{ lead: {}, result: 'open' }, /exactly one of id, external id or email/],
      [{ lead: { id: lead, email: 'x@example.com' }, result: 'open' }, /exactly one/],
    ] as const;
    for (const [input, message] of bad) {
      const res = await registry.invoke('outcomes:create', input, t.ctx);
      expect(res.ok, JSON.stringify(input)).toBe(false);
      if (!res.ok) {
        expect(res.error.kind).toBe('validation');
        expect(res.error.message).toMatch(message);
      }
    }
    const deactivated = b.lossReason(t.db, 't_old', 'Old');
    outcomes.deactivateLossReason(t.db, deactivated);
    expect(() => outcomes.create(t.db, { lead: { id: lead }, result: 'lost', closedAt: 1, lossReasonId: deactivated })).toThrow(/deactivated/);
    outcomes.create(t.db, { lead: { id: lead }, result: 'open', externalId: 'OPP-9' });
    expect(kindOf(() => outcomes.create(t.db, { lead: { id: lead }, result: 'open', externalId: 'OPP-9' }))).toBe('conflict');
    // Only the one good outcome, its audit entry and the loss reason's audit entry were written.
    expect(count('SELECT count(*) FROM outcomes') + count('SELECT count(*) FROM audit') + count('SELECT count(*) FROM stage_events')).toBe(before + 3);
  });

  it('edits: won becomes lost (stage follows), a loss reason is cleared when no longer lost, merged rules hold', () => {
    const lead = b.lead(t.db, { stage: 'opportunity' });
    const price = b.lossReason(t.db, 't_price', 'Price');
    const o = outcomes.create(t.db, { lead: { id: lead }, result: 'won', openedAt: 100, closedAt: 200, amount: 10 });
    const lost = outcomes.update(t.db, o.id, { result: 'lost', lossReasonId: price, competitor: 'Rival' });
    expect(lost).toMatchObject({ result: 'lost', lossReasonId: price, lossReasonLabel: 'Price', competitor: 'Rival', amount: 10 });
    expect(stageOf(lead)).toBe('lost');
    expect(count(`SELECT count(*) FROM stage_events WHERE lead_id = ? AND from_stage = 'won' AND to_stage = 'lost'`, lead)).toBe(1);
    const won = outcomes.update(t.db, o.id, { result: 'won' });
    expect(won.lossReasonId).toBeNull();
    expect(() => outcomes.update(t.db, o.id, { openedAt: 300 })).toThrow(/close date cannot be before the open date/);
    expect(() => outcomes.update(t.db, o.id, { lossReasonId: price })).toThrow(/Only a lost outcome/);
    expect(outcomes.get(t.db, o.id).openedAt).toBe(100);
    const audit = t.db.prepare(`SELECT before, after FROM audit WHERE entity_id = ? AND action = 'update' ORDER BY at, rowid`).all(o.id) as { before: string; after: string }[];
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]!.before)).toMatchObject({ result: 'won' });
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ result: 'lost', loss_reason_id: price });
  });

  it('soft-deletes: gone from the list, the reports and get, kept in the table and the audit', () => {
    const lead = b.lead(t.db, { stage: 'sql' });
    const o = outcomes.create(t.db, { lead: { id: lead }, result: 'won', closedAt: 200, amount: 10 });
    expect(reports.funnel(t.db, {}).total.won).toBe(1);
    expect(outcomes.remove(t.db, o.id)).toEqual({ ok: true });
    expect(outcomes.list(t.db, {}).total).toBe(0);
    expect(reports.funnel(t.db, {}).total.won).toBe(0);
    expect(kindOf(() => outcomes.get(t.db, o.id))).toBe('not_found');
    expect(kindOf(() => outcomes.remove(t.db, o.id))).toBe('not_found');
    expect(count('SELECT deleted FROM outcomes WHERE id = ?', o.id)).toBe(1);
    expect(count(`SELECT count(*) FROM audit WHERE entity_id = ? AND action = 'delete'`, o.id)).toBe(1);
  });

  it('refuses the same deal entered twice, so its revenue is not counted twice; a second deal with its own id is fine', () => {
    const lead = b.lead(t.db, { stage: 'sql' });
    const deal = { lead: { id: lead }, result: 'won' as const, closedAt: b.day(2026, 3, 2), amount: 5000, currency: 'EUR' };
    outcomes.create(t.db, deal);
    const before = count('SELECT count(*) FROM outcomes');
    const refused = (() => {
      try {
        outcomes.create(t.db, deal);
      } catch (e) {
        return e as AppError;
      }
      return null;
    })();
    expect(refused?.kind).toBe('conflict');
    expect(refused?.details).toMatchObject({ code: 'duplicate_outcome' });
    expect(count('SELECT count(*) FROM outcomes')).toBe(before);
    expect(count('SELECT revenue FROM lead_rollup WHERE lead_id = ?', lead)).toBe(5000);
    outcomes.create(t.db, { ...deal, amount: 7000 });
    outcomes.create(t.db, { ...deal, externalId: 'OPP-2' });
    expect(count('SELECT revenue FROM lead_rollup WHERE lead_id = ?', lead)).toBe(17000);
  });
});

describe('the outcomes list', () => {
  it('filters and pages by keyset without gaps or repeats, in every sort', () => {
    const price = b.lossReason(t.db, 't_price', 'Price');
    const ads = b.campaign(t.db, 'Ads', 'paid_search', 0);
    const leads = Array.from({ length: 30 }, (_, i) => b.lead(t.db, { campaignId: i % 3 === 0 ? ads : null, name: `Deal ${i}` }));
    leads.forEach((id, i) =>
      b.outcome(t.db, {
        leadId: id,
        result: i % 2 ? 'lost' : 'won',
        closedAt: b.day(2026, 1, 1 + (i % 10)),
        amount: i % 4 === 0 ? null : i * 100,
        lossReasonId: i % 2 ? price : null,
        competitor: i % 5 === 1 ? 'Rival' : null,
      }),
    );
    for (const column of ['date', 'amount', 'createdAt'] as const)
      for (const dir of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor = null;
        do {
          const page: ReturnType<typeof outcomes.list> = outcomes.list(t.db, { sort: { column, dir }, cursor, limit: 7 });
          expect(page.total).toBe(30);
          seen.push(...page.rows.map((r) => r.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(new Set(seen).size).toBe(30);
        expect(seen).toHaveLength(30);
      }
    expect(outcomes.list(t.db, { filters: { results: ['lost'] } }).total).toBe(15);
    expect(outcomes.list(t.db, { filters: { lossReasonId: price } }).total).toBe(15);
    expect(outcomes.list(t.db, { filters: { competitor: 'rival' } }).total).toBe(6);
    expect(outcomes.list(t.db, { filters: { campaignId: ads } }).total).toBe(10);
    expect(outcomes.list(t.db, { filters: { from: b.day(2026, 1, 9), to: b.day(2026, 1, 11) } }).total).toBe(6);
    expect(outcomes.list(t.db, { filters: { q: 'deal 1' } }).total).toBe(11);
    const first = outcomes.list(t.db, { sort: { column: 'date', dir: 'desc' }, limit: 3 }).rows;
    expect(first.map((r) => r.closedAt)).toEqual([b.day(2026, 1, 10), b.day(2026, 1, 10), b.day(2026, 1, 10)]);
  });
});

describe('loss reasons', () => {
  it('are created with a code from the label, renamed, deactivated, with audit and refusals', () => {
    const r = outcomes.createLossReason(t.db, { label: 'Went with a partner' });
    expect(r).toMatchObject({ code: 'went_with_a_partner', label: 'Went with a partner', active: true, usageCount: 0 });
    expect(outcomes.createLossReason(t.db, { label: 'Went with a partner!' }).code).toBe('went_with_a_partner_2');
    expect(kindOf(() => outcomes.createLossReason(t.db, { label: 'went with a PARTNER' }))).toBe('conflict');
    expect(outcomes.updateLossReason(t.db, r.id, { label: 'Partner deal' }).label).toBe('Partner deal');
    const lead = b.lead(t.db, { stage: 'sql' });
    outcomes.create(t.db, { lead: { id: lead }, result: 'lost', closedAt: 1, lossReasonId: r.id });
    const off = outcomes.deactivateLossReason(t.db, r.id);
    expect(off).toMatchObject({ active: false, usageCount: 1 });
    expect(count(`SELECT count(*) FROM audit WHERE entity = 'loss_reason' AND entity_id = ?`, r.id)).toBe(3);
    expect(kindOf(() => outcomes.updateLossReason(t.db, '01900000-0000-7000-8000-000000000000', { active: true }))).toBe('not_found');
  });

  it('a deal recorded for a lead still waiting in an inbox accepts its handoff, so it leaves the inbox', () => {
    const rep = b.user(t.db, 'Rita Rep');
    const lead = b.lead(t.db, { stage: 'mql' });
    const handoff = b.handoff(t.db, { leadId: lead, versionId: null, repId: rep, handedAt: b.day(2026, 3, 1) });
    const o = outcomes.create(t.db, { lead: { id: lead }, result: 'won', closedAt: b.day(2026, 3, 20), amount: 900 });
    expect(t.db.prepare('SELECT decision, stage_before, outcome_id FROM handoffs WHERE id = ?').get(handoff)).toEqual({
      decision: 'accepted',
      stage_before: 'mql',
      outcome_id: o.id,
    });
    expect(stageOf(lead)).toBe('won');
    expect(count(`SELECT count(*) FROM handoffs WHERE lead_id = ? AND decision = 'pending'`, lead)).toBe(0);
  });

});
