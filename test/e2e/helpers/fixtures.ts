import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { test as base } from 'vitest';
import { startHarness, type Harness } from '../../../main/harness.js';
import { launchChromium } from './browser.js';
import { freshWorkspace, makeDemoTemplate, type DemoTemplate, type TestWorkspace } from './workspace.js';

export const SCREENSHOT_DIR = resolve('test-results', 'screenshots');


export interface App {
  ws: TestWorkspace;
  harness: Harness;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen in the page so far. */
  problems: string[];
  /** Load the app through the harness URL (token in the query, as a user gets it), at an optional hash route. */
  open(route?: string): Promise<void>;
  screenshot(name: string): Promise<string>;
}

/**
 * Fixtures: one Chromium and one demo template per worker; per test a fresh copy of the workspace,
 * its own harness (new token, random port) and a new browser context (no shared cookies or storage).
 */
export const test = base
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  .extend('browser', { scope: 'worker' }, async ({}, { onCleanup }): Promise<Browser> => {
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    return browser;
  })
  // eslint-disable-next-line no-empty-pattern -- as above
  .extend('template', { scope: 'worker' }, async ({}, { onCleanup }): Promise<DemoTemplate> => {
    const template = await makeDemoTemplate();
    onCleanup(() => template.cleanup());
    return template;
  })
  .extend('app', async ({ browser, template }, { onCleanup }): Promise<App> => {
    const ws = freshWorkspace(template);
    const harness = await startHarness({ dbPath: ws.path, port: 0 });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    onCleanup(async () => {
      await context.close();
      await harness.close();
      ws.cleanup();
    });
    return {
      ws,
      harness,
      context,
      page,
      problems,
      async open(route = '') {
        await page.goto(`${harness.url}${route ? `#${route}` : ''}`);
      },
      async screenshot(name) {
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const path = join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path, animations: 'disabled' });
        return path;
      },
    };
  });
