import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import * as criteriaService from '../../main/services/criteria.js';
import * as handoffsService from '../../main/services/handoffs.js';
import { test } from './helpers/fixtures.js';
import { makeTriageWorkspace } from './helpers/inbox-workspace.js';

const POLL = { timeout: 10_000, interval: 50 };

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/**
 * Press Tab (Shift+Tab when `back`) until the element with this test id has the focus: it proves the
 * control is in the tab order, as a keyboard user reaches it. Fails after `max` presses.
 */
async function tabTo(page: Page, testId: string, { back = false, max = 80 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focusedTestId(page)) === testId) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${testId} was not reached with ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** The focus ring is drawn: an outline or a box-shadow on the focused element. */
const focusVisible = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return false;
    const css = getComputedStyle(el);
    return (css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) > 0) || css.boxShadow !== 'none';
  });

describe('keyboard only, with the names a screen reader reads', () => {
  test('criteria editor: add a fit rule with its field, condition, value and points, and save it', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const active = criteriaService.list(db).find((v) => v.status === 'active')!;
    const draft = criteriaService.createDraft(db, { fromId: active.id, name: 'Keyboard draft' });
    const before = criteriaService.get(db, draft.id).rules.length;
    await app.open(`/criteria/${draft.id}`);
    await page.getByTestId('rule-row').first().waitFor();

    // From the top of the page, Tab reaches "Add fit rule"; it has that name and a visible focus ring.
    await tabTo(page, 'rule-add-fit');
    expect(await page.getByRole('button', { name: 'Add fit rule' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');

    // The dialog is named by its title and takes the focus in its first field.
    const dialog = page.getByRole('dialog', { name: 'Add fit rule' });
    await dialog.waitFor();
    await expect.poll(() => focusedTestId(page), POLL).toBe('rule-label');
    expect(await dialog.getByRole('textbox', { name: 'Label' }).count()).toBe(1);
    expect(await dialog.getByRole('combobox', { name: 'Lead field' }).count()).toBe(1);
    expect(await dialog.getByRole('combobox', { name: 'Condition' }).count()).toBe(1);
    await page.keyboard.type('Company name mentions Acme');

    await tabTo(page, 'rule-field');
    await page.keyboard.press('ArrowDown'); // email → name
    await page.keyboard.press('ArrowDown'); // name → company
    await expect.poll(() => dialog.getByTestId('rule-field').inputValue(), POLL).toBe('company');
    await tabTo(page, 'rule-operator');
    // equals → in → not in → contains
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => dialog.getByTestId('rule-operator').inputValue(), POLL).toBe('contains');
    await tabTo(page, 'rule-value');
    expect(await dialog.getByRole('textbox', { name: 'Value' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Acme');
    await tabTo(page, 'rule-points');
    expect(await dialog.getByRole('textbox', { name: 'Points' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('7');

    // Tab stays inside the modal dialog: it never reaches the page behind it.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement === document.body || !!document.activeElement?.closest('dialog[open]'))).toBe(true);
    }
    await tabTo(page, 'rule-save');
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });

    // Saved as typed; the focus is back on the button that opened the dialog.
    const rules = criteriaService.get(db, draft.id).rules;
    expect(rules).toHaveLength(before + 1);
    const rule = rules.find((r) => r.label === 'Company name mentions Acme');
    expect(rule).toMatchObject({ kind: 'fit', field: 'company', operator: 'contains', value: 'Acme', points: 7 });
    await expect.poll(() => focusedTestId(page), POLL).toBe('rule-add-fit');
    // A screen reader hears that it was saved (the dialog that said nothing has closed).
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Rule saved: Company name mentions Acme' }).count(), POLL)
      .toBe(1);
    await page.locator('[data-testid="rule-row"][data-rule-label="Company name mentions Acme"]').waitFor();
    expect(app.problems).toEqual([]);
  });

  test('SAL inbox: accept one handoff and reject the next with a reason, announced in a live region', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const ws = makeTriageWorkspace(db, 3);
    const [first, second] = ws.pending;
    await app.open('/inbox');
    await page.getByRole('article', { name: new RegExp(`^${first!.leadName}`) }).waitFor();

    // Tab reaches the card's Accept button (its name says what it does); Enter decides.
    await tabTo(page, 'card-accept');
    expect(await focusVisible(page)).toBe(true);
    const accept = page.getByRole('button', { name: /^Accept/ });
    expect(await accept.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => handoffsService.get(db, first!.id).decision, POLL).toBe('accepted');
    // The decision is announced: the toast is a polite live region (role=status).
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: `Accepted ${first!.leadName}` }).count(), POLL)
      .toBe(1);

    // The next card comes up; Tab to "Reject…", Enter opens the reason picker, named for the lead.
    await page.getByRole('article', { name: new RegExp(`^${second!.leadName}`) }).waitFor();
    await tabTo(page, 'card-reject', { back: true });
    await page.keyboard.press('Enter');
    const picker = page.getByRole('dialog', { name: `Reject ${second!.leadName}` });
    await picker.waitFor();
    const reasons = picker.getByRole('listbox', { name: 'Rejection reasons' });
    await expect.poll(() => reasons.evaluate((el) => el === document.activeElement), POLL).toBe(true);
    // Arrow keys move through the named options, past reasons that ask for a rep or a date without
    // the focus leaving the list; Enter records the highlighted one (the number keys are in inbox.test.ts).
    const reason = ws.reason('outside_icp');
    const steps = Number(ws.keyOf('outside_icp'));
    for (let i = 0; i < steps; i++) {
      await page.keyboard.press('ArrowDown');
      expect(await reasons.evaluate((el) => el === document.activeElement)).toBe(true);
    }
    const selected = picker.getByRole('option', { selected: true });
    expect(await selected.count()).toBe(1);
    expect(await selected.getAttribute('data-reason-code')).toBe('outside_icp');
    await page.keyboard.press('Enter');
    await expect.poll(() => handoffsService.get(db, second!.id).decision, POLL).toBe('rejected');
    expect(handoffsService.get(db, second!.id).reasonId).toBe(reason.id);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: `Rejected ${second!.leadName}` }).count(), POLL)
      .toBe(1);
    await picker.waitFor({ state: 'hidden' });
    expect(app.problems).toEqual([]);
  });
});
