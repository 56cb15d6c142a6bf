import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';

/**
 * The shell (navigation and top bar) stays put: only a view's own panels scroll. Screen-reader-only
 * content far down a view once lengthened the document, so a wheel over Settings scrolled the whole
 * shell away, and a chart's hidden data table widened it.
 */
const VIEWS = ['/settings', '/insights/lift', '/insights/offers', '/insights/funnel', '/insights/calibration', '/leads', '/criteria', '/review'];

describe('the app shell never scrolls as a page', () => {
  test('no view makes the document taller or wider than the window, at 1440 and 1024 wide', async ({ app }) => {
    const { page } = app;
    await app.open('/leads');
    await page.getByTestId('workspace-lead-count').waitFor();
    const oversize: string[] = [];
    for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
      await page.setViewportSize(size);
      for (const view of VIEWS) {
        await page.evaluate((h) => (window.location.hash = h), view);
        await page.waitForLoadState('networkidle');
        await page.locator('.view h1, .view h2').first().waitFor();
        const s = await page.evaluate(() => ({
          w: document.documentElement.scrollWidth - window.innerWidth,
          h: document.documentElement.scrollHeight - window.innerHeight,
        }));
        if (s.w > 0 || s.h > 0) oversize.push(`${view} at ${size.width}: ${s.w} px wider, ${s.h} px taller`);
      }
    }
    expect(oversize).toEqual([]);
    await page.mouse.move(700, 500);
    await page.evaluate(() => (window.location.hash = '/settings'));
    await page.mouse.wheel(0, 3000);
    expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
    expect((await page.getByRole('navigation', { name: 'Main' }).boundingBox())?.y).toBe(0);

    // In a narrow window the leads table scrolls sideways inside its panel, and its first column
    // (the lead's name) stays in view.
    await page.evaluate(() => (window.location.hash = '/leads'));
    const scroller = page.locator('.dt-scroll').first();
    const firstCell = page.locator('.dt-data-row').first().locator('.dt-td').first();
    await firstCell.waitFor();
    const before = (await firstCell.boundingBox())!;
    const moved = await scroller.evaluate((el) => {
      el.scrollLeft = 400;
      return el.scrollLeft;
    });
    expect(moved).toBeGreaterThan(100); // the columns do not fit in 1024 px
    const secondCell = page.locator('.dt-data-row').first().locator('.dt-td').nth(1);
    await expect.poll(async () => (await firstCell.boundingBox())!.x).toBe(before.x);
    // The next column went under it, not through it: the sticky cell paints its own background.
    expect((await secondCell.boundingBox())!.x).toBeLessThan(before.x + before.width);
    expect(await firstCell.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    await app.screenshot('leads-narrow-scrolled');
    expect(app.problems).toEqual([]);
  });
});
