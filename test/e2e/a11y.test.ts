import { describe, expect } from 'vitest';
import * as criteriaService from '../../main/services/criteria.js';
import * as preferencesService from '../../main/services/preferences.js';
import * as usersService from '../../main/services/users.js';
import { checkBothThemes } from './a11y-check.js';
import { test, type App } from './helpers/fixtures.js';
import { makeTriageWorkspace } from './helpers/inbox-workspace.js';

const JOB = { timeout: 60_000 };

/** Every view is checked in the light and the dark theme; the problems of all views are reported together. */
async function done(app: App, found: string[]): Promise<void> {
  if (found.length) console.log(found.join('\n'));
  expect(found).toEqual([]);
  expect(app.problems).toEqual([]);
}

async function open(app: App, route: string, ready: string): Promise<void> {
  await app.open(route);
  await app.page
    .getByTestId(ready)
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(async (e: unknown) => {
      const shot = await app.screenshot(`a11y-failed-${ready}`);
      throw new Error(`${route} did not show ${ready} (see ${shot}; ${app.problems.join('; ') || String(e)})`);
    });
}

// Each test walks several views and runs axe twice on each: more than one view's usual time on 2 shared cores.
describe('axe-core (WCAG 2.1 A/AA): no serious or critical violation on any view, light and dark', { timeout: 300_000 }, () => {
  test('leads, the lead drawer, outcomes, the import wizard, settings and the reason dialog', async ({ app }) => {
    const { page } = app;
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const found: string[] = [];
    await open(app, '/leads', 'leads-table');
    await page.locator('[data-testid="leads-table"] tbody tr[data-row-id]').first().waitFor();
    await checkBothThemes(page, 'leads', found);
    await page.locator('[data-testid="leads-table"] tbody tr[data-row-id]').first().click();
    await page.getByTestId('lead-drawer').getByTestId('drawer-attributes').waitFor();
    await checkBothThemes(page, 'lead drawer', found);

    await open(app, '/outcomes', 'outcomes-count');
    await page.waitForLoadState('networkidle');
    await checkBothThemes(page, 'outcomes', found);

    await open(app, '/import', 'import-wizard');
    await checkBothThemes(page, 'import wizard', found);

    await open(app, '/settings', 'users-table');
    await page.getByTestId('reason-row').first().waitFor();
    await checkBothThemes(page, 'settings', found);
    await page.getByTestId('reason-add').click();
    await page.getByTestId('reason-dialog').waitFor();
    await checkBothThemes(page, 'reason dialog', found);
    await done(app, found);
  });

  test('the SAL inbox, its reason picker and the manager view', async ({ app }) => {
    const { page } = app;
    makeTriageWorkspace(app.ws.db, 8);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const found: string[] = [];
    await open(app, '/inbox', 'handoff-card');
    await checkBothThemes(page, 'inbox', found);
    await page.keyboard.press('r');
    await page.getByTestId('reason-picker').waitFor();
    await checkBothThemes(page, 'reason picker', found);
    await page.keyboard.press('Escape');

    await open(app, '/inbox/team', 'rep-table');
    await checkBothThemes(page, 'manager view', found);
    await open(app, '/inbox/accepted', 'inbox-tab-accepted');
    await page.waitForLoadState('networkidle');
    await checkBothThemes(page, 'accepted', found);
    await done(app, found);
  });

  test('criteria: versions, a version, a draft with the rule dialog, backtest and suggested points', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const active = criteriaService.list(db).find((v) => v.status === 'active')!;
    const draft = criteriaService.createDraft(db, { fromId: active.id, name: 'Accessible draft' });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const found: string[] = [];
    await open(app, '/criteria', 'versions-table');
    await checkBothThemes(page, 'criteria list', found);
    await open(app, `/criteria/${active.id}`, 'version-title');
    await page.getByTestId('rule-row').first().waitFor();
    await checkBothThemes(page, 'active version', found);

    await open(app, `/criteria/${draft.id}`, 'version-title');
    await page.getByTestId('rule-row').first().waitFor();
    await checkBothThemes(page, 'draft version', found);
    await page.getByTestId('rule-add-fit').click();
    await page.getByTestId('rule-dialog').getByTestId('rule-form').waitFor();
    await checkBothThemes(page, 'rule dialog', found);
    await page.keyboard.press('Escape');

    await open(app, `/criteria/${draft.id}/backtest`, 'backtest-page');
    await page.getByTestId('backtest-run').click();
    await page.getByTestId('backtest-difference').waitFor(JOB);
    await page.getByTestId('backtest-probability-table').waitFor(JOB);
    await checkBothThemes(page, 'backtest', found);

    await open(app, '/criteria/suggest', 'suggest-page');
    await page.getByTestId('suggest-run').click();
    await page.getByTestId('suggestion').waitFor(JOB);
    await checkBothThemes(page, 'suggested points', found);
    await done(app, found);
  });

  test('every Insights report', async ({ app }) => {
    const { page } = app;
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const found: string[] = [];
    const pages = ['loop', 'funnel', 'velocity', 'offers', 'reasons', 'lift', 'calibration', 'sla'];
    for (const p of pages) {
      await app.open(`/insights/${p}`);
      await page
        .locator('.insights-page .loop-page')
        .first()
        .waitFor()
        .catch((e: unknown) => {
          throw new Error(`insights ${p} did not render (${app.problems.join('; ') || String(e)})`);
        });
      await page.waitForLoadState('networkidle');
      await page.locator('.chart-canvas svg, [data-testid="empty-state"]').first().waitFor();
      await checkBothThemes(page, `insights ${p}`, found);
    }
    await done(app, found);
  });

  test('review: the history, a closed review, and a review in meeting mode', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const owners = usersService.list(db).filter((u) => u.role === 'owner');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const found: string[] = [];
    await open(app, '/review', 'review-history-row');
    await checkBothThemes(page, 'review list', found);
    await page.getByTestId('review-history-row').first().getByRole('link').first().click();
    await page.getByTestId('review-page').waitFor();
    await page.getByTestId('agenda-item').first().waitFor();
    await checkBothThemes(page, 'closed review', found);

    await open(app, '/review', 'review-quarter');
    await page.getByTestId('review-quarter').selectOption('2026Q3');
    await page.getByTestId('review-create').click();
    await page.getByTestId('agenda-item').first().waitFor();
    for (const o of owners) await page.getByTestId(`attendee-${o.id}`).click();
    await page.getByTestId('review-start').click();
    await expect.poll(() => page.getByTestId('review-page').getAttribute('data-status')).toBe('in_progress');
    await page.waitForLoadState('networkidle');
    await checkBothThemes(page, 'review meeting', found);
    await done(app, found);
  });
  test('more places: the version diff, the import history, the inbox keys, comment dialog and undo toast, the outcome form, the review pack', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    makeTriageWorkspace(db, 4);
    const versions = criteriaService.list(db).sort((a, b) => a.number - b.number);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const found: string[] = [];
    await open(app, `/criteria/diff/${versions[0]!.id}/${versions[1]!.id}`, 'diff-rule');
    await checkBothThemes(page, 'version diff', found);
    await open(app, '/import/history', 'import-history');
    await page.waitForLoadState('networkidle');
    await checkBothThemes(page, 'import history', found);

    await open(app, '/inbox', 'handoff-card');
    await page.keyboard.press('?');
    await page.getByTestId('keys-dialog').waitFor();
    await checkBothThemes(page, 'inbox keys', found);
    await page.keyboard.press('Escape');
    await page.getByTestId('keys-dialog').waitFor({ state: 'hidden' });
    await page.keyboard.press('c');
    await page.getByTestId('comment-dialog').waitFor();
    await checkBothThemes(page, 'inbox comment', found);
    await page.keyboard.press('Escape');
    await page.getByTestId('comment-dialog').waitFor({ state: 'hidden' });
    await page.keyboard.press('a');
    await page.getByTestId('undo-toast').getByTestId('undo-button').waitFor();
    await checkBothThemes(page, 'inbox undo toast', found);

    await open(app, '/outcomes', 'outcome-new');
    await page.getByTestId('outcome-new').click();
    await page.getByTestId('outcome-form').waitFor();
    await checkBothThemes(page, 'outcome form', found);
    await page.keyboard.press('Escape');

    await open(app, '/review', 'review-history-row');
    await page.getByTestId('review-history-row').first().getByRole('link').first().click();
    await page.getByTestId('review-open-pack').click();
    await page.locator('[data-testid="review-pack-sheet"][data-ready="true"]').waitFor();
    await checkBothThemes(page, 'review pack', found);
    await done(app, found);
  });
  test('in Persian, right to left: leads, the inbox with its picker, the funnel and the offers report', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    makeTriageWorkspace(db, 4);
    preferencesService.set(db, { language: 'fa' });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const found: string[] = [];
    await open(app, '/leads', 'leads-table');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.locator('[data-testid="leads-table"] tbody tr[data-row-id]').first().waitFor();
    await checkBothThemes(page, 'leads fa', found);
    await open(app, '/inbox', 'handoff-card');
    await checkBothThemes(page, 'inbox fa', found);
    await page.keyboard.press('r');
    await page.getByTestId('reason-picker').waitFor();
    await checkBothThemes(page, 'reason picker fa', found);
    for (const p of ['funnel', 'offers']) {
      await open(app, `/insights/${p}`, `${p}-chart`);
      await page.getByTestId(`${p}-chart`).locator('svg').first().waitFor();
      await checkBothThemes(page, `insights ${p} fa`, found);
    }
    await done(app, found);
  });
});
