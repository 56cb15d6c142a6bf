import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';

declare global {
  interface Window {
    __csp?: string[];
  }
}

describe('the strict Content-Security-Policy', () => {
  test('no view causes a violation, from the first script on (zod never probes for eval)', async ({ app }) => {
    const { page } = app;
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__csp!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} @${location.hash}`),
      );
    });
    await app.open('/leads');
    await page.getByTestId('workspace-lead-count').waitFor();
    const areas = await page.locator('[data-testid^="nav-"]').evaluateAll((as) => as.map((a) => a.getAttribute('data-testid')!));
    expect(areas.length).toBeGreaterThanOrEqual(5);
    for (const id of areas) {
      await page.getByTestId(id).click();
      await page.waitForLoadState('networkidle');
    }
    expect(await page.evaluate(() => window.__csp)).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
