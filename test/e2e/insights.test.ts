import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import * as reports from '../../main/services/reports/index.js';
import { METRIC_DEFINITIONS } from '../../shared/domain/metric-definitions.js';
import { fmt } from './helpers/expected.js';
import { test } from './helpers/fixtures.js';

const POLL = { timeout: 15_000, interval: 100 };
const pct = (v: number | null, digits = 0) =>
  v === null ? '–' : new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
const dec = (v: number | null) => (v === null ? '–' : new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v));
const ratio = (v: number | null) => (v === null ? '–' : new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v));

/** Open a report page and wait until its chart is drawn (an SVG inside the chart) and the page is not refetching. */
async function openReport(app: { open(r: string): Promise<void>; page: Page }, route: string, chartId: string) {
  // Charts honour reduced motion: drawn at once, so screenshots show every point.
  await app.page.emulateMedia({ reducedMotion: 'reduce' });
  await app.open(route);
  await app.page.getByTestId(chartId).locator('svg').first().waitFor();
  await expect.poll(() => app.page.getByTestId('report-body').getAttribute('aria-busy'), POLL).toBe('false');
}

const cell = (page: Page, row: string, col: string) => page.locator(`${row} [data-col="${col}"]`).first().evaluate((el) => el.firstChild?.textContent?.trim() ?? '');

