import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import * as criteriaService from '../../main/services/criteria.js';
import * as leadsService from '../../main/services/leads.js';
import * as preferencesService from '../../main/services/preferences.js';
import * as reviewsService from '../../main/services/reviews.js';
import { UI_LANGUAGES, type UiLanguage } from '../../shared/contracts/preferences.js';
import type { Db } from '../../main/db/connection.js';
import { test, type App } from './helpers/fixtures.js';
import { InboxPage } from './helpers/inbox-pages.js';
import { makeTriageWorkspace } from './helpers/inbox-workspace.js';

/*
 * Every view in every UI language: no message missing from the catalogue (the app reports one on the
 * console, which the fixture collects), <html lang dir> right, Persian mirrored, Polish plurals in
 * their several forms. One page per language, navigating by hash inside it as a user does.
 */
const POLL = { timeout: 15_000, interval: 100 };
const INSIGHTS = ['loop', 'funnel', 'velocity', 'offers', 'reasons', 'lift', 'calibration', 'sla'] as const;
const catalogue = (lang: UiLanguage) =>
  JSON.parse(readFileSync(`shared/i18n/${lang}.json`, 'utf8')) as Record<string, string>;
const i18nProblems = (app: App) => app.problems.filter((p) => p.includes('[i18n]'));

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

/** Visit every view of the app and wait until each has drawn its content. */
async function visitEveryView(app: App, draftId: string): Promise<string[]> {
  const { page } = app;
  const seen: string[] = [];
  const at = async (name: string, hash: string, ready: string) => {
    await go(page, hash);
    await page.getByTestId(ready).first().waitFor({ state: 'visible' });
    seen.push(name);
  };
  await at('leads', '#/leads', 'leads-table');
  await page.locator('[data-testid="leads-table"] tbody tr[data-row-id]').first().click();
  await page.getByTestId('drawer-attributes').waitFor({ state: 'visible' });
  seen.push('lead drawer');
  await page.keyboard.press('Escape');
  await go(page, '#/inbox');
  await new InboxPage(page).waitLoaded();
  seen.push('inbox');
  await at('manager', '#/inbox/team', 'manager-view');
  await at('criteria list', '#/criteria', 'versions-table');
  await at('criteria version', `#/criteria/${draftId}`, 'rule-edit');
  await page.getByTestId('rule-edit').first().click();
  await page.getByTestId('rule-form').waitFor({ state: 'visible' });
  seen.push('rule dialog');
  await page.keyboard.press('Escape');
  await page.getByTestId('rule-form').waitFor({ state: 'hidden' });
  await at('outcomes', '#/outcomes', 'outcomes-table');
  for (const report of INSIGHTS) {
    await at(`insights ${report}`, `#/insights/${report}`, report === 'loop' ? 'loop-page' : `report-${report}`);
    if (report !== 'loop') await expect.poll(() => page.getByTestId('report-body').getAttribute('aria-busy'), POLL).toBe('false');
  }
  await at('review', '#/review', 'review-list');
  // The demo's past review: its drafted agenda titles and its pack are in the UI language too.
  const reviewId = reviewsService.list(app.ws.db)[0]!.id;
  await at('review meeting', `#/review/${reviewId}`, 'review-agenda');
  await go(page, `#/review/${reviewId}/pack`);
  await expect.poll(() => page.getByTestId('review-pack-sheet').getAttribute('data-ready'), POLL).toBe('true');
  seen.push('review pack');
  await at('import', '#/import', 'import-source');
  await at('settings', '#/settings', 'appearance-card');
  return seen;
}

function draftOf(db: Db): string {
  const active = criteriaService.list(db).find((v) => v.status === 'active')!;
  return criteriaService.createDraft(db, { fromId: active.id, name: 'Q4 draft' }).id;
}

/** A company name whose search finds exactly `n` leads, so the count line shows `n`. */
function searchFinding(db: Db, n: number): string {
  const names = db
    .prepare('SELECT company FROM leads WHERE deleted = 0 AND company IS NOT NULL GROUP BY company HAVING count(*) = ? LIMIT 50')
    .pluck()
    .all(n) as string[];
  const name = names.find((c) => leadsService.count(db, { q: c }) === n);
  if (!name) throw new Error(`no company with exactly ${n} leads in the demo`);
  return name;
}

