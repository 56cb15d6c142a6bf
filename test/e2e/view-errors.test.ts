import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';

const POLL = { timeout: 15_000, interval: 100 };

/**
 * A view that cannot be shown says so, with a way back, instead of leaving a blank window: the
 * walk-through's Insights went white when the build was replaced while the tab was open, and its
 * chunk file was gone.
 */
describe('a view that fails to load', () => {
  test('says the app was updated, offers Reload, and the other areas keep working', async ({ app }) => {
    const { page } = app;
    await app.open('/leads');
    await page.getByTestId('workspace-lead-count').waitFor();
    // The lazily loaded Insights code is gone, as after a rebuild.
    await page.route(/InsightsView-[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.getByTestId('nav-insights').click();
    const failed = page.getByTestId('view-error');
    await expect.poll(() => failed.isVisible(), POLL).toBe(true);
    expect(await failed.textContent()).toContain('LeadPact was updated while this window was open.');
    await app.screenshot('view-error-stale');
    // The navigation still works, and the failure is left behind with its area.
    await page.getByTestId('nav-leads').click();
    await expect.poll(() => failed.count(), POLL).toBe(0);
    await page.getByTestId('nav-insights').click();
    await expect.poll(() => failed.isVisible(), POLL).toBe(true);
    // Once the file is there again, Reload opens the view.
    await page.unroute(/InsightsView-[^/]*\.js$/);
    await page.getByTestId('view-error-reload').click();
    await page.getByTestId('insights-nav-funnel').waitFor();
    expect(await page.getByTestId('view-error').count()).toBe(0);
    // The failed load and React's report of it are the only console errors.
    expect(app.problems.filter((p) => !/InsightsView|dynamically imported module|\[view\] render failed|404|The above error occurred/.test(p))).toEqual([]);
  });
});
