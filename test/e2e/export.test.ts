import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect } from 'vitest';
import { countLeads, firstLeads, fmt } from './helpers/expected.js';
import { test } from './helpers/fixtures.js';
import { LeadsPage } from './helpers/pages.js';

const POLL = { timeout: 10_000, interval: 100 };

/** The exported CSV as records keyed by header (the BOM is for spreadsheets and is not part of the first header). */
function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
}

describe('leads export (browser harness, demo workspace)', () => {
  test('downloads the filtered leads, in the sort of the view, as CSV', async ({ app }) => {
    const { page } = app;
    await app.open('/leads');
    const leads = new LeadsPage(page);
    await leads.waitForRows();
    const country = firstLeads(app.ws.db, { column: 'createdAt', dir: 'desc' }, {}, 1)[0]!.country!;
    const filters = { country };
    const expectedCount = countLeads(app.ws.db, filters);
    await leads.filterCountry(country);
    await expect.poll(() => leads.count.textContent(), POLL).toBe(`${fmt(expectedCount)} matching leads`);
    await leads.sortBy('company');
    await expect.poll(() => leads.ariaSort('company'), POLL).toBe('ascending');
    await expect.poll(() => leads.isBusy(), POLL).toBe(false);

    const button = page.getByTestId('leads-export');
    expect(await button.textContent()).toBe('Export filtered CSV');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^leads-\d{8}-\d{6}\.csv$/);
    const rows = readCsv((await download.path())!);
    expect(rows.length).toBe(expectedCount);
    expect(new Set(rows.map((r) => r.Country))).toEqual(new Set([country]));
    const expected = firstLeads(app.ws.db, { column: 'company', dir: 'asc' }, filters, expectedCount);
    expect(rows.map((r) => r['LeadPact id'])).toEqual(expected.map((l) => l.id));
    await expect
      .poll(() => page.getByTestId('leads-export-status').textContent(), POLL)
      .toMatch(new RegExp(`^${fmt(expectedCount)} rows exported to leads-`));
    await app.screenshot('export-01-leads');

    // Without filters the whole list goes out.
    await leads.clearFilters();
    await expect.poll(() => button.textContent(), POLL).toBe('Export CSV');
    const [all] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(readCsv((await all.path())!).length).toBe(countLeads(app.ws.db));
    expect(app.problems).toEqual([]);
  });
});
