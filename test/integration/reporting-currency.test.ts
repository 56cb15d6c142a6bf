import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/rpc/registry.js';
import * as reports from '../../main/services/reports/index.js';
import * as currency from '../../main/services/currency.js';
import { expectedRollupRows, rollupRows } from '../../main/db/rollup.repo.js';
import { setApplying } from '../../main/db/sync-apply.repo.js';
import { rateId } from '../../main/db/currency.repo.js';
import { reportTable, toCsv } from '../../main/services/reports/export-table.js';
import { buildReportFixture, type ReportFixture } from '../helpers/report-fixture.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/*
 * The fixture's two won deals: L1 1000 EUR (Demo offer, Ads) and L6 3000 USD (no offer, Ads); every
 * cost (campaigns Ads 1000 and Webinars 500, offers Demo 100 and Webinar 50) is in USD, the default.
 */
let t: TestDb;
let fx: ReportFixture;
beforeEach(() => {
  t = createTestDb();
  fx = buildReportFixture(t.db);
});
afterEach(() => t.cleanup());

const row = (group: string, label: string) => reports.offers(t.db, {}, 'first').rows.find((r) => r.group === group && r.label === label)!;
const revenueOf = (leadId: string) => t.db.prepare('SELECT revenue FROM lead_rollup WHERE lead_id = ?').pluck().get(leadId) as number;

