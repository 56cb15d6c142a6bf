import { describe, expect } from 'vitest';
import * as leadsService from '../../main/services/leads.js';
import { commonSurname, countLeads, firstLeads, fmt } from './helpers/expected.js';
import { test } from './helpers/fixtures.js';
import { LeadDrawer, LeadsPage } from './helpers/pages.js';
import { DEMO_LEADS } from './helpers/workspace.js';
import { firstRowProbe } from './helpers/first-row-probe.js';

const POLL = { timeout: 10_000, interval: 100 };
const NEWEST_FIRST = { column: 'createdAt', dir: 'desc' } as const;

describe('leads view (browser harness, demo workspace)', () => {
  test('opens the demo workspace and lists its leads, newest first', async ({ app }) => {
    const { page } = app;
    await page.addInitScript(firstRowProbe);
    await app.open();
    const leads = new LeadsPage(page);
    await leads.waitForRows();

    const firstRowMs = await page
      .waitForFunction(() => (window as unknown as { __lpFirstRow?: number }).__lpFirstRow)
      .then((h) => h.jsonValue());
    const nav = await page.evaluate(() => {
      const e = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return e
        ? { responseEnd: e.responseEnd, domContentLoaded: e.domContentLoadedEventEnd, load: e.loadEventEnd }
        : null;
    });
    console.log(
      `[e2e] leads view first render: ${Math.round(Number(firstRowMs))} ms from navigation start to the first row visible` +
        (nav
          ? ` (HTML received ${Math.round(nav.responseEnd)} ms, DOMContentLoaded ${Math.round(nav.domContentLoaded)} ms)`
          : ''),
    );

    // The token has left the address bar (kept for this tab only), and calls still work.
    expect(page.url()).not.toContain('token=');
    await expect
      .poll(() => page.getByTestId('workspace-lead-count').textContent(), POLL)
      .toBe(`${fmt(DEMO_LEADS)} leads`);
    expect(await page.getByTestId('workspace-name').textContent()).toBe('Acme demo');
    expect(await leads.count.textContent()).toBe(`${fmt(DEMO_LEADS)} leads`);
    await expect.poll(() => leads.footer.textContent(), POLL).toBe(`Showing 100 of ${fmt(DEMO_LEADS)} rows`);
    expect(await leads.ariaSort('createdAt')).toBe('descending');

    const expected = firstLeads(app.ws.db, NEWEST_FIRST, {}, 12);
    const shown = await leads.visibleRows();
    expect(shown.slice(0, 12).map((r) => r.id)).toEqual(expected.map((r) => r.id));
    for (const [i, row] of expected.slice(0, 5).entries()) {
      expect(shown[i]?.cells.name).toBe(row.name);
      expect(shown[i]?.cells.company).toBe(row.company);
      expect(shown[i]?.cells.country).toBe(row.country);
    }
    // Virtualised: only a window of rows is in the DOM.
    expect(await leads.renderedRowCount()).toBeLessThan(60);

    await app.screenshot('leads-view');
    expect(app.problems).toEqual([]);
  });

  test('clicking a column header sorts on the server, both ways', async ({ app }) => {
    await app.open();
    const leads = new LeadsPage(app.page);
    await leads.waitForRows();
    const { db } = app.ws;
    const ids = async (n: number) => (await leads.visibleIds()).slice(0, n);

    await leads.sortBy('company');
    await expect.poll(() => leads.ariaSort('company'), POLL).toBe('ascending');
    expect(await leads.ariaSort('createdAt')).toBeNull();
    const byCompany = firstLeads(db, { column: 'company', dir: 'asc' }, {}, 15);
    await expect.poll(() => ids(15), POLL).toEqual(byCompany.map((r) => r.id));
    const companies = (await leads.visibleRows()).map((r) => r.cells.company ?? '');
    expect(companies).toEqual([...companies].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));

    await leads.sortBy('company');
    await expect.poll(() => leads.ariaSort('company'), POLL).toBe('descending');
    const byCompanyDesc = firstLeads(db, { column: 'company', dir: 'desc' }, {}, 15);
    await expect.poll(() => ids(15), POLL).toEqual(byCompanyDesc.map((r) => r.id));

    // Numbers start with the largest first.
    await leads.sortBy('employees');
    await expect.poll(() => leads.ariaSort('employees'), POLL).toBe('descending');
    const byEmployees = firstLeads(db, { column: 'employees', dir: 'desc' }, {}, 15);
    await expect.poll(() => ids(15), POLL).toEqual(byEmployees.map((r) => r.id));
    const employees = (await leads.visibleRows()).map((r) => Number((r.cells.employees ?? '').replaceAll(',', '')));
    for (let i = 1; i < employees.length; i++) expect(employees[i]).toBeLessThanOrEqual(employees[i - 1]!);

    await app.screenshot('leads-sorted');
    expect(app.problems).toEqual([]);
  });

  test('filters by country, text and dates on the server: every row matches and the count follows', async ({ app }) => {
    await app.open();
    const leads = new LeadsPage(app.page);
    await leads.waitForRows();
    const { db } = app.ws;
    const facets = leadsService.facets(db);
    const country = facets.countries.includes('DE') ? 'DE' : facets.countries[0]!;

    // Country.
    const inCountry = countLeads(db, { country });
    expect(inCountry).toBeGreaterThan(0);
    expect(inCountry).toBeLessThan(DEMO_LEADS);
    await leads.filterCountry(country);
    await expect.poll(() => leads.count.textContent(), POLL).toBe(`${fmt(inCountry)} matching leads`);
    await expect
      .poll(async () => (await leads.visibleIds()).slice(0, 10), POLL)
      .toEqual(firstLeads(db, NEWEST_FIRST, { country }, 10).map((r) => r.id));
    const countryRows = await leads.visibleRows();
    expect(countryRows.length).toBeGreaterThan(0);
    for (const r of countryRows) expect(r.cells.country).toBe(country);

    // Text search on top (debounced), word-prefix over name, email, company and job title.
    const term = commonSurname(db, country);
    const both = countLeads(db, { country, q: term });
    expect(both).toBeGreaterThan(0);
    expect(both).toBeLessThan(inCountry);
    await leads.typeSearch(term);
    await expect
      .poll(() => leads.count.textContent(), POLL)
      .toBe(`${fmt(both)} matching ${both === 1 ? 'lead' : 'leads'}`);
    await expect
      .poll(() => leads.footer.textContent(), POLL)
      .toBe(`Showing ${fmt(Math.min(both, 100))} of ${fmt(both)} ${both === 1 ? 'row' : 'rows'}`);
    const found = await leads.visibleRows();
    expect(found.map((r) => r.id)).toEqual(
      firstLeads(db, NEWEST_FIRST, { country, q: term }, found.length).map((r) => r.id),
    );
    for (const r of found) {
      expect(r.cells.country).toBe(country);
      const lead = leadsService.get(db, r.id);
      const haystack = [lead.name, lead.email, lead.company, lead.jobTitle].join(' ').toLowerCase();
      expect(haystack).toContain(term.toLowerCase());
    }
    await app.screenshot('leads-filtered');

    // Created from/to (whole days, the browser's time zone: UTC here), on its own.
    await leads.clearFilters();
    await expect.poll(() => leads.count.textContent(), POLL).toBe(`${fmt(DEMO_LEADS)} leads`);
    await leads.filterCreated('2026-03-01', '2026-03-31');
    const march = { createdFrom: Date.UTC(2026, 2, 1), createdTo: Date.UTC(2026, 3, 1) };
    const inMarch = countLeads(db, march);
    expect(inMarch).toBeGreaterThan(0);
    await expect.poll(() => leads.count.textContent(), POLL).toBe(`${fmt(inMarch)} matching leads`);
    await expect
      .poll(async () => (await leads.visibleIds()).slice(0, 10), POLL)
      .toEqual(firstLeads(db, NEWEST_FIRST, march, 10).map((r) => r.id));
    for (const r of await leads.visibleRows()) {
      const at = Date.parse(r.createdIso ?? '');
      expect(at).toBeGreaterThanOrEqual(march.createdFrom);
      expect(at).toBeLessThan(march.createdTo);
    }
    expect(app.problems).toEqual([]);
  });

  test('shows an empty state when a filter matches nothing, and clearing brings the rows back', async ({ app }) => {
    await app.open();
    const leads = new LeadsPage(app.page);
    await leads.waitForRows();
    await leads.typeSearch('zzqxjvw');
    await leads.empty.waitFor({ state: 'visible' });
    expect(await leads.empty.textContent()).toContain('No leads match these filters');
    await expect.poll(() => leads.count.textContent(), POLL).toBe('No matching leads');
    expect(await leads.footer.textContent()).toBe('Showing 0 of 0 rows');
    expect(await leads.renderedRowCount()).toBe(0);
    await app.screenshot('leads-empty-filter');

    await leads.empty.getByRole('button', { name: 'Clear filters' }).click();
    await leads.waitForRows();
    await expect.poll(() => leads.count.textContent(), POLL).toBe(`${fmt(DEMO_LEADS)} leads`);
    expect(await leads.search.inputValue()).toBe('');
    expect(app.problems).toEqual([]);
  });

  test('says so, with a retry, when the app behind the page has gone away', async ({ app }) => {
    await app.open();
    const leads = new LeadsPage(app.page);
    await leads.waitForRows();
    await app.harness.close();
    await leads.typeSearch('Fischer');
    const error = leads.table.getByTestId('error-state');
    await error.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await error.textContent()).toContain('LeadPact cannot be reached');
    expect(await error.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await app.screenshot('leads-error');
    // Only the refused requests were reported; nothing crashed.
    expect(app.problems.filter((p) => !/ERR_CONNECTION_REFUSED|Failed to fetch/.test(p))).toEqual([]);
  });

  test('scrolling deep loads further pages through keyset cursors, in order', async ({ app }) => {
    await app.open();
    const leads = new LeadsPage(app.page);
    await leads.waitForRows();
    await expect.poll(() => leads.loadedCount(), POLL).toBe(100);

    const seen = [100];
    for (let i = 0; i < 8 && seen[seen.length - 1]! < 500; i++) {
      const before = seen[seen.length - 1]!;
      await leads.scrollToEnd();
      await expect.poll(() => leads.loadedCount(), POLL).toBeGreaterThan(before);
      seen.push(await leads.loadedCount());
      // However far we scroll, the DOM holds a window of rows, not all of them.
      expect(await leads.renderedRowCount()).toBeLessThan(80);
    }
    expect(seen.at(-1)).toBeGreaterThanOrEqual(500);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);

    // The deep rows on screen are exactly the server's rows at those positions.
    const all = firstLeads(app.ws.db, NEWEST_FIRST, {}, seen.at(-1)!);
    const visible = await leads.visibleRows();
    expect(visible.length).toBeGreaterThan(5);
    expect(visible[0]!.index).toBeGreaterThan(300);
    for (const r of visible) expect(r.id).toBe(all[r.index]?.id);
    expect(app.problems).toEqual([]);
  });

  test('a lead opens in a drawer with its attributes, touchpoints and stage history from the database', async ({
    app,
  }) => {
    await app.open();
    const { page } = app;
    const leads = new LeadsPage(page);
    await leads.waitForRows();
    const { db } = app.ws;

    // Won leads have the longest histories.
    const wonCount = countLeads(db, { stages: ['won'] });
    expect(wonCount).toBeGreaterThan(0);
    await leads.filterStages(['Won']);
    await expect
      .poll(() => leads.count.textContent(), POLL)
      .toBe(`${fmt(wonCount)} matching ${wonCount === 1 ? 'lead' : 'leads'}`);
    await expect.poll(async () => (await leads.visibleRows()).every((r) => r.cells.stage === 'Won'), POLL).toBe(true);

    const [first, second] = await leads.visibleIds();
    const lead = leadsService.get(db, first!);
    expect(lead.touchpoints.length).toBeGreaterThan(0);
    expect(lead.stageEvents.length).toBeGreaterThan(1);

    const drawer = await leads.openRow(first!);
    await drawer.waitLoaded();
    expect(await drawer.name.textContent()).toBe(lead.name);
    expect(await drawer.field('email')).toBe(lead.email ?? '–');
    expect(await drawer.field('company')).toBe(lead.company);
    expect(await drawer.field('country')).toContain(lead.country);
    expect(await drawer.field('jobTitle')).toBe(lead.jobTitle ?? '–');
    expect(await drawer.field('firstOffer')).toBe(lead.firstOfferName ?? '–');
    expect(await drawer.field('externalId')).toBe(lead.externalId ?? '–');
    for (const [key, value] of Object.entries(lead.attributes)) {
      if (typeof value === 'string') expect(await drawer.field(`attr:${key}`)).toBe(value);
    }

    expect(await drawer.touchpointIds()).toEqual(lead.touchpoints.map((t) => t.id));
    for (const [i, tp] of lead.touchpoints.entries()) {
      const text = (await drawer.touchpoints.nth(i).textContent()) ?? '';
      // The type shows in the UI language; the stored value is on data-type.
      expect(await drawer.touchpoints.nth(i).locator('.tp-type').getAttribute('data-type')).toBe(tp.type);
      if (tp.offerName) expect(text).toContain(tp.offerName);
      if (tp.campaignName) expect(text).toContain(tp.campaignName);
      // The channel too shows in the UI language (paid_search: Paid search); the stored value is on data-channel.
      if (tp.channel) expect(await drawer.touchpoints.nth(i).locator('.tp-channel').getAttribute('data-channel')).toBe(tp.channel);
    }
    expect(await drawer.stageEventIds()).toEqual(lead.stageEvents.map((e) => e.id));
    for (const [i, ev] of lead.stageEvents.entries()) {
      const item = drawer.stageEvents.nth(i);
      expect(await item.getAttribute('data-to-stage')).toBe(ev.toStage);
      const text = (await item.textContent()) ?? '';
      // The why shows in the UI language (its dates formatted); the stored text is on data-why.
      if (ev.why) expect(await item.locator('.why').getAttribute('data-why')).toBe(ev.why);
      if (ev.byName) expect(text).toContain(ev.byName);
    }
    expect(await leads.row(first!).getAttribute('aria-current')).toBe('true');
    await app.screenshot('lead-drawer');
    await drawer.root.locator('.drawer-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await app.screenshot('lead-drawer-history');

    // Esc closes and gives the focus back to the row; the keyboard alone opens the next one.
    await page.keyboard.press('Escape');
    await drawer.root.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.rowId)).toBe(first);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.rowId)).toBe(second);
    await page.keyboard.press('Enter');
    const next = new LeadDrawer(page);
    await next.waitLoaded();
    expect(await next.name.textContent()).toBe(leadsService.get(db, second!).name);
    await page.keyboard.press('Escape');
    await next.root.waitFor({ state: 'detached' });
    expect(app.problems).toEqual([]);
  });
});
