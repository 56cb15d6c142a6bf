import { describe, expect } from 'vitest';
import * as preferencesService from '../../main/services/preferences.js';
import * as usersService from '../../main/services/users.js';
import { test } from './helpers/fixtures.js';
import { SettingsPage } from './helpers/pages.js';

const POLL = { timeout: 10_000, interval: 100 };

describe('settings: users and the current user (browser harness, demo workspace)', () => {
  test('the add-user form validates with the contract schema, adds, edits, removes and switches the current user', async ({
    app,
  }) => {
    const { page } = app;
    const { db } = app.ws;
    await app.open();
    const settings = new SettingsPage(page);
    await settings.goto();
    const before = usersService.list(db);
    expect(await settings.userNames()).toHaveLength(before.length);

    // Invalid email: UserDraftSchema refuses it in the form; nothing reaches the database.
    await settings.addUser({ name: 'Noor Haddad', email: 'noor-at-example', team: 'sales', role: 'member' });
    await settings.fieldError('email').waitFor({ state: 'visible' });
    expect(await settings.fieldError('email').textContent()).toBe(
      'Enter a valid email address, like name@company.com.',
    );
    expect(await settings.form.getByTestId('user-form-email').getAttribute('aria-invalid')).toBe('true');
    expect(usersService.list(db)).toHaveLength(before.length);
    await app.screenshot('settings-invalid-email');

    // An empty name is refused the same way.
    await settings.form.getByTestId('user-form-name').fill('   ');
    await settings.form.getByTestId('user-form-email').fill('');
    await settings.form.getByTestId('user-form-submit').click();
    expect(await settings.fieldError('name').textContent()).toBe('Enter a name.');

    // A valid user is created and listed.
    await settings.addUser({ name: 'Noor Haddad', email: 'noor.haddad@example.com', team: 'sales', role: 'member' });
    await expect.poll(() => settings.userNames(), POLL).toContain('Noor Haddad');
    const noor = usersService.list(db).find((u) => u.name === 'Noor Haddad');
    expect(noor).toMatchObject({ email: 'noor.haddad@example.com', team: 'sales', role: 'member' });
    expect(await settings.form.getByTestId('user-form-name').inputValue()).toBe('');

    // Edit the role in place.
    await settings.userRow('Noor Haddad').getByTestId('user-role').selectOption('owner');
    await expect.poll(() => usersService.list(db).find((u) => u.id === noor!.id)?.role, POLL).toBe('owner');

    // Switch the current user from the header picker; the settings picker and the "You" badge follow.
    await settings.headerPicker.selectOption(noor!.id);
    await expect.poll(() => usersService.current(db)?.id, POLL).toBe(noor!.id);
    await expect.poll(() => settings.settingsPicker.inputValue(), POLL).toBe(noor!.id);
    await expect.poll(() => settings.userRow('Noor Haddad').getByText('You', { exact: true }).count(), POLL).toBe(1);
    // The current user cannot be removed.
    expect(await settings.userRow('Noor Haddad').getByTestId('user-remove').isDisabled()).toBe(true);

    // Removing asks first: Cancel keeps the user, Confirm removes it.
    const victim = before.find((u) => u.id !== noor!.id)!;
    const dialog = page.getByTestId('confirm-dialog');
    await settings.userRow(victim.name).getByTestId('user-remove').click();
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toContain(`Remove ${victim.name}?`);
    await app.screenshot('settings-remove-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await settings.userNames()).toContain(victim.name);
    expect(usersService.list(db).some((u) => u.id === victim.id)).toBe(true);

    await settings.userRow(victim.name).getByTestId('user-remove').click();
    await dialog.getByTestId('confirm-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => settings.userNames(), POLL).not.toContain(victim.name);
    expect(usersService.list(db).some((u) => u.id === victim.id)).toBe(false);

    await app.screenshot('settings');
    expect(app.problems).toEqual([]);
  });

  test('marketing and sales keep an owner, and a member finds roles and teams closed with the reason', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    await app.open('/settings');
    const settings = new SettingsPage(page);
    await settings.users.waitFor({ state: 'visible' });
    const byName = (name: string) => usersService.list(db).find((u) => u.name === name)!;
    const maya = byName('Maya van Dijk');
    expect(maya).toMatchObject({ team: 'marketing', role: 'owner' });
    expect(usersService.current(db)?.id).toBe(maya.id);
    const auditCount = () => (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    const audits = auditCount();

    // Demoting marketing's only owner is refused, in words, and the row keeps its role.
    const mayaRole = settings.userRow('Maya van Dijk').getByTestId('user-role');
    await mayaRole.selectOption('member');
    const alert = page.getByTestId('users-error');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.textContent()).toBe('Maya van Dijk is the only marketing owner; make someone else a marketing owner first.');
    await expect.poll(() => mayaRole.inputValue(), POLL).toBe('owner');
    expect(byName('Maya van Dijk').role).toBe('owner');
    await app.screenshot('settings-last-owner');

    // Removing sales' only owner is refused inside the confirm dialog.
    const dialog = page.getByTestId('confirm-dialog');
    await settings.userRow('Rachel Stone').getByTestId('user-remove').click();
    await dialog.getByTestId('confirm-ok').click();
    await expect
      .poll(() => dialog.textContent(), POLL)
      .toContain('Rachel Stone is the only sales owner; make someone else a sales owner first.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(usersService.list(db).some((u) => u.name === 'Rachel Stone')).toBe(true);
    expect(auditCount()).toBe(audits);

    // A member is current: role and team are greyed out with the reason, and so is removing an owner.
    const jonas = byName('Jonas Becker');
    await settings.headerPicker.selectOption(jonas.id);
    const hint = page.getByTestId('users-owner-only-hint');
    await hint.waitFor({ state: 'visible' });
    expect(await hint.textContent()).toBe('Only an owner can change roles and teams, or add or remove an owner.');
    // Maya's refusal was about Maya's attempt: it goes with her.
    expect(await page.getByTestId('users-error').count()).toBe(0);
    const jonasRow = settings.userRow('Jonas Becker');
    expect(await jonasRow.getByTestId('user-role').isDisabled()).toBe(true);
    expect(await jonasRow.getByTestId('user-team').isDisabled()).toBe(true);
    expect(await settings.userRow('Rachel Stone').getByTestId('user-remove').isDisabled()).toBe(true);
    expect(await settings.userRow('Sophie Laurent').getByTestId('user-remove').isDisabled()).toBe(false);
    expect(await settings.form.getByTestId('user-form-role').isDisabled()).toBe(true);
    expect(await settings.form.getByTestId('user-form-role').inputValue()).toBe('member');
    expect(await settings.form.getByTestId('user-form-role-hint').isVisible()).toBe(true);
    // The owners' settings (taxonomy, SLA hours, currency) are shown, their controls closed.
    expect(await page.getByTestId('settings-owner-only').textContent()).toMatch(/^Only an owner can change the rejection reasons/);
    expect(await page.getByTestId('sla-form').locator('select').first().isDisabled()).toBe(true);
    expect(await page.getByTestId('currency-reporting').isDisabled()).toBe(true);
    await app.screenshot('settings-member-locked');
    await page.getByTestId('sla-card').scrollIntoViewIfNeeded();
    await app.screenshot('settings-member-owner-settings');

    // The refusal is said in the UI's language, not in the service's English.
    preferencesService.set(db, { language: 'nl' });
    usersService.setCurrent(db, maya.id);
    await page.reload();
    await settings.users.waitFor({ state: 'visible' });
    await settings.userRow('Maya van Dijk').getByTestId('user-role').selectOption('member');
    await page.getByTestId('users-error').waitFor({ state: 'visible' });
    expect(await page.getByTestId('users-error').textContent()).toBe(
      'Maya van Dijk is de enige eigenaar van marketing; maak eerst iemand anders eigenaar van marketing.',
    );
    expect(byName('Maya van Dijk').role).toBe('owner');
    expect(auditCount()).toBe(audits);
    expect(app.problems).toEqual([]);
  });

  test('a change made elsewhere (another window, the CLI) reaches the open page through data:changed', async ({
    app,
  }) => {
    await app.open('/settings');
    const settings = new SettingsPage(app.page);
    await settings.users.waitFor({ state: 'visible' });
    const res = await fetch(`${app.harness.origin}/rpc/users:create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-leadpact-token': app.harness.token },
      body: JSON.stringify({ name: 'Ama Mensah', email: null, team: 'ops', role: 'member' }),
    });
    expect(await res.json()).toMatchObject({ ok: true, value: { name: 'Ama Mensah' } });
    await expect.poll(() => settings.userNames(), POLL).toContain('Ama Mensah');
    expect(app.problems).toEqual([]);
  });
});
