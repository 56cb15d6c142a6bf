import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import * as leadsService from '../../main/services/leads.js';
import * as preferencesService from '../../main/services/preferences.js';
import * as reasonsService from '../../main/services/reasons.js';
import * as usersService from '../../main/services/users.js';
import { UI_LANGUAGES, type UiLanguage } from '../../shared/contracts/preferences.js';
import { DEFAULT_REJECTION_REASONS } from '../../shared/domain/default-reasons.js';
import { parseStageWhy } from '../../renderer/src/i18n/stage-why.js';
import { test, type App } from './helpers/fixtures.js';
import { InboxPage } from './helpers/inbox-pages.js';
import { LeadsPage } from './helpers/pages.js';
import { makeTriageWorkspace } from './helpers/inbox-workspace.js';

const POLL = { timeout: 10_000, interval: 100 };
const catalogue = (lang: UiLanguage) =>
  JSON.parse(readFileSync(join('shared/i18n', `${lang}.json`), 'utf8')) as Record<string, string>;
const english = new Map(DEFAULT_REJECTION_REASONS.map((r) => [r.code, r.label]));

/** The language chosen in Settings (stored per laptop), then the app loaded afresh in it. */
async function openIn(app: App, lang: UiLanguage, route: string): Promise<void> {
  preferencesService.set(app.ws.db, { language: lang });
  await app.open(route);
  await expect.poll(() => app.page.evaluate(() => document.documentElement.lang.split('-')[0]), POLL).toBe(lang);
}

/** The reason picker's label for each reason code, as the rep sees it. */
async function pickerLabels(app: App): Promise<Map<string, string>> {
  const inbox = new InboxPage(app.page);
  await inbox.waitLoaded();
  await inbox.card.waitFor({ state: 'visible' });
  await inbox.press('r');
  await inbox.picker.waitFor({ state: 'visible' });
  const options = inbox.picker.locator('[role="option"]');
  await expect.poll(() => options.count(), POLL).toBeGreaterThan(5);
  const pairs = await options.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-reason-code') ?? '', e.querySelector('.reason-option-label')?.textContent ?? ''] as const),
  );
  return new Map(pairs);
}

