import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { setTheme } from './a11y-check.js';
import { test } from './helpers/fixtures.js';
import { makeTriageWorkspace } from './helpers/inbox-workspace.js';

const POLL = { timeout: 10_000, interval: 50 };

/** Fill colours of the chart's bars (SVG paths with a fill), to see the theme reach the picture. */
const barFills = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('.chart-canvas svg path[fill]').evaluateAll((ps) =>
    [...new Set(ps.map((p) => p.getAttribute('fill')!.toLowerCase()))].sort(),
  );

/**
 * Where the value axis's labels stand: the mean x of the numeric labels, as a share of the picture's
 * width (well under 0.5 on the left, over it on the right).
 */
const numericLabelSide = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('.chart-canvas')
    .evaluate((el) => {
      const box = el.getBoundingClientRect();
      const xs = [...el.querySelectorAll('svg text')]
        .filter((t) => /^[\d,.%\s]+$/.test(t.textContent ?? '') && (t.textContent ?? '').trim() !== '')
        .map((t) => {
          const r = t.getBoundingClientRect();
          return (r.left + r.width / 2 - box.left) / box.width;
        });
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
    });

/** Mean x (share of the picture's width) of the offers chart's category labels, "Name (MQLs)". */
const categoryLabelSide = (page: Page) =>
  page
    .getByTestId('offers-chart')
    .locator('.chart-canvas')
    .evaluate((el) => {
      const box = el.getBoundingClientRect();
      const xs = [...el.querySelectorAll('svg text')]
        .filter((t) => /\(\d+\)$/.test((t.textContent ?? '').trim()))
        .map((t) => {
          const r = t.getBoundingClientRect();
          return (r.left + r.width / 2 - box.left) / box.width;
        });
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
    });

describe('the dark theme and mirrored charts, looked at', () => {
  test('leads, the inbox and its reason picker, and Insights charts in dark; a chart redraws in dark colours and mirrors in RTL', async ({ app }) => {
    const { page } = app;
    makeTriageWorkspace(app.ws.db, 6);
    // The theme follows the system's (the default choice): the dark scheme, as a laptop at dusk.
    await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'dark' });

    await app.open('/leads');
    await page.locator('[data-testid="leads-table"] tbody tr[data-row-id]').first().waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), POLL).toBe('dark');
    // The dark tokens apply: the page background is dark, the text light.
    const colours = await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return { bg: s.backgroundColor, fg: s.color };
    });
    expect(colours).toEqual({ bg: 'rgb(17, 19, 24)', fg: 'rgb(230, 232, 235)' });
    await app.screenshot('dark-leads');

    await app.open('/inbox');
    await page.getByTestId('handoff-card').waitFor();
    await app.screenshot('dark-inbox');
    await page.keyboard.press('r');
    await page.getByTestId('reason-picker').waitFor();
    await app.screenshot('dark-inbox-picker');
    await page.keyboard.press('Escape');

    await app.open('/insights/funnel');
    await page.getByTestId('funnel-chart').locator('svg').first().waitFor();
    const dark = await barFills(page, 'funnel-chart');
    await page.emulateMedia({ colorScheme: 'light' });
    await setTheme(page, 'light');
    const light = await barFills(page, 'funnel-chart');
    expect(light).toContain('#4f46e5');
    await page.emulateMedia({ colorScheme: 'dark' });
    await setTheme(page, 'dark');
    expect(dark).not.toEqual(light);
    // Redrawn from the CSS variables: the dark accent, not the light one.
    await expect.poll(() => barFills(page, 'funnel-chart'), POLL).not.toEqual(light);
    expect(await barFills(page, 'funnel-chart')).toContain('#a5a0fb');
    await app.screenshot('dark-insights-funnel');
    await app.open('/insights/offers');
    await page.getByTestId('offers-chart').locator('svg').first().waitFor();
    await app.screenshot('dark-insights-offers');

    // Right-to-left: the value axis moves to the right of the funnel chart (and back).
    await app.open('/insights/funnel');
    await page.getByTestId('funnel-chart').locator('svg').first().waitFor();
    await expect.poll(() => numericLabelSide(page, 'funnel-chart'), POLL).toBeLessThan(0.2);
    await page.evaluate(() => {
      document.documentElement.dir = 'rtl';
    });
    await expect.poll(() => numericLabelSide(page, 'funnel-chart'), POLL).toBeGreaterThan(0.8);
    await app.screenshot('dark-insights-funnel-rtl');
    await page.evaluate(() => {
      document.documentElement.dir = 'ltr';
    });
    await expect.poll(() => numericLabelSide(page, 'funnel-chart'), POLL).toBeLessThan(0.2);
    // A horizontal bar chart: its category labels move from the left of the bars to the right.
    await app.open('/insights/offers');
    await page.getByTestId('offers-chart').locator('svg').first().waitFor();
    await expect.poll(() => categoryLabelSide(page), POLL).toBeLessThan(0.3);
    await page.evaluate(() => {
      document.documentElement.dir = 'rtl';
    });
    await expect.poll(() => categoryLabelSide(page), POLL).toBeGreaterThan(0.7);
    await app.screenshot('dark-insights-offers-rtl');
    await page.evaluate(() => {
      document.documentElement.dir = 'ltr';
    });

    // And the light theme with the field outlines that show at 3:1.
    await page.emulateMedia({ colorScheme: 'light' });
    await app.open('/leads');
    await page.locator('[data-testid="leads-table"] tbody tr[data-row-id]').first().waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), POLL).toBe('light');
    await app.screenshot('light-leads');
    expect(app.problems).toEqual([]);
  });
});
