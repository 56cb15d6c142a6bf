import { describe, expect } from 'vitest';
import * as outcomes from '../../main/services/outcomes.js';
import { test } from './helpers/fixtures.js';

const POLL = { timeout: 15_000, interval: 100 };

describe('outcomes view (browser harness, demo workspace)', () => {
  test('lists the demo outcomes, filters them, records a won deal for a lead by email and edits it to lost', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const total = outcomes.list(db, {}).total;
    expect(total).toBeGreaterThan(0);
    await app.open('/outcomes');
    const table = page.getByTestId('outcomes-table');
    await table.getByRole('row').nth(1).waitFor();
    await expect.poll(() => page.getByTestId('outcomes-count').textContent(), POLL).toBe(`${total.toLocaleString('en-US')} outcomes`);
    await app.screenshot('outcomes-list');
    // The date column says which date an open deal shows: its open date, not a close date.
    const openPage = outcomes.list(db, { filters: { results: ['open'] } });
    const open = openPage.rows;
    expect(open.length).toBeGreaterThan(0); // the demo has open deals, each with an open date
    expect(open.every((r) => r.closedAt === null && r.openedAt !== null)).toBe(true);
    await page.getByTestId('outcomes-filter-result').selectOption('open');
    // The filtered page replaces the full one when its answer arrives: wait for its count.
    await expect.poll(() => page.getByTestId('outcomes-count').textContent(), POLL).toBe(`${openPage.total.toLocaleString('en-US')} outcomes`);
    const cell = table.locator('.outcome-date').first();
    await expect.poll(() => cell.getAttribute('data-basis'), POLL).toBe('opened');
    expect(await cell.textContent()).toMatch(/ · opened$/);
    await app.screenshot('outcomes-open-deals');
    await page.getByTestId('outcomes-filters-clear').click();

    // Filter on lost deals: the count is the service's.
    const lost = outcomes.list(db, { filters: { results: ['lost'] } }).total;
    await page.getByTestId('outcomes-filter-result').selectOption('lost');
    await expect.poll(() => page.getByTestId('outcomes-count').textContent(), POLL).toBe(`${lost.toLocaleString('en-US')} outcomes`);
    await page.getByTestId('outcomes-filters-clear').click();

    // A lead with no outcome yet, named by its email.
    const lead = db
      .prepare(`SELECT id, email, stage, name, company FROM leads WHERE stage IN ('sal', 'sql', 'opportunity', 'lead') AND email IS NOT NULL AND id NOT IN (SELECT lead_id FROM outcomes WHERE lead_id IS NOT NULL) LIMIT 1`)
      .get() as { id: string; email: string; stage: string; name: string; company: string };
    expect(db.prepare('SELECT count(*) FROM leads WHERE email = ? AND deleted = 0').pluck().get(lead.email)).toBe(1);
    await page.getByTestId('outcome-new').click();
    const form = page.getByTestId('outcome-form');
    await form.waitFor({ state: 'visible' });
    // Typing the lead's name offers its email, with name and company, from the list's search.
    await form.getByTestId('outcome-lead').fill(lead.name);
    const offered = form.locator(`[data-testid="outcome-lead-suggestions"] option[value="${lead.email}"]`);
    await expect.poll(() => offered.getAttribute('label'), POLL).toBe(`${lead.name} · ${lead.company}`);
    // Invalid first: a negative amount and a close date before the open date, refused in the form.
    await form.getByTestId('outcome-lead').fill(lead.email);
    await form.getByTestId('outcome-opened').fill('2026-05-10');
    await form.getByTestId('outcome-closed').fill('2026-05-01');
    await form.getByTestId('outcome-amount').fill('-5');
    await form.getByTestId('outcome-save').click();
    await form.getByTestId('outcome-error-amount').waitFor();
    expect(await form.getByTestId('outcome-error-amount').textContent()).toBe('An amount cannot be negative.');
    expect(await form.getByTestId('outcome-error-closedAt').textContent()).toBe('The close date cannot be before the open date.');
    await app.screenshot('outcomes-form-invalid');
    expect(outcomes.list(db, {}).total).toBe(total);

    await form.getByTestId('outcome-closed').fill('2026-06-02');
    await form.getByTestId('outcome-amount').fill('12500');
    await form.getByTestId('outcome-currency').fill('EUR');
    await form.getByTestId('outcome-external-id').fill('OPP-E2E-1');
    await form.getByTestId('outcome-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => outcomes.list(db, {}).total, POLL).toBe(total + 1);
    const created = outcomes.list(db, { filters: { q: 'OPP-E2E-1' } }).rows[0]!;
    expect(created).toMatchObject({ leadId: lead.id, result: 'won', amount: 12500, currency: 'EUR', closedAt: Date.UTC(2026, 5, 2) });
    expect(db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(lead.id)).toBe('won');

    // Find it, open it, change it to lost with a loss reason.
    await page.getByTestId('outcomes-search').fill('OPP-E2E-1');
    await expect.poll(() => page.getByTestId('outcomes-count').textContent(), POLL).toBe('1 outcome');
    await table.getByRole('row').nth(1).click();
    await form.waitFor({ state: 'visible' });
    await form.getByTestId('outcome-result').selectOption('lost');
    const reason = await form.getByTestId('outcome-loss-reason').locator('option').nth(1).getAttribute('value');
    await form.getByTestId('outcome-loss-reason').selectOption(reason!);
    await form.getByTestId('outcome-competitor').fill('Pipewise');
    await app.screenshot('outcomes-form-edit');
    await form.getByTestId('outcome-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => outcomes.get(db, created.id).result, POLL).toBe('lost');
    expect(outcomes.get(db, created.id)).toMatchObject({ lossReasonId: reason, competitor: 'Pipewise' });
    expect(db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(lead.id)).toBe('lost');
    await expect.poll(() => table.getByRole('row').nth(1).textContent(), POLL).toContain('Lost');
    await app.screenshot('outcomes-edited');

    // Delete asks first, then leaves the list.
    await table.getByRole('row').nth(1).click();
    await form.getByTestId('outcome-remove').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('outcomes-count').textContent(), POLL).toBe('No outcomes');
    expect(outcomes.list(db, {}).total).toBe(total);

    // The same deal entered a second time is refused with a reason, not counted twice.
    outcomes.create(db, { lead: { id: lead.id }, result: 'won', closedAt: Date.UTC(2026, 5, 2), amount: 900, currency: 'EUR' });
    await page.getByTestId('outcomes-filters-clear').click();
    await page.getByTestId('outcome-new').click();
    await form.waitFor({ state: 'visible' });
    await form.getByTestId('outcome-lead').fill(lead.email);
    await form.getByTestId('outcome-closed').fill('2026-06-02');
    await form.getByTestId('outcome-amount').fill('900');
    await form.getByTestId('outcome-currency').fill('EUR');
    await form.getByTestId('outcome-save').click();
    await expect.poll(() => form.getByTestId('outcome-form-error').textContent(), POLL).toMatch(/^This lead already has this outcome/);
    await app.screenshot('outcomes-form-duplicate');
    expect(outcomes.list(db, {}).total).toBe(total + 1);
    expect(app.problems).toEqual([]);
  });
});
