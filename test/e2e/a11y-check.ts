import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The WCAG 2.1 A and AA rules: what issue 10 asks every view to pass. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export type Theme = 'light' | 'dark';

/**
 * Set the colour theme the way the Settings choice does (an attribute on <html>) and wait until the
 * charts have redrawn in its colours: they read the CSS variables when the attribute changes.
 */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((t) => {
    document.documentElement.dataset.theme = t;
  }, theme);
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}

/**
 * Run axe on the page as it is now and return one line per serious or critical problem: the view,
 * the theme, the rule, the element and axe's summary of what to fix.
 */
export async function axeProblems(page: Page, view: string, theme: Theme): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const lines: string[] = [];
  for (const v of result.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    for (const node of v.nodes) {
      const summary = (node.failureSummary ?? v.help).replace(/\s+/g, ' ').slice(0, 300);
      lines.push(`[${view} · ${theme}] ${v.id} (${v.impact}) at ${node.target.join(' ')}: ${summary}`);
    }
  }
  return lines;
}

/** Check the current view in both themes; the page is left in the light theme. */
export async function checkBothThemes(page: Page, view: string, found: string[]): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    found.push(...(await axeProblems(page, view, theme)));
  }
  await setTheme(page, 'light');
}
