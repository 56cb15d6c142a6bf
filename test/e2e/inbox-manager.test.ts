import { describe, expect } from 'vitest';
import * as loopReports from '../../main/services/handoffs-reports.js';
import * as handoffsService from '../../main/services/handoffs.js';
import * as outcomesService from '../../main/services/outcomes.js';
import * as usersService from '../../main/services/users.js';
import { test } from './helpers/fixtures.js';
import { InboxPage } from './helpers/inbox-pages.js';
import { makeTriageWorkspace } from './helpers/inbox-workspace.js';

const POLL = { timeout: 10_000, interval: 100 };

describe('SAL inbox: the manager view', () => {
  test('lists pending and breached per rep, filters the handoffs table, and opens any rep inbox', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const ws = makeTriageWorkspace(db, 20);
    usersService.setCurrent(db, ws.manager.id);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await app.open('/inbox/team');
    await page.getByTestId('manager-view').waitFor({ state: 'visible' });

    // One row per rep, as the service counts them.
    const expected = handoffsService.inbox(db, { repId: ws.rep.id });
    const row = page.locator(`[data-testid="rep-row"][data-rep-id="${ws.rep.id}"]`);
    await row.waitFor({ state: 'visible' });
    expect((await row.locator('[data-col="pending"]').textContent())?.trim()).toBe('20');
    expect(await row.locator('[data-col="breached"]').textContent()).toContain(`${expected.breachedCount} breached`);
    expect((await row.locator('[data-col="acceptance"]').textContent())?.trim()).toBe('–');
    const reps = loopReports.slaByRep(db, {});
    expect(await page.getByTestId('rep-row').count()).toBe(reps.length);

    // The handoffs table: pending of this rep, then only the breached ones.
    const table = page.getByTestId('handoffs-table');
    const footer = table.getByTestId('table-count');
    await page.getByTestId('filter-rep').selectOption(ws.rep.id);
    await expect.poll(() => footer.textContent(), POLL).toBe('Showing 20 of 20 rows');
    await page.getByTestId('filter-breached').check();
    await expect.poll(() => footer.textContent(), POLL).toContain(`of ${expected.breachedCount} row`);
    expect(await table.getByTestId('breach-flag').count()).toBe(expected.breachedCount);
    await app.screenshot('manager-1-team');

    // Decided ones of every rep, sorted by decision time.
    await page.getByTestId('filter-breached').uncheck();
    await page.getByTestId('filter-rep').selectOption('');
    await page.getByTestId('filter-status').selectOption('rejected');
    const total = handoffsService.list(db, { filters: { status: 'rejected' }, limit: 1 }).total;
    await expect.poll(() => footer.textContent(), POLL).toContain(`of ${total.toLocaleString('en-US')} rows`);
    await app.screenshot('manager-2-rejected');

    // Open Robin's inbox from the picker: the manager sees the rep's queue, and may decide it.
    await page.getByTestId('open-rep-inbox').selectOption(ws.rep.id);
    const inbox = new InboxPage(page);
    await inbox.waitLoaded();
    await expect.poll(() => inbox.pendingCount(), POLL).toBe(20);
    expect(await page.getByTestId('inbox-owner').textContent()).toBe(`Viewing ${ws.rep.name}'s inbox`);
    await inbox.press('a');
    await expect.poll(() => inbox.pendingCount(), POLL).toBe(19);
    // Reloaded inside the undo window, the page still offers the undo (the server knows the decision).
    await page.reload();
    await inbox.waitLoaded();
    await expect.poll(() => inbox.toast.textContent(), POLL).toContain('Your last decision');
    await inbox.press('u');
    await expect.poll(() => inbox.pendingCount(), POLL).toBe(20);
    expect(handoffsService.get(db, ws.pending[0]!.id).decision).toBe('pending');
    await expect.poll(() => inbox.activeId(), POLL).toBe(ws.pending[0]!.id);
    await inbox.press('a');
    await expect.poll(() => inbox.pendingCount(), POLL).toBe(19);
    const decided = handoffsService.get(db, ws.pending[0]!.id);
    expect(decided).toMatchObject({ decision: 'accepted', decidedByName: ws.manager.name, repId: ws.rep.id });
    await app.screenshot('manager-3-rep-inbox');

    // The accepted lead waits on the rep's SQL checklist.
    await page.getByTestId('inbox-tab-accepted').click();
    const checklist = page.getByTestId('sql-checklist');
    await checklist.waitFor({ state: 'visible' });
    expect(await page.getByTestId('accepted').locator(`li[data-handoff-id="${decided.id}"]`).count()).toBe(1);
    const boxes = checklist.getByRole('checkbox');
    const n = await boxes.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await boxes.nth(i).check();
    await expect.poll(() => handoffsService.get(db, decided.id).leadStage, POLL).toBe('sql');
    await expect
      .poll(() => checklist.getByTestId('checklist-status').textContent(), POLL)
      .toContain('this lead is an SQL');
    await app.screenshot('manager-4-sql-checklist');

    // The SQL gets an opportunity; the card then asks for the deal's end, and records it for this lead.
    await checklist.getByTestId('open-opportunity').click();
    await expect.poll(() => handoffsService.get(db, decided.id).leadStage, POLL).toBe('opportunity');
    const outcome = checklist.getByTestId('accepted-outcome');
    await outcome.getByTestId('accepted-outcome-none').waitFor({ state: 'visible' });
    expect(await checklist.getByTestId('open-opportunity').count()).toBe(0);
    expect(await checklist.getByTestId('checklist-status').textContent()).toBe('This lead qualified as an SQL.');
    await app.screenshot('manager-5-opportunity');
    await outcome.getByTestId('record-outcome').click();
    const form = page.getByTestId('outcome-form');
    await form.waitFor({ state: 'visible' });
    expect(await form.getByTestId('outcome-lead-fixed').textContent()).toBe(`Outcome of ${decided.leadName}`);
    expect(await form.getByTestId('outcome-lead').count()).toBe(0);
    expect(await form.getByTestId('outcome-result').inputValue()).toBe('won');
    // From the card the deal closes today unless the rep says otherwise.
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    expect(await form.getByTestId('outcome-closed').inputValue()).toBe(today);
    await form.getByTestId('outcome-opened').fill('2026-05-04');
    await form.getByTestId('outcome-closed').fill('2026-06-02');
    await form.getByTestId('outcome-amount').fill('12500');
    await form.getByTestId('outcome-currency').fill('EUR');
    await app.screenshot('manager-6-record-outcome');
    await form.getByTestId('outcome-save').click();
    await form.waitFor({ state: 'detached' });
    expect(
      db.prepare('SELECT result, amount, currency, opened_at, closed_at FROM outcomes WHERE lead_id = ? AND deleted = 0').all(decided.leadId),
    ).toEqual([{ result: 'won', amount: 12500, currency: 'EUR', opened_at: Date.UTC(2026, 4, 4), closed_at: Date.UTC(2026, 5, 2) }]);
    expect(db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(decided.leadId)).toBe('won');
    // The card and its queue entry follow without a reload: stage Won, the outcome summed up, nothing left to record.
    const summary = outcome.getByTestId('accepted-outcome-summary');
    await expect.poll(() => summary.getAttribute('data-result'), POLL).toBe('won');
    expect(await summary.textContent()).toBe('Won€12,500 · Jun 2, 2026');
    expect(await checklist.locator('.handoff-card-header').textContent()).toContain('Won');
    expect(await page.getByTestId('accepted').locator(`li[data-handoff-id="${decided.id}"]`).textContent()).toContain('Won');
    expect(await outcome.getByTestId('record-outcome').count()).toBe(0);
    await app.screenshot('manager-7-won');

    // A deal already open in the CRM (imported before the opportunity opened) is closed, not doubled.
    const other = ws.pending[1]!;
    handoffsService.decide(db, other.id, { decision: 'accept' });
    handoffsService.setChecklist(db, other.id, handoffsService.get(db, decided.id).checklist);
    const crmDeal = outcomesService.create(db, { lead: { id: other.leadId }, result: 'open', openedAt: Date.UTC(2026, 4, 11), amount: 8000, currency: 'EUR' });
    expect(handoffsService.openOpportunity(db, other.id).leadStage).toBe('opportunity');
    await page.reload();
    await page.getByTestId('accepted').locator(`li[data-handoff-id="${other.id}"] .queue-main`).click();
    const otherCard = page.locator(`[data-testid="sql-checklist"][data-handoff-id="${other.id}"]`);
    await otherCard.waitFor({ state: 'visible' });
    expect(await otherCard.getByTestId('accepted-outcome-summary').textContent()).toBe('Open€8,000 · opened May 11, 2026');
    await otherCard.getByTestId('record-outcome').click();
    await form.waitFor({ state: 'visible' });
    expect(await form.getByTestId('outcome-amount').inputValue()).toBe('8000');
    await form.getByTestId('outcome-result').selectOption('lost');
    await form.getByTestId('outcome-closed').fill('2026-06-09');
    await form.getByTestId('outcome-competitor').fill('Pipewise');
    await form.getByTestId('outcome-save').click();
    await form.waitFor({ state: 'detached' });
    expect(db.prepare('SELECT id, result, closed_at, competitor FROM outcomes WHERE lead_id = ? AND deleted = 0').all(other.leadId)).toEqual([
      { id: crmDeal.id, result: 'lost', closed_at: Date.UTC(2026, 5, 9), competitor: 'Pipewise' },
    ]);
    expect(db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(other.leadId)).toBe('lost');
    await expect.poll(() => otherCard.getByTestId('accepted-outcome-summary').textContent(), POLL).toBe('Lost€8,000 · Jun 9, 2026');
    await app.screenshot('manager-8-lost');
    expect(app.problems).toEqual([]);
  });
});
