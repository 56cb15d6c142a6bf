import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import * as importHistory from '../../main/services/import/history.js';
import * as preferencesService from '../../main/services/preferences.js';
import { DATASETS, importFile, loadMapping } from '../helpers/import.js';
import { countLeads, fmt } from './helpers/expected.js';
import { test, type App } from './helpers/fixtures.js';
import { LeadsPage } from './helpers/pages.js';
import { DEMO_LEADS } from './helpers/workspace.js';
import { ImportPage } from './import-page.js';

const POLL = { timeout: 20_000, interval: 100 };
const dir = mkdtempSync(join(tmpdir(), 'leadpact-e2e-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of a real dataset with one data row (1-based) made bad in one column. */
function withBadRow(source: string, name: string, row: number, column: number, value: string): string {
  const lines = readFileSync(source, 'utf8').split('\n');
  const cells = lines[row]!.split(',');
  cells[column] = value;
  lines[row] = cells.join(',');
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
}

/** Real rows of a file, filtered: keep the header and the data rows `keep` accepts; `times` copies with ids made unique. */
function realRows(source: string, name: string, keep: (cells: string[]) => boolean, times = 1): string {
  const lines = readFileSync(source, 'utf8').replace(/\r\n/g, '\n').trimEnd().split('\n');
  const rows = lines.slice(1).filter((l) => keep(l.split(',')));
  const out = [lines[0]!];
  for (let k = 0; k < times; k++) for (const r of rows) out.push(k === 0 ? r : r.replace(/^([^,]*)/, `$1-${k}`));
  const path = join(dir, name);
  writeFileSync(path, out.join('\r\n') + '\r\n');
  return path;
}

/**
 * Open the Import area. Imports and uploads run in the test's own process (the harness) on a machine
 * shared with other work, so steps get a longer allowance than the fixture's default.
 */
async function openImport(app: App): Promise<ImportPage> {
  app.page.setDefaultTimeout(30_000);
  await app.open('/import');
  const imp = new ImportPage(app.page);
  await imp.wizard.waitFor({ state: 'visible' });
  return imp;
}

const OLIST = join(DATASETS, 'olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv');
const OLIST_ROWS = readFileSync(OLIST, 'utf8').trim().split('\n').length - 1;
const countScores = (app: App) => app.ws.db.prepare('SELECT count(*) FROM scores').pluck().get() as number;

describe('import wizard (browser harness, demo workspace)', () => {
  test('imports a real CSV with a saved mapping: preview, one rejected row, the valid rows, undo', async ({ app }) => {
    const { page } = app;
    const file = withBadRow(OLIST, 'olist mqls.csv', 5, 1, '2018-13-45');
    importHistory.savePreset(app.ws.db, 'Olist MQLs', loadMapping('olist-mqls.json'));
    const imp = await openImport(app);
    await imp.wizard.waitFor({ state: 'visible' });
    await imp.choosePreset('Olist MQLs');
    await expect.poll(() => page.getByTestId('preset-description').textContent()).toMatch(/saved in this workspace/);
    await app.screenshot('import-01-source');

    await imp.chooseFile(file);
    await imp.waitPreviewSettled();
    await expect.poll(() => page.getByTestId('mapping-preset').textContent()).toBe('Preset: Olist MQLs');
    expect(await page.getByTestId('detected-delimiter').textContent()).toMatch(/comma|,/i);
    expect(await page.getByTestId('file-encoding').inputValue()).toBe('auto');
    expect(await imp.row('mql_id').getAttribute('data-target')).toBe('externalId');
    expect(await imp.row('origin').getAttribute('data-target')).toBe('source');
    expect(await page.getByTestId('mapping-extras').textContent()).toContain('BR');
    expect(await imp.previewRows.count()).toBe(20);
    // Exactly one of the previewed rows is bad: row 5, with the reason on it.
    await expect.poll(() => imp.badPreviewRows.count(), POLL).toBe(1);
    expect(await imp.badPreviewRows.getAttribute('data-row')).toBe('5');
    expect(await imp.badPreviewRows.getByTestId('preview-row-error').textContent()).toMatch(/first_contact_date/);
    await app.screenshot('import-02-mapping');

    // The first run writes only if every row passes: it stops at the bad row and writes nothing.
    await imp.start();
    await imp.review.waitFor({ state: 'visible', timeout: 60_000 });
    expect(countLeads(app.ws.db)).toBe(DEMO_LEADS);
    expect(await imp.rejectedRows.count()).toBe(1);
    const cells = await imp.rejectedRows.first().locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual(['olist mqls.csv', '5', '6', 'first_contact_date', '2018-13-45']);
    expect(cells[5]).toBeTruthy();
    expect(await imp.counts(page.getByTestId('review-counts'))).toMatchObject({ read: OLIST_ROWS, rejected: 1 });
    // Nothing has been written: the counts say what would have been, not "Inserted".
    const reviewLabels = await page.getByTestId('review-counts').locator('dt').allTextContents();
    expect(reviewLabels).toEqual(['Read', 'Would insert', 'Would update', 'Would stay unchanged', 'Rejected']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('rejected-download').click(),
    ]);
    const errorsCsv = readFileSync((await download.path())!, 'utf8');
    expect(errorsCsv).toContain('2018-13-45');
    await app.screenshot('import-03-rejected');

    const scoresBefore = countScores(app);
    await page.getByTestId('import-valid').click();
    await imp.result.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await imp.result.getAttribute('data-status')).toBe('imported');
    expect(await imp.counts(imp.result)).toEqual({
      read: OLIST_ROWS,
      inserted: OLIST_ROWS - 1,
      updated: 0,
      unchanged: 0,
      rejected: 1,
    });
    expect(countLeads(app.ws.db)).toBe(DEMO_LEADS + OLIST_ROWS - 1);
    // The new leads are scored under the live version at once, not left at 0 until someone rescores.
    expect(await imp.result.getByTestId('import-scoring').textContent()).toMatch(
      new RegExp(`^${fmt(OLIST_ROWS - 1)} leads scored under v2: `),
    );
    expect(countScores(app)).toBe(scoresBefore + OLIST_ROWS - 1);
    await app.screenshot('import-04-result');

    // The leads are in the leads view: the count and the country the mapping set.
    await page.getByTestId('import-see').click();
    const leads = new LeadsPage(page);
    await leads.waitForRows();
    await expect.poll(() => leads.count.textContent(), POLL).toBe(`${fmt(DEMO_LEADS + OLIST_ROWS - 1)} leads`);
    const demoInBrazil = countLeads(app.ws.db, { country: 'BR' }) - (OLIST_ROWS - 1);
    await leads.filterCountry('BR');
    await expect
      .poll(() => leads.count.textContent(), POLL)
      .toBe(`${fmt(demoInBrazil + OLIST_ROWS - 1)} matching leads`);
    await app.screenshot('import-05-leads');

    // Undo from the history, after a confirmation.
    await app.open('/import/history');
    const row = imp.historyRow('olist mqls.csv');
    await row.waitFor({ state: 'visible' });
    expect(await row.getByTestId('history-inserted').textContent()).toBe(fmt(OLIST_ROWS - 1));
    expect(await row.getByTestId('history-rejected').textContent()).toBe('1');
    expect(await row.getByTestId('history-mapping').textContent()).toBe('Olist MQLs');
    await app.screenshot('import-06-history');
    await row.getByTestId('history-undo').click();
    const dialog = page.getByTestId('undo-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toContain(fmt(OLIST_ROWS - 1));
    await app.screenshot('import-07-undo-confirm');
    await dialog.getByTestId('confirm-ok').click();
    await expect.poll(() => row.getAttribute('data-status'), POLL).toBe('undone');
    expect(countLeads(app.ws.db)).toBe(DEMO_LEADS);
    await app.screenshot('import-08-undone');
    await page.getByTestId('nav-leads').click();
    await expect.poll(() => leads.count.textContent(), POLL).toBe(`${fmt(DEMO_LEADS)} leads`);
    expect(app.problems).toEqual([]);
  });

  test('asks whether day or month comes first when the dates cannot tell, and reads them as answered', async ({
    app,
  }) => {
    const { page } = app;
    // MarketStar's opportunities with a created date whose day and month are both 12 or less (1/11/2021).
    const file = realRows(
      join(DATASETS, 'marketstar-sdr-funnel/Opportunities.csv'),
      'opportunities as leads.csv',
      (c) => {
        const [m, d] = (c[1] ?? '').split('/').map(Number);
        return m! <= 12 && d! <= 12;
      },
    );
    const imp = await openImport(app);
    await imp.chooseKind('leads');
    await imp.chooseFile(file);
    expect(await page.getByTestId('mapping-preset').textContent()).toBe('Suggested from the column names');
    // Suggested from the header: CreatedDate is the creation date; nothing names the lead yet.
    expect(await imp.row('CreatedDate').getAttribute('data-target')).toBe('createdAt');
    expect(await page.getByTestId('mapping-problems').textContent()).toMatch(/External id or Email/);
    const question = imp.row('CreatedDate').getByTestId('date-question');
    await question.waitFor({ state: 'visible' });
    expect(await question.textContent()).toMatch(/Day and month can't be told apart \(1\/11\/2021/);
    expect(await page.getByTestId('import-start').isDisabled()).toBe(true);
    await app.screenshot('import-10-date-question');

    await imp.mapColumn('OpportunityId', 'externalId');
    // Its owners are employee numbers, which name no LeadPact user: said before anything is written.
    await imp.mapColumn('OwnerEmployeeId', 'owner');
    const unknownOwners = page.getByTestId('mapping-unknown-users');
    await expect.poll(() => unknownOwners.textContent(), POLL).toMatch(/^\d+ values of “OwnerEmployeeId” match no LeadPact user and will be left empty: “\d+”/);
    await question.getByTestId('date-answer-mdy').click();
    await expect.poll(() => question.count()).toBe(0);
    expect(await imp.row('CreatedDate').textContent()).toContain('Month first');
    await imp.waitPreviewSettled();
    expect(await imp.badPreviewRows.count()).toBe(0);
    await app.screenshot('import-11-date-answered');
    await imp.start();
    await imp.result.waitFor({ state: 'visible', timeout: 60_000 });
    const rows = readFileSync(file, 'utf8').trim().split('\n').length - 1;
    expect(await imp.counts(imp.result)).toMatchObject({ read: rows, inserted: rows, rejected: 0 });
    // Opportunity 1 was created on 1/11/2021: month first is 11 January, not 1 November.
    const first = app.ws.db.prepare('SELECT created_at AS t FROM leads WHERE external_id = ?').get('1') as {
      t: number;
    };
    expect(Math.abs(first.t - Date.UTC(2021, 0, 11))).toBeLessThan(36 * 3_600_000);
    expect(app.problems).toEqual([]);
  });

  test('cancels a running import: nothing is written and the mapping is as it was', async ({ app }) => {
    const { page } = app;
    // The MarketStar leads, ten times over with distinct ids: long enough to cancel half way.
    const file = realRows(
      join(DATASETS, 'marketstar-sdr-funnel/Leads.csv'),
      'marketstar leads x10.csv',
      () => true,
      10,
    );
    importHistory.savePreset(app.ws.db, 'MarketStar leads', loadMapping('marketstar-leads.json'));
    const imp = await openImport(app);
    await imp.choosePreset('MarketStar leads');
    await imp.chooseFile(file);
    await imp.waitPreviewSettled();
    await imp.start();
    await imp.progress.waitFor({ state: 'visible' });
    expect(await page.getByTestId('import-progress-status').textContent()).toMatch(/marketstar leads x10\.csv/);
    await app.screenshot('import-20-running');
    // Cancel at once: whether the worker is still starting or half way, nothing may be written.
    await page.getByTestId('import-cancel').click();
    await imp.notice.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await imp.notice.textContent()).toBe('Import cancelled; nothing was changed.');
    expect(await page.getByTestId('mapping-preset').textContent()).toBe('Preset: MarketStar leads');
    expect(countLeads(app.ws.db)).toBe(DEMO_LEADS);
    expect(importHistory.history(app.ws.db, 10)).toEqual([]);
    await app.screenshot('import-21-cancelled');
    expect(app.problems).toEqual([]);
  });

  test('overrides the detected delimiter, sets a column’s options by keyboard and saves the mapping as a preset', async ({
    app,
  }) => {
    const { page } = app;
    const imp = await openImport(app);
    // An empty file is refused before anything is sent.
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await page.getByTestId('import-file').setInputFiles(empty);
    expect(await page.getByTestId('upload-error').textContent()).toBe('empty.csv is empty.');

    await imp.chooseFile(join(DATASETS, 'x-education-lead-scoring/Leads.csv'));
    expect(await imp.row('Prospect ID').getAttribute('data-target')).toBe('externalId');
    // The export names countries; criteria compare codes, and the mapping says what it will store.
    expect(await imp.row('Country').getAttribute('data-target')).toBe('country');
    expect(await imp.row('Country').getByTestId('mapping-country-codes').textContent()).toBe(
      'Stored as country codes, which criteria compare: “India” → IN, “Russia” → RU, and “Kuwait” → KW.',
    );
    expect(await imp.row('Country').getByTestId('mapping-not-countries').count()).toBe(0);
    await imp.row('Country').scrollIntoViewIfNeeded();
    await app.screenshot('import-29-country-codes');
    expect(await imp.preview.locator('thead th').count()).toBe(2 + 37);
    // Read with the wrong delimiter the file does not parse: the error is shown, and "detected" brings it back.
    await page.getByTestId('file-delimiter').selectOption(';');
    await imp.mapping.getByTestId('error-state').waitFor({ state: 'visible' });
    expect(await imp.mapping.getByTestId('error-state').textContent()).toMatch(
      /line 24: a quote appears inside an unquoted field/,
    );
    await app.screenshot('import-30-wrong-delimiter');
    await page.getByTestId('file-delimiter').selectOption('auto');
    await imp.mapping.getByTestId('error-state').waitFor({ state: 'detached' });
    // Without a header the columns are numbered; with it again, the user's choices are still there.
    await imp.mapColumn('Lead Origin', 'ignore');
    await page.getByTestId('file-header').selectOption('no');
    await imp.row('Column 1').waitFor({ state: 'visible' });
    await imp.waitPreviewSettled();
    expect(await imp.previewRows.first().textContent()).toContain('Prospect ID');
    await page.getByTestId('file-header').selectOption('auto');
    await imp.row('Prospect ID').waitFor({ state: 'visible' });
    expect(await imp.row('Lead Origin').getAttribute('data-target')).toBe('ignore');
    expect(await imp.row('Prospect ID').getAttribute('data-target')).toBe('externalId');

    // Column options through the keyboard: focus the button, Enter opens, the form saves on Enter.
    await imp.row('TotalVisits').getByTestId('mapping-options').focus();
    await page.keyboard.press('Enter');
    const options = page.getByTestId('column-options');
    await options.waitFor({ state: 'visible' });
    await options.getByTestId('options-type').selectOption('integer');
    await options.getByTestId('options-missing').fill('Select, N/A');
    await app.screenshot('import-31-column-options');
    await options.getByTestId('options-missing').press('Enter');
    await options.waitFor({ state: 'hidden' });
    expect(await imp.row('TotalVisits').textContent()).toContain('Whole number');
    expect(await imp.row('TotalVisits').textContent()).toContain('Missing: Select, N/A');
    await imp.waitPreviewSettled();

    await page.getByTestId('save-preset-name').fill('X Education (ours)');
    await page.getByTestId('save-preset-submit').click();
    await expect
      .poll(() => page.getByTestId('save-preset-done').textContent(), POLL)
      .toBe('Saved as "X Education (ours)".');
    const saved = importHistory.presets(app.ws.db).find((p) => p.name === 'X Education (ours)');
    const visits = saved?.mapping?.fields.find((f) => 'column' in f && f.column === 'TotalVisits');
    expect(visits).toMatchObject({ transform: { type: 'integer', missing: ['Select', 'N/A'] } });
    await app.screenshot('import-32-saved-preset');
    expect(app.problems).toEqual([]);
  });

  test('imports outcomes: each row finds its lead, and the stage values are mapped to won, lost and open', async ({
    app,
  }) => {
    const { page } = app;
    const pipeline = join(DATASETS, 'maven-crm-sales-opportunities/sales_pipeline.csv');
    // The opportunities' leads first (the file names no contact: each opportunity is its own lead).
    const leadsRun = await importFile(app.ws.db, pipeline, loadMapping('maven-pipeline-leads.json'));
    expect(leadsRun.status).toBe('imported');
    const imp = await openImport(app);
    await imp.chooseKind('outcomes');
    await imp.chooseFile(pipeline);
    expect(await imp.row('deal_stage').getAttribute('data-target')).toBe('result');
    expect(await page.getByTestId('mapping-problems').textContent()).toMatch(/Lead: external id or Lead: email/);
    // The lead's id is the opportunity id with the prefix the leads were imported with.
    await imp.mapColumn('opportunity_id', 'lead.externalId');
    await imp.row('opportunity_id').getByTestId('mapping-options').click();
    const options = page.getByTestId('column-options');
    await options.getByTestId('options-prefix').fill('mv-');
    await options.getByTestId('options-save').click();
    // The same column is also the outcome's own id, so importing the file again updates rather than duplicates.
    await page.getByTestId('extra-source').selectOption('opportunity_id');
    await page.getByTestId('extra-target').selectOption('externalId');
    await page.getByTestId('extra-add').click();
    expect(await page.getByTestId('mapping-extras').textContent()).toContain(
      'Opportunity id from column opportunity_id',
    );
    expect(await imp.row('opportunity_id').textContent()).toContain('Also goes to Opportunity id');
    await imp.waitPreviewSettled();
    // "Won" and "Lost" are results in any case; "Engaging" (one of the first 20 rows) is not until mapped.
    await expect.poll(() => imp.badPreviewRows.count(), POLL).toBe(1);
    expect(await imp.badPreviewRows.first().textContent()).toMatch(
      /"Engaging" is not one of the allowed values \(open, won, or lost\)/,
    );
    await imp.row('deal_stage').getByTestId('mapping-options').click();
    const map = options.getByTestId('options-values');
    // Every value of the whole file, most rows first, with its count: "Prospecting" first appears
    // after the rows the samples come from.
    const stages = readFileSync(pipeline, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[4]);
    const count = (v: string) => stages.filter((x) => x === v).length;
    expect(await map.locator('.value-map-from').allTextContents()).toEqual([
      `Won (${fmt(count('Won'))} rows)`,
      `Lost (${fmt(count('Lost'))} rows)`,
      `Engaging (${fmt(count('Engaging'))} rows)`,
      `Prospecting (${fmt(count('Prospecting'))} rows)`,
      'Any other value',
    ]);
    await map.getByRole('combobox', { name: /^Engaging/ }).selectOption('open');
    await map.getByRole('combobox', { name: /^Prospecting/ }).selectOption('open');
    await app.screenshot('import-40-value-map');
    await options.getByTestId('options-save').click();
    await imp.waitPreviewSettled();
    await expect.poll(() => imp.badPreviewRows.count(), POLL).toBe(0);
    await app.screenshot('import-41-outcomes-mapped');
    await imp.start();
    await imp.result.waitFor({ state: 'visible', timeout: 60_000 });
    const rows = readFileSync(pipeline, 'utf8').trim().split('\n').length - 1;
    expect(await imp.counts(imp.result)).toMatchObject({ read: rows, inserted: rows, rejected: 0 });
    const won = app.ws.db
      .prepare(
        "SELECT count(*) AS n FROM outcomes o JOIN leads l ON l.id = o.lead_id WHERE l.external_id LIKE 'mv-%' AND o.result = 'won'",
      )
      .get() as { n: number };
    const wonInFile = readFileSync(pipeline, 'utf8')
      .split('\n')
      .filter((l) => l.split(',')[4] === 'Won').length;
    expect(won.n).toBe(wonInFile);
    const first = app.ws.db.prepare('SELECT result FROM outcomes WHERE external_id = ?').get('1C1I7A6R') as {
      result: string;
    };
    expect(first.result).toBe('won');
    expect(app.problems).toEqual([]);
  });

  test('says what it detected and why a cell is bad in the UI language: Czech, then Persian', async ({ app }) => {
    const { page } = app;
    // Nine leads, one with a head count that is no number.
    const rows = Array.from({ length: 9 }, (_, i) => `${i + 1},l${i + 1}@x.io,${i === 3 ? 'many' : 10 * (i + 1)},2024-03-0${i + 1}`);
    const file = join(dir, 'leads cs.csv');
    writeFileSync(file, ['id,email,employees,created', ...rows].join('\n') + '\n');

    preferencesService.set(app.ws.db, { language: 'cs' });
    let imp = await openImport(app);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('cs');
    await imp.chooseKind('leads');
    await imp.chooseFile(file);
    await imp.waitPreviewSettled();
    expect(await page.getByTestId('detected-encoding').textContent()).toBe('platné UTF-8');
    expect(await page.getByTestId('detected-delimiter').textContent()).toBe('Čárka (,): 4 pole v 10 z 10 zkoumaných záznamů');
    expect(await page.getByTestId('detected-header').textContent()).toBe('první záznam je text nad sloupci s čísly nebo daty');
    await expect.poll(() => imp.badPreviewRows.count(), POLL).toBe(1);
    expect(await imp.badPreviewRows.getByTestId('preview-row-error').textContent()).toBe('employees: „many“ není číslo');
    await app.screenshot('import-60-cs-reasons');
    // The run stops at the bad row; the rejected list says why in Czech too (the errors CSV stays English).
    await imp.start();
    await imp.review.waitFor({ state: 'visible', timeout: 60_000 });
    const cells = await imp.rejectedRows.first().locator('td').allTextContents();
    expect(cells.slice(3)).toEqual(['employees', 'many', '„many“ není číslo']);
    await app.screenshot('import-61-cs-rejected');

    preferencesService.set(app.ws.db, { language: 'fa' });
    imp = await openImport(app);
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await imp.chooseKind('leads');
    await imp.chooseFile(file);
    await imp.waitPreviewSettled();
    expect(await page.getByTestId('detected-encoding').textContent()).toBe('UTF-8 معتبر');
    expect(await page.getByTestId('detected-delimiter').textContent()).toBe('کاما (,): ۴ فیلد در ۱۰ از ۱۰ رکورد نمونه');
    await expect.poll(() => imp.badPreviewRows.count(), POLL).toBe(1);
    expect(await imp.badPreviewRows.getByTestId('preview-row-error').textContent()).toBe('employees: «many» عدد نیست');
    await imp.badPreviewRows.scrollIntoViewIfNeeded();
    await app.screenshot('import-62-fa-reasons');
    expect(app.problems).toEqual([]);
  });

  test('recognises a HubSpot contacts export and a Salesforce opportunities report by their columns', async ({
    app,
  }) => {
    const { page } = app;
    // The project's CRM-export generator (HubSpot-style contacts, a Salesforce-style opportunities report).
    const out = join(dir, 'crm-export');
    execFileSync(process.execPath, [
      '/work/shared/bench/make-crm-export.mjs',
      out,
      '--leads',
      '400',
      '--touchpoints',
      '10',
    ]);
    const imp = await openImport(app);
    await imp.chooseFile(join(out, 'contacts.csv'));
    expect(await page.getByTestId('mapping-preset').textContent()).toBe('Preset: HubSpot contacts export');
    expect(await page.getByTestId('mapping-extras').textContent()).toContain('{First Name} {Last Name}');
    expect(await imp.row('First Name').textContent()).toContain('Used in Name');
    await imp.waitPreviewSettled();
    await app.screenshot('import-50-hubspot');
    await imp.start();
    await imp.result.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await imp.counts(imp.result)).toMatchObject({ read: 400, inserted: 400, rejected: 0 });

    await page.getByTestId('import-again').click();
    await imp.chooseKind('outcomes');
    await imp.chooseFile(join(out, 'opportunities.csv'));
    expect(await page.getByTestId('mapping-preset').textContent()).toBe('Preset: Salesforce opportunities report');
    expect(await imp.row('Stage').textContent()).toContain('3 values mapped');
    await imp.waitPreviewSettled();
    expect(await imp.badPreviewRows.count()).toBe(0);
    await imp.start();
    await imp.result.waitFor({ state: 'visible', timeout: 60_000 });
    const opportunities = readFileSync(join(out, 'opportunities.csv'), 'utf8').trim().split('\n').length - 1;
    expect(await imp.counts(imp.result)).toMatchObject({ read: opportunities, inserted: opportunities, rejected: 0 });
    await app.screenshot('import-51-salesforce-result');
    await imp.gotoHistory();
    expect(await imp.history.locator('tr[data-testid="history-row"]').count()).toBe(2);
    // Undoing the contacts would orphan the outcomes imported since: the server says so, and the user may insist.
    const contacts = imp.historyRow('contacts.csv');
    await contacts.getByTestId('history-undo').click();
    const dialog = page.getByTestId('undo-dialog');
    await dialog.getByTestId('confirm-ok').click();
    await expect
      .poll(() => dialog.getByTestId('undo-conflict').textContent(), POLL)
      .toMatch(/Outcomes of leads it added: 40 rows/);
    expect(await dialog.getByTestId('confirm-ok').textContent()).toBe('Undo anyway');
    expect(countLeads(app.ws.db)).toBe(DEMO_LEADS + 400);
    await app.screenshot('import-52-undo-conflict');
    await dialog.getByTestId('confirm-ok').click();
    await expect.poll(() => contacts.getAttribute('data-status'), POLL).toBe('undone');
    expect(countLeads(app.ws.db)).toBe(DEMO_LEADS);
    expect(app.problems).toEqual([]);
  });

  test('warns before the run that leads get today’s date, and lists every country that is none after it', async ({
    app,
  }) => {
    const { page } = app;
    const xed = join(DATASETS, 'x-education-lead-scoring/Leads.csv');
    const rows = readFileSync(xed, 'utf8').trim().split('\n').length - 1;
    importHistory.savePreset(app.ws.db, 'X Education leads', loadMapping('x-education-leads.json'));
    const imp = await openImport(app);
    await imp.choosePreset('X Education leads');
    await imp.chooseFile(xed);
    await imp.waitPreviewSettled();
    // Nothing goes to Created at: said in the mapping step, before anything is written.
    expect(await page.getByTestId('mapping-no-created').textContent()).toBe(
      "No column is mapped to Created at: leads will be dated today, which puts them all in this month's cohort. Leads already in the workspace keep their date.",
    );
    // "unknown" and "Asia/Pacific Region" are past the preview's sample rows: the mapping step cannot list them.
    await app.screenshot('import-60-no-created-at');
    await imp.start();
    await imp.result.waitFor({ state: 'visible', timeout: 90_000 });
    expect(await imp.counts(imp.result)).toMatchObject({ read: rows, inserted: rows, rejected: 0 });
    expect(await imp.result.getByTestId('note-undated').textContent()).toBe(
      `${fmt(rows)} new leads have no creation date in the file and were dated at the import's time, in this month's cohort.`,
    );
    expect(await imp.result.getByTestId('note-country').allTextContents()).toEqual([
      '“unknown” (5 rows)',
      '“Asia/Pacific Region” (2 rows)',
    ]);
    expect(await imp.result.getByTestId('note-countries').textContent()).toMatch(
      /^2 country values name no country and were stored as written/,
    );
    // Said once, in the UI language: not again as main's English warning.
    expect(await imp.result.getByTestId('import-warnings').count()).toBe(0);
    expect(app.ws.db.prepare(`SELECT count(*) FROM leads WHERE country = 'unknown'`).pluck().get()).toBe(5);
    await app.screenshot('import-61-notes');
    expect(app.problems).toEqual([]);
  });

  test('says which columns a chosen preset expects that the file lacks, and offers the suggested mapping', async ({
    app,
  }) => {
    const { page } = app;
    const pipeline = join(DATASETS, 'maven-crm-sales-opportunities/sales_pipeline.csv');
    // A few real rows: a file under a kilobyte, whose size is said in bytes.
    const small = realRows(pipeline, 'few deals.csv', (c) => ['1C1I7A6R', 'Z063OYW0', 'EC4QE1BX'].includes(c[0]!));
    const size = statSync(small).size;
    expect(size).toBeLessThan(1024);
    const imp = await openImport(app);
    await imp.chooseKind('outcomes');
    await imp.choosePreset('Salesforce opportunities report');
    await imp.chooseFile(small);
    expect(await page.getByTestId('import-file-summary').textContent()).toMatch(new RegExp(`^${size} bytes · `));
    const mismatch = page.getByTestId('preset-mismatch');
    await mismatch.waitFor({ state: 'visible' });
    expect(await mismatch.getAttribute('data-fit')).toBe('none');
    expect(await mismatch.textContent()).toMatch(
      /^The file's columns do not match the preset Salesforce opportunities report: none of the columns it expects is in the file \(.*“Opportunity ID”.*\)/,
    );
    expect(await imp.row('deal_stage').getAttribute('data-target')).toBe('ignore');
    await app.screenshot('import-70-preset-mismatch');
    await mismatch.getByTestId('preset-use-suggested').click();
    await expect.poll(() => imp.row('deal_stage').getAttribute('data-target'), POLL).toBe('result');
    expect(await page.getByTestId('mapping-preset').textContent()).toBe('Suggested from the column names');
    expect(await page.getByTestId('preset-mismatch').count()).toBe(0);
    await imp.waitPreviewSettled();
    await app.screenshot('import-71-suggested-instead');
    expect(app.problems).toEqual([]);
  });
});