describe('every view in every language (browser harness, demo workspace)', () => {
  for (const lang of UI_LANGUAGES) {
    test(`${lang}: every view renders with every message translated, and <html> carries lang and dir`, async ({ app }) => {
      const { page } = app;
      const messages = catalogue(lang);
      preferencesService.set(app.ws.db, { language: lang });
      const draftId = draftOf(app.ws.db);
      // A sales rep with a queue is the current user, so the inbox shows handoffs and a card.
      makeTriageWorkspace(app.ws.db, 8);
      await app.open('/leads');
      await expect.poll(() => page.getByTestId('nav-leads').textContent(), POLL).toBe(messages['nav.leads']);
      // The fixture's browser is en-US: English takes its region, the others have none to take.
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
        lang === 'en' ? 'en-US' : lang,
        lang === 'fa' ? 'rtl' : 'ltr',
      ]);
      const seen = await visitEveryView(app, draftId);
      expect(seen).toHaveLength(13 + INSIGHTS.length);
      expect(i18nProblems(app)).toEqual([]);
      // The meeting's drafted agenda titles and the pack are written in the UI language.
      const reviewId = reviewsService.list(app.ws.db)[0]!.id;
      await go(page, `#/review/${reviewId}`);
      await expect.poll(() => page.locator('[data-testid="agenda-item"][data-kind="sla"] h3').textContent(), POLL).toBe(messages['review.agendaTitle.sla']);
      await go(page, `#/review/${reviewId}/pack`);
      const sheet = page.getByTestId('review-pack-sheet');
      await expect.poll(() => sheet.getAttribute('data-ready'), POLL).toBe('true');
      const headings = await sheet.locator('h2').allTextContents();
      for (const id of ['pack.summary', 'review.agendaTitle.sla', 'review.proposals.title']) expect(headings.some((h) => h.includes(messages[id]!))).toBe(true);
      if (lang === 'fa' || lang === 'cs') await app.screenshot(`i18n-${lang}-review-pack`);

      if (lang === 'fa') {
        // Mirrored: the navigation sits on the right of the content, and digits are Persian.
        const nav = (await page.locator('nav.sidenav').boundingBox())!;
        const main = (await page.locator('.main').boundingBox())!;
        expect(nav.x).toBeGreaterThan(main.x + main.width - 1);
        expect(await page.getByTestId('workspace-lead-count').textContent()).toMatch(/^[۰-۹٬]+ /);
        // The data table reads right to left too: Name, the first column, is the rightmost.
        await go(page, '#/leads');
        const header = (id: string) => page.locator(`[data-testid="leads-table"] thead th[data-column-id="${id}"]`).boundingBox();
        const [name, company] = [(await header('name'))!, (await header('company'))!];
        expect(name.x).toBeGreaterThan(company.x + company.width - 1);
        // Charts: value-axis ticks in Persian digits too, not ECharts' English ones.
        await go(page, '#/insights/funnel');
        const ticks = page.locator('.chart-canvas svg text');
        await expect.poll(async () => (await ticks.allTextContents()).some((x) => /^[۰-۹٬٫]+$/.test(x.trim())), { timeout: 20_000 }).toBe(true);
        expect((await ticks.allTextContents()).filter((x) => /^[0-9][0-9,.]*$/.test(x.trim()))).toEqual([]);
        await app.screenshot('i18n-fa-funnel');
      }
      if (lang === 'fa' || lang === 'pl') {
        await go(page, '#/leads');
        await page.locator('[data-testid="leads-table"] tbody tr[data-row-id]').first().waitFor();
        await app.screenshot(`i18n-${lang}-leads`);
        await go(page, '#/inbox');
        await new InboxPage(page).waitLoaded();
        await app.screenshot(`i18n-${lang}-inbox`);
      }
    });
  }

  test('pl: chosen in Settings it applies at once and survives a restart; counts take the right plural form', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const pl = catalogue('pl');
    await app.open('/settings');
    await page.getByTestId('settings-language').selectOption('pl');
    await expect.poll(() => page.getByTestId('nav-settings').textContent(), POLL).toBe(pl['nav.settings']);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('pl');
    await expect.poll(() => preferencesService.get(db).language, POLL).toBe('pl');

    // A new launch (a new harness port, so nothing in the browser's storage helps) reads it back.
    await page.reload();
    await expect.poll(() => page.getByTestId('nav-leads').textContent(), POLL).toBe(pl['nav.leads']);

    await go(page, '#/leads');
    const search = page.getByTestId('filter-search');
    const count = page.getByTestId('leads-count');
    await search.fill(searchFinding(db, 2));
    await expect.poll(() => count.textContent(), POLL).toBe('2 pasujące leady');
    await search.fill(searchFinding(db, 5));
    await expect.poll(() => count.textContent(), POLL).toBe('5 pasujących leadów');
    // 22 is "few" again and 12 "many": not English's one/other.
    expect(new Intl.PluralRules('pl').select(22)).toBe('few');
    expect(i18nProblems(app)).toEqual([]);
  });

  test('System language: a Dutch (Belgian) system gets Dutch with Belgian formats; a theme choice sets data-theme', async ({ app }) => {
    const context = await app.context.browser()!.newContext({ locale: 'nl-BE', timezoneId: 'UTC', viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && m.text().includes('[i18n]') && problems.push(m.text()));
      await page.goto(`${app.harness.url}#/leads`);
      const nl = catalogue('nl');
      await expect.poll(() => page.getByTestId('nav-leads').textContent(), POLL).toBe(nl['nav.leads']);
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['nl-BE', 'ltr']);
      // 3,000 leads in Dutch: a full stop groups thousands.
      await expect.poll(() => page.getByTestId('workspace-lead-count').textContent(), POLL).toMatch(/^\d\.\d{3} /);

      await page.evaluate(() => (window.location.hash = '#/settings'));
      await page.getByTestId('settings-theme').selectOption('dark');
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), POLL).toBe('dark');
      await page.getByTestId('settings-theme').selectOption('system');
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), POLL).toBe('dark');
      await page.emulateMedia({ colorScheme: 'light' });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), POLL).toBe('light');
      expect(preferencesService.get(app.ws.db)).toEqual({ language: 'system', theme: 'system' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