describe('reporting currency', () => {
  it('without one, sums amounts as recorded and says which currencies it mixed', () => {
    const o = reports.offers(t.db, {}, 'first');
    expect(o).toMatchObject({ currencies: ['EUR', 'USD'], reportingCurrency: null, unconverted: [] });
    expect(row('campaign', 'Ads')).toMatchObject({ revenue: 4000, cost: 1100 });
    expect(currency.get(t.db)).toEqual({
      reportingCurrency: null,
      rates: [],
      used: [
        { code: 'EUR', wonDeals: 1, costLines: 0, converted: true },
        { code: 'USD', wonDeals: 1, costLines: 4, converted: true },
      ],
    });
  });

  it('leaves out, and names, what has no rate to it; a rate converts revenue and cost', () => {
    currency.setReporting(t.db, 'EUR');
    expect(reports.offers(t.db, {}, 'first')).toMatchObject({ reportingCurrency: 'EUR', unconverted: ['USD'] });
    expect(row('campaign', 'Ads')).toMatchObject({ revenue: 1000, cost: 0 });
    expect(rollupRows(t.db)).toEqual(expectedRollupRows(t.db));

    const s = currency.setRate(t.db, 'USD', 0.9);
    expect(s.rates).toEqual([{ code: 'USD', rate: 0.9, updatedAt: expect.any(Number) }]);
    expect(s.used.every((u) => u.converted)).toBe(true);
    const o = reports.offers(t.db, {}, 'first');
    expect(o.unconverted).toEqual([]);
    expect(row('campaign', 'Ads').revenue).toBeCloseTo(1000 + 2700, 9);
    expect(row('campaign', 'Ads').cost).toBeCloseTo(900 + 90, 9);
    expect(row('offer', '(no offer)').revenue).toBeCloseTo(2700, 9);
    expect(row('offer', 'Demo')).toMatchObject({ revenue: 1000 });
    expect(row('offer', 'Demo').roi).toBeCloseTo((1000 - 90) / 90, 9);
    expect(rollupRows(t.db)).toEqual(expectedRollupRows(t.db));
    // The CSV says what its money columns are in.
    const csv = toCsv(reportTable('offers', reports.offers(t.db, {}, 'first'))).map((l) => l.replace(/\r$/, ''));
    const header = csv[0]!.split(',');
    expect(header.at(-1)).toBe('currency');
    expect(csv.slice(1).every((l) => l.endsWith(',EUR'))).toBe(true);

    currency.setRate(t.db, 'USD', 0.8);
    expect(revenueOf(fx.leads.L6)).toBeCloseTo(2400, 9);
    currency.removeRate(t.db, 'USD');
    expect(revenueOf(fx.leads.L6)).toBe(0);
    expect(reports.offers(t.db, {}, 'first').unconverted).toEqual(['USD']);
    expect(rollupRows(t.db)).toEqual(expectedRollupRows(t.db));
  });

  it('carries the rates over by cross rate when the reporting currency changes, and back', () => {
    currency.setReporting(t.db, 'EUR');
    currency.setRate(t.db, 'USD', 0.8);
    const usd = currency.setReporting(t.db, 'USD');
    expect(usd.reportingCurrency).toBe('USD');
    expect(usd.rates).toEqual([{ code: 'EUR', rate: 1.25, updatedAt: expect.any(Number) }]);
    expect(revenueOf(fx.leads.L1)).toBeCloseTo(1250, 9);
    expect(revenueOf(fx.leads.L6)).toBe(3000);
    expect(row('campaign', 'Ads').cost).toBe(1100);
    // The EUR rates stay: switching back finds them as they were.
    expect(currency.setReporting(t.db, 'EUR').rates).toEqual([{ code: 'USD', rate: 0.8, updatedAt: expect.any(Number) }]);
    expect(revenueOf(fx.leads.L6)).toBeCloseTo(2400, 9);
    // Cleared: amounts as recorded again.
    currency.setReporting(t.db, null);
    expect(revenueOf(fx.leads.L6)).toBe(3000);
    expect(rollupRows(t.db)).toEqual(expectedRollupRows(t.db));
  });

  it('follows a deal whose currency or amount is corrected, and a rate that arrives by sync', () => {
    currency.setReporting(t.db, 'EUR');
    t.db.prepare("UPDATE outcomes SET currency = 'EUR' WHERE lead_id = ? AND result = 'won'").run(fx.leads.L6);
    expect(revenueOf(fx.leads.L6)).toBe(3000);
    t.db.prepare("UPDATE outcomes SET currency = 'USD', amount = 2000 WHERE lead_id = ? AND result = 'won'").run(fx.leads.L6);
    expect(revenueOf(fx.leads.L6)).toBe(0);
    // Pulled from the hub: written while applying (no outbox echo), the rollup still follows.
    setApplying(t.db, true);
    t.db.prepare("INSERT INTO exchange_rates (id, code, base, rate, created_at, updated_at) VALUES (?, 'USD', 'EUR', 0.5, 1, 1)").run(rateId('USD', 'EUR'));
    setApplying(t.db, false);
    expect(revenueOf(fx.leads.L6)).toBe(1000);
    expect(rollupRows(t.db)).toEqual(expectedRollupRows(t.db));
  });

  it('goes to the team through the outbox, one row per setting and per rate pair', () => {
    t.db.prepare('DELETE FROM sync_outbox').run();
    currency.setReporting(t.db, 'EUR');
    currency.setRate(t.db, 'USD', 0.9);
    currency.setRate(t.db, 'USD', 0.91);
    const out = t.db.prepare("SELECT tbl, row_id AS rowId, cols FROM sync_outbox WHERE tbl IN ('workspace_settings', 'exchange_rates') ORDER BY seq").all() as { tbl: string; rowId: string; cols: string }[];
    expect(out.map((o) => o.tbl)).toEqual(['workspace_settings', 'exchange_rates', 'exchange_rates']);
    expect(JSON.parse(out[0]!.cols)).toMatchObject({ key: 'reporting_currency', value: 'EUR' });
    expect(out[1]!.rowId).toBe(rateId('USD', 'EUR'));
    // Only the changed columns travel (updated_at too, unless both writes fell in one millisecond).
    expect(JSON.parse(out[2]!.cols)).toMatchObject({ rate: 0.91 });
    expect(Object.keys(JSON.parse(out[2]!.cols) as object).filter((k) => k !== 'rate' && k !== 'updated_at')).toEqual([]);
    const audit = t.db.prepare("SELECT action FROM audit WHERE entity = 'currency' ORDER BY at, rowid").pluck().all();
    expect(audit).toEqual(['currency.reporting_set', 'currency.rate_set', 'currency.rate_set']);
  });

  it('refuses a rate without a reporting currency, for the reporting currency itself, and bad payloads, writing nothing', async () => {
    expect(() => currency.setRate(t.db, 'USD', 0.9)).toThrow(/Choose a reporting currency first/);
    currency.setReporting(t.db, 'EUR');
    expect(() => currency.setRate(t.db, 'EUR', 2)).toThrow(/EUR is the reporting currency/);
    expect(() => currency.removeRate(t.db, 'USD')).toThrow(/No rate for USD against EUR/);
    const reg = createRegistry();
    for (const [channel, input] of [
      ['currency:setRate', { code: 'usd', rate: 0.9 }],
      ['currency:setRate', { code: 'USD', rate: 0 }],
      ['currency:setRate', { code: 'USD', rate: -1 }],
      ['currency:setReporting', { code: 'EURO' }],
      ['currency:setReporting', {}],
    ] as const) {
      const res = await reg.invoke(channel, input, t.ctx);
      expect(res.ok, `${channel} ${JSON.stringify(input)}`).toBe(false);
      if (!res.ok) expect(res.error.kind).toBe('validation');
    }
    expect(t.db.prepare('SELECT count(*) FROM exchange_rates').pluck().get()).toBe(0);
  });
});

describe('migration 0023', () => {
  it('run again over its own triggers changes none of them (a file made older by dropping only what it added)', async () => {
    const { up } = await import('../../main/db/migrations/0023-reporting-currency.js');
    const triggers = () => t.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    const before = triggers();
    up(t.db);
    expect(triggers()).toEqual(before);
    currency.setReporting(t.db, 'EUR');
    currency.setRate(t.db, 'USD', 0.5);
    expect(revenueOf(fx.leads.L6)).toBe(1500);
    expect(rollupRows(t.db)).toEqual(expectedRollupRows(t.db));
  });
});