describe('i18n of shipped data: default reasons follow the UI language, names the team typed stay as typed', () => {
  test('the reason picker in Polish shows the default reasons from pl.json; a renamed reason reads as typed in every language', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    makeTriageWorkspace(db, 3);
    await page.emulateMedia({ reducedMotion: 'reduce' });

    // Polish: every default reason the picker lists is pl.json's text, not the stored English.
    const pl = catalogue('pl');
    await openIn(app, 'pl', '/inbox');
    // The card's touchpoint types are a fixed vocabulary too.
    const tpTypes = page.getByTestId('card-touchpoints').locator('.tp-type');
    await expect.poll(() => tpTypes.count(), POLL).toBeGreaterThan(0);
    for (const el of await tpTypes.all()) {
      const type = (await el.getAttribute('data-type'))!;
      const id = ['visit', 'email_open'].includes(type) ? `touchpointType.${type}` : `offerType.${type}`;
      expect(await el.textContent(), type).toBe(pl[id]);
    }
    const polish = await pickerLabels(app);
    expect(polish.size).toBe(DEFAULT_REJECTION_REASONS.length);
    for (const [code, shown] of polish) {
      const want = pl[`reason.rejection.${code}`];
      expect(want, `pl.json has reason.rejection.${code}`).toBeTruthy();
      expect(shown, code).toBe(want);
      expect(shown, code).not.toBe(english.get(code));
    }
    await app.screenshot('i18n-data-1-picker-pl');
    await page.keyboard.press('Escape');

    // Rename one default reason in Settings (still in Polish), and change only the blame of another:
    // the dialog shows the Polish text, and saving it unchanged keeps the shipped label (so it goes
    // on following the UI language) rather than storing the Polish words. The taxonomy is an owner's.
    const rep = usersService.current(db)!.id;
    usersService.setCurrent(db, usersService.list(db).find((u) => u.role === 'owner' && u.team === 'sales')!.id);
    await app.open('/settings');
    const card = page.getByTestId('reasons-card');
    const row = (label: string) => card.locator(`[data-testid="reason-row"][data-reason-label="${label}"]`);
    await row('No budget').waitFor({ state: 'visible' });
    expect(await row('No budget').getByTestId('reason-label').textContent()).toBe(pl['reason.rejection.no_budget']);
    const dialog = page.getByTestId('reason-dialog');
    const typed = 'Budżet zamrożony (decyzja zarządu) – Q3';
    await row('No budget').getByTestId('reason-edit').click();
    expect(await dialog.getByTestId('reason-form-label').inputValue()).toBe(pl['reason.rejection.no_budget']);
    await dialog.getByTestId('reason-form-label').fill(typed);
    await dialog.getByTestId('reason-form-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const noBudget = reasonsService.list(db, true).find((r) => r.code === 'no_budget')!;
    await expect.poll(() => reasonsService.mustGet(db, noBudget.id).label, POLL).toBe(typed);

    await row('Bad timing').getByTestId('reason-edit').click();
    expect(await dialog.getByTestId('reason-form-label').inputValue()).toBe(pl['reason.rejection.bad_timing']);
    await dialog.getByTestId('reason-form-blame').selectOption('fit');
    await dialog.getByTestId('reason-form-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const badTiming = reasonsService.list(db, true).find((r) => r.code === 'bad_timing')!;
    await expect.poll(() => reasonsService.mustGet(db, badTiming.id).blame, POLL).toBe('fit');
    expect(reasonsService.mustGet(db, badTiming.id).label).toBe('Bad timing');
    await row(typed).scrollIntoViewIfNeeded();
    await app.screenshot('i18n-data-2-settings-renamed-pl');

    // A server refusal: its lead line is Polish, the server's detail follows as sent.
    await row('Other').getByTestId('reason-edit').click();
    await dialog.getByTestId('reason-form-label').fill(typed.toUpperCase());
    await dialog.getByTestId('reason-form-save').click();
    const refusal = dialog.getByTestId('reason-form-server-error');
    await refusal.waitFor({ state: 'visible' });
    expect(await refusal.textContent()).toBe(`${pl['error.kind.conflict']} A reason called "${typed}" already exists.`);
    await app.screenshot('i18n-data-2b-refusal-pl');
    await page.keyboard.press('Escape');
    usersService.setCurrent(db, rep); // back to the rep, whose inbox the pickers below open

    // Every language: the typed name exactly as typed; the untouched defaults in that language.
    for (const lang of UI_LANGUAGES) {
      const messages = catalogue(lang);
      await openIn(app, lang, '/inbox');
      const labels = await pickerLabels(app);
      expect(labels.get('no_budget'), lang).toBe(typed);
      for (const code of ['bad_timing', 'invalid_contact', 'other']) {
        // A catalogue still being translated falls back to English, like the app does.
        expect(labels.get(code), `${lang} ${code}`).toBe(messages[`reason.rejection.${code}`] ?? english.get(code));
      }
      if (lang === 'fa') await app.screenshot('i18n-data-3-picker-fa');
      await page.keyboard.press('Escape');
    }
    expect(app.problems).toEqual([]);
  });

  test('the lead drawer shows the stage history the app wrote in Polish, and text it did not write as stored', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const pl = catalogue('pl');
    const leadId = db.prepare(`SELECT lead_id FROM stage_events WHERE why = 'Opportunity opened' ORDER BY lead_id LIMIT 1`).pluck().get() as string;
    const lead = leadsService.get(db, leadId);
    expect(lead.stageEvents.map((e) => e.why)).toContain('Accepted');
    await openIn(app, 'pl', '/leads');
    const leads = new LeadsPage(page);
    await leads.waitForRows();
    await leads.typeSearch(lead.email ?? lead.name);
    await leads.row(leadId).waitFor({ state: 'visible' });
    const drawer = await leads.openRow(leadId);
    await drawer.waitLoaded();
    await expect.poll(() => drawer.stageEvents.count(), POLL).toBe(lead.stageEvents.length);
    const fixed: Record<string, string> = { Accepted: pl['stageWhy.accepted']!, 'Opportunity opened': pl['stageWhy.opportunityOpened']! };
    let translated = 0;
    for (const ev of lead.stageEvents) {
      if (!ev.why) continue;
      const shown = await drawer.root.locator(`li[data-stage-event-id="${ev.id}"] .why`).textContent();
      // A rejection's why is its reason's label, in the demo sometimes followed by ": comment".
      const reason = DEFAULT_REJECTION_REASONS.find((r) => ev.why === r.label || ev.why!.startsWith(`${r.label}: `));
      if (fixed[ev.why]) expect(shown, ev.why).toBe(fixed[ev.why]);
      else if (ev.toStage === 'rejected' && reason) expect(shown, ev.why).toContain(pl[`reason.rejection.${reason.code}`]);
      else if (!parseStageWhy(ev.why)) expect(shown, ev.why).toBe(ev.why);
      else expect(shown, ev.why).not.toBe(ev.why);
      if (shown !== ev.why) translated += 1;
    }
    expect(translated).toBeGreaterThanOrEqual(2);
    await drawer.root.locator('.drawer-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await app.screenshot('i18n-data-4-drawer-history-pl');
    expect(app.problems).toEqual([]);
  });
});
