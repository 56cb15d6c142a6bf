import { describe, expect } from 'vitest';
import * as handoffsService from '../../main/services/handoffs.js';
import * as reasonsService from '../../main/services/reasons.js';
import { test } from './helpers/fixtures.js';

const POLL = { timeout: 10_000, interval: 100 };

describe('settings: the rejection-reason taxonomy and SLA business hours', () => {
  test('add, edit, reorder, deactivate; a reason in use is deactivated instead of deleted, an unused one deleted', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    await app.open('/settings');
    const card = page.getByTestId('reasons-card');
    const rows = card.getByTestId('reason-row');
    const before = reasonsService.list(db, true);
    await expect.poll(() => rows.count(), POLL).toBe(before.length);
    const row = (label: string) => card.locator(`[data-testid="reason-row"][data-reason-label="${label}"]`);

    // Usage counts come from the store.
    const used = before.find((r) => r.usageCount > 0)!;
    expect((await row(used.label).getByTestId('reason-usage').textContent())?.trim()).toBe(
      used.usageCount.toLocaleString('en-US'),
    );
    await card.scrollIntoViewIfNeeded();
    await app.screenshot('taxonomy-1-list');

    // Add: an empty label is refused in the form; a valid one is stored at the end of the list.
    const dialog = page.getByTestId('reason-dialog');
    await card.getByTestId('reason-add').click();
    await dialog.getByTestId('reason-form-save').click();
    expect(await dialog.getByTestId('reason-form-error').textContent()).toBe('Enter a label.');
    const label = 'Budget frozen until next fiscal year';
    await dialog.getByTestId('reason-form-label').fill(label);
    await dialog.getByTestId('reason-form-blame').selectOption('fit');
    await dialog.getByTestId('reason-form-action').selectOption('recycle');
    await dialog.getByTestId('reason-form-reopen').selectOption('date');
    await dialog.getByTestId('reason-form-comment').check();
    await app.screenshot('taxonomy-2-add');
    await dialog.getByTestId('reason-form-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await row(label).waitFor({ state: 'visible' });
    const added = reasonsService.list(db, true).find((r) => r.label === label)!;
    expect(added).toMatchObject({
      blame: 'fit',
      action: 'recycle',
      reopenKind: 'date',
      commentRequired: true,
      active: true,
      usageCount: 0,
    });

    // Edit it: the change is stored.
    await row(label).getByTestId('reason-edit').click();
    await dialog.getByTestId('reason-form-blame').selectOption('engagement');
    await dialog.getByTestId('reason-form-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => reasonsService.mustGet(db, added.id).blame, POLL).toBe('engagement');
    // The rest of the reason is kept.
    expect(reasonsService.mustGet(db, added.id)).toMatchObject({
      action: 'recycle',
      reopenKind: 'date',
      commentRequired: true,
    });

    // Reorder: move it up one place.
    const order = () =>
      reasonsService
        .list(db, true)
        .sort((a, b) => a.position - b.position)
        .map((r) => r.id);
    const was = order();
    await row(label).getByTestId('reason-up').click();
    await expect.poll(() => order().indexOf(added.id), POLL).toBe(was.indexOf(added.id) - 1);

    // Deactivate: reps no longer see it, the list marks it.
    // A controlled box: it shows the stored state, so click and wait for the store.
    await row(label).getByTestId('reason-active').click();
    await expect.poll(() => reasonsService.mustGet(db, added.id).active, POLL).toBe(false);
    expect(reasonsService.list(db, false).some((r) => r.id === added.id)).toBe(false);
    await expect.poll(() => row(label).textContent(), POLL).toContain('Inactive');
    expect(reasonsService.mustGet(db, added.id)).toMatchObject({ reopenKind: 'date', commentRequired: true });

    // Delete a reason in use: it cannot be, since decisions name it; the dialog offers to deactivate it instead.
    const confirm = page.getByTestId('reason-delete-dialog');
    expect(reasonsService.mustGet(db, used.id).active).toBe(true);
    await row(used.label).getByTestId('reason-delete').click();
    await confirm.waitFor({ state: 'visible' });
    expect(await confirm.textContent()).toContain('cannot be deleted, only deactivated');
    expect(await confirm.getByTestId('confirm-ok').textContent()).toBe('Deactivate instead');
    await app.screenshot('taxonomy-3-delete-in-use');
    await confirm.getByTestId('confirm-ok').click();
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => reasonsService.mustGet(db, used.id).active, POLL).toBe(false);
    expect(reasonsService.list(db, true).some((r) => r.id === used.id)).toBe(true);
    await expect.poll(() => row(used.label).textContent(), POLL).toContain('Inactive');
    // Asked again, it says it is already deactivated, and only closes.
    await row(used.label).getByTestId('reason-delete').click();
    await confirm.waitFor({ state: 'visible' });
    expect(await confirm.textContent()).toContain('already deactivated');
    await confirm.getByTestId('confirm-ok').click();
    await confirm.waitFor({ state: 'hidden' });
    expect(reasonsService.mustGet(db, used.id).active).toBe(false);

    // The unused one can be deleted.
    await row(label).getByTestId('reason-delete').click();
    await confirm.getByTestId('confirm-ok').click();
    await confirm.waitFor({ state: 'hidden' });
    await row(label).waitFor({ state: 'detached' });
    expect(reasonsService.list(db, true).some((r) => r.id === added.id)).toBe(false);
    await app.screenshot('taxonomy-4-after-delete');
    expect(app.problems).toEqual([]);
  });

  test('SLA business hours: validated in the form, stored through the service', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    await app.open('/settings');
    const form = page.getByTestId('sla-form');
    await form.waitFor({ state: 'visible' });
    const saved = handoffsService.slaSettings(db);
    expect(await form.getByTestId('sla-timezone').inputValue()).toBe(saved.timeZone);

    // An end before the start is refused before anything is sent.
    await form.getByTestId('sla-start').fill('18:00');
    await form.getByTestId('sla-end').fill('09:00');
    await form.getByTestId('sla-save').click();
    await expect.poll(() => form.textContent(), POLL).toContain('The day must end after it starts.');
    expect(handoffsService.slaSettings(db)).toEqual(saved);

    await form.getByTestId('sla-timezone').selectOption('America/New_York');
    await form.getByTestId('sla-start').fill('08:30');
    await form.getByTestId('sla-end').fill('17:30');
    for (const d of [1, 2, 3, 4, 5, 6, 7]) {
      const box = form.getByTestId(`sla-day-${d}`);
      if (d <= 4) await box.check();
      else await box.uncheck();
    }
    await form.getByTestId('sla-save').click();
    await expect.poll(() => form.textContent(), POLL).toContain('Saved.');
    expect(handoffsService.slaSettings(db)).toEqual({
      timeZone: 'America/New_York',
      workingDays: [1, 2, 3, 4],
      dayStart: '08:30',
      dayEnd: '17:30',
    });
    await page.getByTestId('sla-card').scrollIntoViewIfNeeded();
    await app.screenshot('taxonomy-5-sla-hours');
    expect(app.problems).toEqual([]);
  });
});
