import { describe, expect } from 'vitest';
import * as loopReports from '../../main/services/handoffs-reports.js';
import * as handoffsService from '../../main/services/handoffs.js';
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
    expect(app.problems).toEqual([]);
  });
});