describe('insights report pages (browser harness, demo workspace)', () => {
  test('every report page shows the service figures for its filters', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;

    // The SAL loop's channel filter names the channels in the UI's words, as the reports' filter does ("Paid search", not "paid_search").
    await app.open('/insights/loop');
    const channelOptions = page.getByTestId('loop-filter-channel').locator('option');
    await expect.poll(() => channelOptions.count(), POLL).toBeGreaterThan(2);
    const channelNames = await channelOptions.allTextContents();
    expect(channelNames).toContain('Paid search');
    expect(channelNames.filter((n) => /_/.test(n))).toEqual([]);

    // Funnel: the total row is the service's, and the lead count is also checked against SQL of our own.
    const funnel = reports.funnel(db, {});
    const liveLeads = db.prepare('SELECT count(*) FROM leads WHERE deleted = 0').pluck().get() as number;
    const wonLeads = db
      .prepare(`SELECT count(DISTINCT o.lead_id) FROM outcomes o JOIN leads l ON l.id = o.lead_id WHERE o.result = 'won' AND o.deleted = 0 AND l.deleted = 0`)
      .pluck()
      .get() as number;
    expect(funnel.total.leads).toBe(liveLeads);
    expect(funnel.total.won).toBe(wonLeads);
    await openReport(app, '/insights/funnel', 'funnel-chart');
    const total = '[data-testid="funnel-total"]';
    expect(await cell(page, total, 'leads')).toBe(fmt(liveLeads));
    expect(await cell(page, total, 'mql')).toBe(fmt(funnel.total.mql));
    expect(await cell(page, total, 'won')).toBe(fmt(wonLeads));
    expect(await cell(page, total, 'mqlToSal')).toBe(pct(funnel.total.mqlToSal, 1));
    expect(await page.getByTestId('funnel-row').count()).toBe(funnel.rows.length);
    await app.screenshot('insights-funnel');

    const velocity = reports.velocity(db, {});
    await openReport(app, '/insights/velocity', 'velocity-chart');
    for (const r of velocity.rows) {
      const row = `[data-testid="velocity-row"][data-step="${r.step}"]`;
      expect(await cell(page, row, 'n')).toBe(fmt(r.n));
      expect(await cell(page, row, 'medianDays')).toBe(dec(r.medianDays));
      expect(await cell(page, row, 'p80Days')).toBe(dec(r.p80Days));
    }
    await app.screenshot('insights-velocity');

    // Offers: the demo's story is on screen: demo requests win more than webinars, which sales rejects more.
    const offers = reports.offers(db, {}, 'first').rows.filter((r) => r.group === 'offer');
    await openReport(app, '/insights/offers', 'offers-chart');
    const firstRow = page.getByTestId('offers-table').locator('tbody tr[data-row-id]').first();
    const top = [...offers].sort((a, b) => b.mqls - a.mqls || a.label.localeCompare(b.label))[0]!;
    await expect.poll(() => firstRow.locator('td[data-column-id="label"]').textContent(), POLL).toBe(top.label);
    expect(await firstRow.locator('td[data-column-id="mqls"]').textContent()).toBe(fmt(top.mqls));
    expect(await firstRow.locator('td[data-column-id="wonRate"]').textContent()).toBe(pct(top.wonRate, 1));
    // Every column is on screen without scrolling the table sideways (the names give up width first),
    // and an ROI above 1,000 % is marked and explained, since an offer's cost leaves out campaign spend.
    await page.setViewportSize({ width: 1400, height: 900 });
    const scroller = page.getByTestId('offers-table').locator('.dt-scroll');
    await expect.poll(() => scroller.evaluate((e) => e.scrollWidth - e.clientWidth), POLL).toBeLessThanOrEqual(0);
    const high = offers.filter((r) => r.roi !== null && r.roi > 10);
    expect(high.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('offers-roi-note').isVisible(), POLL).toBe(true);
    const shown = await page
      .getByTestId('offers-table')
      .locator('tbody tr[data-row-id]')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-row-id'), tr.querySelector('td[data-column-id="roi"] .roi-high') !== null] as const));
    expect(shown.length).toBeGreaterThan(5);
    expect(shown).toEqual(shown.map(([id]) => [id, high.some((r) => `offer:${r.key ?? ''}` === id)]));
    expect(shown.some(([, m]) => m)).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    const rate = (re: RegExp, key: 'wonRate' | 'salRate') => {
      const rows = offers.filter((r) => re.test(r.label) && r.mqls >= 10);
      const mqls = rows.reduce((n, r) => n + r.mqls, 0);
      return rows.reduce((n, r) => n + (r[key] ?? 0) * r.mqls, 0) / mqls;
    };
    expect(rate(/^Demo request/, 'wonRate')).toBeGreaterThan(2 * rate(/^Webinar/, 'wonRate'));
    expect(rate(/^Demo request/, 'salRate')).toBeGreaterThan(rate(/^Webinar/, 'salRate') + 0.15);
    // The summary names the best-winning of the 12 offers with most MQLs, from the service's figures.
    const charted = [...offers].filter((r) => r.mqls >= 5).sort((a, b) => b.mqls - a.mqls || a.label.localeCompare(b.label)).slice(0, 12);
    const bestWon = [...charted].sort((a, b) => (b.wonRate ?? -1) - (a.wonRate ?? -1) || a.label.localeCompare(b.label))[0]!;
    expect(await page.getByTestId('offers-chart').getByTestId('chart-summary').textContent()).toContain(`${bestWon.label} wins most (${pct(bestWon.wonRate, 1)}`);
    await app.screenshot('insights-offers');

    const reasons = reports.reasons(db, {}, null);
    await openReport(app, '/insights/reasons', 'reasons-rejection-chart');
    for (const kind of ['rejection', 'loss'] as const) {
      const rows = page.getByTestId(`reasons-${kind}-table`).getByTestId('reason-row');
      expect(await rows.count()).toBe(reasons[kind].length);
      expect(await rows.first().getAttribute('data-count')).toBe(String(reasons[kind][0]!.count));
    }
    await app.screenshot('insights-reasons');

    const lift = reports.lift(db, {}, null);
    await openReport(app, '/insights/lift', 'lift-chart');
    const liftRows = page.getByTestId('lift-row');
    expect(await liftRows.count()).toBe(lift.rows.length);
    expect(await liftRows.first().locator('td').first().textContent()).toBe(lift.rows[0]!.label);
    expect(await cell(page, '[data-testid="lift-row"]', 'lift')).toBe(ratio(lift.rows[0]!.lift));
    await app.screenshot('insights-lift');

    const calibration = reports.calibration(db, {});
    await openReport(app, '/insights/calibration', 'calibration-chart');
    expect(await page.getByTestId('calibration-row').count()).toBe(calibration.rows.length);
    const d10 = calibration.rows[calibration.rows.length - 1]!;
    expect(await cell(page, `[data-testid="calibration-row"][data-decile="${d10.decile}"]`, 'winRate')).toBe(pct(d10.winRate, 1));
    expect(await page.getByTestId('calibration-young-note').textContent()).toMatch(/open deals/);
    // The demo stores scores for the leads its active version qualified, not for every lead: the page says its deciles cover those only.
    expect(calibration.scored).toBeLessThan(0.9 * calibration.leads);
    expect(await page.getByTestId('calibration-partial').textContent()).toContain(`for ${fmt(calibration.scored)} of the ${fmt(calibration.leads)} leads`);
    await app.screenshot('insights-calibration');

    await openReport(app, '/insights/sla', 'sla-chart');
    const sla = reports.sla(db, {});
    expect(await cell(page, '[data-testid="sla-total"]', 'handoffs')).toBe(fmt(sla.total.handoffs));
    expect(await cell(page, '[data-testid="sla-total"]', 'decidedLate')).toBe(fmt(sla.total.decidedLate));
    expect(await page.getByTestId('sla-row').count()).toBe(sla.rows.length);
    await app.screenshot('insights-sla');
    expect(app.problems).toEqual([]);
  });

  test('filters live in the address, apply to the figures and survive a reload; definitions on hover and focus; CSV export', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    await openReport(app, '/insights/offers', 'offers-chart');

    // A channel filter and last-touch attribution: the figures are the service's for the same filters.
    const channel = reports.offers(db, {}, 'first').rows.filter((r) => r.group === 'channel' && r.key).sort((a, b) => b.mqls - a.mqls)[0]!.key!;
    await page.getByTestId('report-filter-channel').selectOption(channel);
    await page.getByTestId('offers-attribution-last').click();
    await page.getByTestId('offers-group-campaign').click();
    await expect.poll(() => page.evaluate(() => window.location.hash), POLL).toBe(`#/insights/offers?attribution=last&channel=${channel}&group=campaign`);
    const expected = reports.offers(db, { channel }, 'last').rows.filter((r) => r.group === 'campaign');
    const rows = page.getByTestId('offers-table').locator('tbody tr[data-row-id]');
    await expect.poll(() => rows.count(), POLL).toBe(expected.length);
    const top = [...expected].sort((a, b) => b.mqls - a.mqls || a.label.localeCompare(b.label))[0]!;
    await expect.poll(() => rows.first().locator('td[data-column-id="mqls"]').textContent(), POLL).toBe(fmt(top.mqls));

    await page.reload();
    await page.getByTestId('offers-chart').locator('svg').first().waitFor();
    expect(await page.getByTestId('report-filter-channel').inputValue()).toBe(channel);
    expect(await page.getByTestId('offers-attribution-last').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => rows.count(), POLL).toBe(expected.length);

    // Sorting by won % (descending first), on screen.
    await page.getByTestId('offers-table').locator('thead th[data-column-id="wonRate"] button').click();
    const byWon = [...expected].sort((a, b) => (b.wonRate ?? -1) - (a.wonRate ?? -1) || a.label.localeCompare(b.label));
    await expect.poll(() => rows.first().locator('td[data-column-id="label"]').textContent(), POLL).toBe(byWon[0]!.label);

    // A definition: shown on keyboard focus, tied to the button by aria-describedby, and on hover.
    const info = page.getByTestId('metric-info-mqls');
    await info.focus();
    const tip = page.getByTestId('metric-tip-mqls');
    await expect.poll(() => tip.isVisible(), POLL).toBe(true);
    expect(await tip.textContent()).toBe(METRIC_DEFINITIONS.mqls);
    expect(await info.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
    await app.screenshot('insights-offers-definition');
    await info.blur();
    await expect.poll(() => tip.isVisible(), POLL).toBe(false);
    await page.getByTestId('metric-info-wonRate').hover();
    await expect.poll(() => page.getByTestId('metric-tip-wonRate').isVisible(), POLL).toBe(true);

    // The CSV of the page's table, with the page's filters and attribution.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^report-offers-\d{8}-\d{6}\.csv$/);
    const csv = parse(readFileSync((await download.path())!, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    const all = reports.offers(db, { channel }, 'last').rows;
    expect(csv.length).toBe(all.length);
    expect(csv.map((r) => [r.group, r.label, Number(r.mqls), Number(r.won)])).toEqual(all.map((r) => [r.group, r.label, r.mqls, r.won]));
    await expect.poll(() => page.getByTestId('report-export-csv-status').textContent(), POLL).toMatch(/exported to report-offers-/);

    // The chart as SVG.
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export-svg').click()]);
    expect(svg.suggestedFilename()).toMatch(/^report-offers-\d{8}-\d{6}\.svg$/);
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).toContain(top.label.slice(0, 20).replace(/&/g, '&amp;'));

    // The filters travel to the next report page: the funnel for that channel.
    await page.getByTestId('insights-nav-funnel').click();
    await page.getByTestId('funnel-chart').locator('svg').first().waitFor();
    expect(await page.getByTestId('report-filter-channel').inputValue()).toBe(channel);
    const funnel = reports.funnel(db, { channel });
    await expect.poll(() => cell(page, '[data-testid="funnel-total"]', 'leads'), POLL).toBe(fmt(funnel.total.leads));
    // A date range on the funnel: only the cohorts in it.
    await page.getByTestId('report-filter-from').fill('2026-03-01');
    await page.getByTestId('report-filter-to').fill('2026-05-31');
    const spring = reports.funnel(db, { channel, from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 5, 1) });
    await expect.poll(() => page.getByTestId('funnel-row').count(), POLL).toBe(spring.rows.length);
    await expect.poll(() => cell(page, '[data-testid="funnel-total"]', 'leads'), POLL).toBe(fmt(spring.total.leads));
    expect(spring.rows.map((r) => r.cohort)).toEqual(['2026-03', '2026-04', '2026-05']);

    // Nothing matches: the empty state, not an empty chart.
    await page.getByTestId('report-filter-from').fill('2031-01-01');
    await page.getByTestId('report-filter-to').fill('2031-02-01');
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByTestId('report-export-csv').isDisabled()).toBe(true);
    await app.screenshot('insights-funnel-empty');
    expect(app.problems).toEqual([]);
  });
});
