import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import * as currency from '../../main/services/currency.js';
import * as reports from '../../main/services/reports/index.js';
import { test } from './helpers/fixtures.js';

const POLL = { timeout: 15_000, interval: 100 };
const money = (n: number, code: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: code, maximumFractionDigits: 0 }).format(n);

async function openOffers(app: { open(r: string): Promise<void>; page: Page }) {
  await app.page.emulateMedia({ reducedMotion: 'reduce' });
  await app.open('/insights/offers?group=campaign');
  await app.page.getByTestId('offers-chart').locator('svg').first().waitFor();
  await expect.poll(() => app.page.getByTestId('report-body').getAttribute('aria-busy'), POLL).toBe('false');
}

/** The revenue cell of the campaign with most MQLs, as shown. */
async function topCampaignRevenue(page: Page): Promise<string> {
  const row = page.getByTestId('offers-table').locator('tbody tr[data-row-id]').first();
  return row.locator('[data-column-id="revenue"]').first().evaluate((el) => el.firstChild?.textContent?.trim() ?? '');
}

describe('reporting currency (browser harness, demo workspace)', () => {
  test('the team sets rates in Settings and the offers report sums in the reporting currency, naming what it cannot convert', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const top = () => reports.offers(db, {}, 'first').rows.filter((r) => r.group === 'campaign').sort((a, b) => b.mqls - a.mqls || a.label.localeCompare(b.label))[0]!;

    // The demo reports in euros, its dollar deals and costs converted at 0.92.
    await openOffers(app);
    expect(await page.getByTestId('offers-currency-note').textContent()).toBe('Revenue and cost in EUR, converted at the rates in Settings.');
    expect(await topCampaignRevenue(page)).toBe(money(top().revenue, 'EUR'));
    await app.screenshot('insights-offers-eur');
    // By offer, the campaigns' own spend is in no row: the page says how much is left out of ROI.
    const campaignCost = reports.offers(db, {}, 'first').campaignCost;
    expect(campaignCost).toBeGreaterThan(0);
    expect(await page.getByTestId('offers-campaign-cost-note').count()).toBe(0);
    await page.getByTestId('offers-group').getByRole('button', { name: 'Offer', exact: true }).click();
    expect(await page.getByTestId('offers-campaign-cost-note').textContent()).toContain(`(${money(campaignCost, 'EUR')}: ads, events`);
    await app.screenshot('insights-offers-by-offer');

    await app.open('/settings');
    const card = page.getByTestId('currency-card');
    await card.scrollIntoViewIfNeeded();
    expect(await card.getByTestId('currency-reporting').inputValue()).toBe('EUR');
    expect(await card.getByTestId('currency-rate-USD').inputValue()).toBe('0.92');
    expect(await card.getByTestId('currency-row-USD').textContent()).toMatch(/\d[\d,]* won deals, \d+ costs/);
    await app.screenshot('settings-currency');

    // A rate that is no number is refused in the form; a comma decimal is read as one.
    const before = top().revenue;
    await card.getByTestId('currency-rate-USD').fill('abc');
    await card.getByTestId('currency-save-USD').click();
    await card.getByText('Enter a rate above zero, such as 0.92.').waitFor();
    expect(currency.get(db).rates).toEqual([expect.objectContaining({ code: 'USD', rate: 0.92 })]);
    await card.getByTestId('currency-rate-USD').fill('0,5');
    await card.getByTestId('currency-save-USD').click();
    await expect.poll(() => currency.get(db).rates[0]?.rate, POLL).toBe(0.5);
    expect(top().revenue).toBeLessThan(before);

    // Without a rate the dollars are left out, and the report says so.
    await card.getByTestId('currency-remove-USD').click();
    await card.getByTestId('currency-missing-USD').waitFor();
    expect(currency.get(db).rates).toEqual([]);
    await openOffers(app);
    expect(reports.offers(db, {}, 'first').unconverted).toEqual(['USD']);
    expect(await page.getByTestId('offers-currency-note').textContent()).toBe(
      'Left out of revenue and cost: amounts in USD, which have no exchange rate to EUR. Add one in Settings.',
    );
    expect(await topCampaignRevenue(page)).toBe(money(top().revenue, 'EUR'));
    await app.screenshot('insights-offers-unconverted');

    // No reporting currency: amounts as recorded, and the note says the sums mix currencies.
    await app.open('/settings');
    await page.getByTestId('currency-reporting').selectOption('');
    await page.getByTestId('currency-no-base').waitFor();
    expect(currency.get(db).reportingCurrency).toBeNull();
    await openOffers(app);
    expect(await page.getByTestId('offers-currency-note').textContent()).toContain('Revenue mixes currencies (EUR, USD)');
  });
});
