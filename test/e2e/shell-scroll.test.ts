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
    expect(app.problems).toEqual([]);
  });
});
