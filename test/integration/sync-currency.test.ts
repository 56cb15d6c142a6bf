import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as currency from '../../main/services/currency.js';
import * as reports from '../../main/services/reports/index.js';
import { buildReportFixture } from '../helpers/report-fixture.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub, type Laptop } from '../helpers/sync-hub.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const adsRevenue = (l: Laptop) => reports.offers(l.db, {}, 'first').rows.find((r) => r.group === 'campaign' && r.label === 'Ads')!.revenue;

describe('the reporting currency and rates through the hub', () => {
  it('one laptop sets them, the other pulls them and its reports convert alike; rates set on both offline merge into one row', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const m = await hub.member('marketing', true);
      const a = await hub.laptop(m);
      const b = await hub.laptop(m);
      buildReportFixture(a.db);
      await a.sync();
      await b.sync();
      expect(adsRevenue(b)).toBe(4000);

      currency.setReporting(a.db, 'EUR');
      currency.setRate(a.db, 'USD', 0.9);
      await a.sync();
      await b.sync();
      expect(currency.get(b.db)).toMatchObject({ reportingCurrency: 'EUR', rates: [{ code: 'USD', rate: 0.9 }] });
      expect(adsRevenue(b)).toBeCloseTo(3700, 9);
      expect(adsRevenue(b)).toBe(adsRevenue(a));

      // Both enter a USD rate offline: the same (code, base) is one row, the later write wins on both.
      currency.setRate(b.db, 'USD', 0.8);
      await new Promise((r) => setTimeout(r, 5));
      currency.setRate(a.db, 'USD', 0.85);
      await b.sync();
      await a.sync();
      await b.sync();
      for (const l of [a, b]) {
        expect(l.db.prepare("SELECT count(*) FROM exchange_rates WHERE code = 'USD'").pluck().get()).toBe(1);
        expect(currency.get(l.db).rates[0]!.rate).toBe(0.85);
        expect(adsRevenue(l)).toBeCloseTo(1000 + 3000 * 0.85, 9);
      }
    } finally {
      await hub.close();
    }
  }, 90_000);
});
