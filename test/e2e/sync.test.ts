import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { startHarness, type Harness } from '../../main/harness.js';
import * as usersService from '../../main/services/users.js';
import * as criteria from '../../main/services/criteria.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub, type Member } from '../helpers/sync-hub.js';
import { launchChromium } from './helpers/browser.js';
import { newId } from '../../main/db/ids.js';
import { insertLead } from '../helpers/builders.js';
import { SCREENSHOT_DIR } from './helpers/fixtures.js';

interface Workspace {
  db: Db;
  harness: Harness;
  page: Page;
}

const POLL = { timeout: 20_000, interval: 200 };
const userNames = (db: Db) => usersService.list(db).map((u) => u.name).sort();

describe('team sync in the app: two workspaces on one machine through a local PostgreSQL', () => {
  let cluster: TestCluster;
  let hub: TestHub;
  let member: Member;
  let browser: Browser;
  let dir: string;
  const spaces: Workspace[] = [];

  beforeAll(async () => {
    cluster = await startPostgres();
    hub = await TestHub.create(cluster);
    member = await hub.member('marketing');
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'leadpact-e2e-sync-'));
    for (const name of ['laptop-a', 'laptop-b']) {
      const path = join(dir, `${name}.db`);
      const db = openWorkspace(path, { create: true });
      const harness = await startHarness({ dbPath: path, port: 0 });
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', timezoneId: 'UTC' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      spaces.push({ db, harness, page });
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of spaces) {
      await s.page.context().close();
      await s.harness.close();
      s.db.close();
    }
    await browser?.close();
    await hub?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const shot = async (page: Page, name: string) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled', fullPage: true });
  };

  async function openSettings(s: Workspace) {
    await s.page.goto(s.harness.url);
    await s.page.getByTestId('nav-settings').click();
    await s.page.getByTestId('sync-card').waitFor({ state: 'visible' });
  }

  async function connect(s: Workspace) {
    const card = s.page.getByTestId('sync-card');
    await card.getByTestId('sync-url').fill(`postgres://127.0.0.1:${cluster.port}/${hub.database}`);
    await card.getByTestId('sync-user').fill(member.login);
    await card.getByTestId('sync-password').fill(member.password);
    await card.getByTestId('sync-connect').click();
    await card.getByTestId('sync-connected').waitFor({ state: 'visible' });
  }

  it('each edited offline, both sync to the same state and the lost edit is shown in the conflicts view', async () => {
    const [a, b] = spaces as [Workspace, Workspace];
    await openSettings(a);
    await openSettings(b);
    // A wrong password is refused in the form, with the hub's reason, and nothing is connected.
    const card = a.page.getByTestId('sync-card');
    await card.getByTestId('sync-url').fill(`postgres://127.0.0.1:${cluster.port}/${hub.database}`);
    await card.getByTestId('sync-user').fill(member.login);
    await card.getByTestId('sync-password').fill('not-the-password');
    await card.getByTestId('sync-connect').click();
    await expect.poll(() => card.getByTestId('sync-connect-error').textContent(), POLL).toContain('Cannot log in to the hub');
    // Shown as the hub's plain message, without a generic lead line ("This could not be saved: …").
    expect(await card.getByTestId('sync-connect-error').textContent()).toMatch(/^Cannot log in to the hub at postgres:\/\/.+: password authentication failed/);
    await shot(a.page, 'sync-connect-refused');
    // A database without the hub schema is refused at connect, not "Connected" with every sync failing.
    await card.getByTestId('sync-url').fill(`postgres://127.0.0.1:${cluster.port}/postgres`);
    await card.getByTestId('sync-password').fill(member.password);
    await card.getByTestId('sync-connect').click();
    await expect.poll(() => card.getByTestId('sync-connect-error').textContent(), POLL).toMatch(/^No LeadPact hub at postgres:\/\/.+\/postgres: run `leadpact hub init` on it first\.$/);
    await shot(a.page, 'sync-connect-no-hub');

    // A has a new colleague; both laptops sync once and agree.
    const noor = usersService.create(a.db, { name: 'Noor Haddad', team: 'sales', role: 'member' });
    await connect(a);
    await connect(b);
    await expect.poll(() => userNames(b.db), POLL).toContain('Noor Haddad');
    await b.page.getByTestId('users-table').getByText('Noor Haddad').waitFor({ state: 'visible' });

    // Offline: both rename her (A first), B also adds someone.
    await a.page.getByTestId('sync-disconnect').click();
    await b.page.getByTestId('sync-disconnect').click();
    usersService.update(a.db, noor.id, { name: 'Noor Haddad (EU)' });
    await new Promise((r) => setTimeout(r, 20));
    usersService.update(b.db, noor.id, { name: 'Noor H.' });
    usersService.create(b.db, { name: 'Sam Rep', team: 'sales', role: 'member' });
    await expect.poll(() => a.page.getByTestId('sync-pending').count(), POLL).toBe(1);

    // Back online: connecting syncs; A syncs again to get what B sent after it.
    await connect(a);
    await connect(b);
    await a.page.getByTestId('sync-now').click();
    await expect.poll(() => userNames(a.db), POLL).toEqual(userNames(b.db));
    expect(userNames(a.db)).toContain('Noor H.');
    expect(userNames(a.db)).toContain('Sam Rep');
    expect(userNames(a.db)).not.toContain('Noor Haddad (EU)');

    // A's lost name is in its conflicts view, with what was kept; B has none.
    const row = a.page.getByTestId('sync-conflict-row');
    await expect.poll(() => row.count(), POLL).toBe(1);
    expect(await row.locator('.sync-kept').textContent()).toBe('Noor H.');
    expect(await row.locator('.sync-lost').textContent()).toBe('Noor Haddad (EU)');
    expect(await row.textContent()).toContain('users.name of Noor H.');
    await expect.poll(() => a.page.getByTestId('sync-conflict-count').textContent(), POLL).toBe('1');
    await expect.poll(() => a.page.getByTestId('sync-pending').textContent(), POLL).toBe('0');
    await a.page.getByTestId('users-table').getByText('Sam Rep').waitFor({ state: 'visible' });
    await expect.poll(() => b.page.getByTestId('sync-conflicts').textContent(), POLL).toContain('No conflicts');
    await a.page.getByTestId('sync-card').scrollIntoViewIfNeeded();
    await shot(a.page, 'sync-a-conflict');
    await shot(b.page, 'sync-b-no-conflict');
    await a.page.getByTestId('sync-mark-seen').click();
    await expect.poll(() => a.page.getByTestId('sync-mark-seen').count(), POLL).toBe(0);
  });
  it('a change the hub refuses is listed with its reason, the rest syncs, and it can be retried or discarded', async () => {
    const a = spaces[0]!;
    const lead = insertLead(a.db, { name: 'Refused Lead' });
    const handoff = newId();
    a.db.prepare('INSERT INTO handoffs (id, lead_id, handed_at, created_at, updated_at) VALUES (?, ?, 1, 1, 1)').run(handoff, lead);
    await a.page.getByTestId('sync-now').click();
    await expect.poll(() => a.page.getByTestId('sync-pending').textContent(), POLL).toBe('0');
    // A marketing member logs a sales decision, then renames the lead: the decision is refused, the rename goes.
    a.db.prepare("UPDATE handoffs SET decision = 'accepted', decided_at = 2, updated_at = 2 WHERE id = ?").run(handoff);
    a.db.prepare("UPDATE leads SET name = 'Renamed Lead', updated_at = 3 WHERE id = ?").run(lead);
    await a.page.getByTestId('sync-now').click();
    const list = a.page.getByTestId('sync-refused');
    await list.waitFor({ state: 'visible' });
    const row = list.getByTestId('sync-refused-row');
    await expect.poll(() => row.count(), POLL).toBe(1);
    expect(await row.locator('.sync-refused-reason').textContent()).toMatch(/team marketing\) may not write handoffs\./);
    await expect.poll(() => a.page.getByTestId('sync-refused-count').textContent(), POLL).toBe('1');
    // Its own earlier 'pending' pulled back after the refused edit is no conflict: still only the name.
    expect(await a.page.getByTestId('sync-conflict-count').textContent()).toBe('1');
    await expect.poll(() => a.page.getByTestId('sync-pending').textContent(), POLL).toBe('0');
    await list.scrollIntoViewIfNeeded();
    await shot(a.page, 'sync-refused');
    // Retried as the same member it is refused again; discarded (confirmed), the hub's 'pending' comes back.
    await row.getByTestId('sync-retry').click();
    await a.page.getByTestId('sync-now').click();
    await expect.poll(() => row.count(), POLL).toBe(1);
    await row.getByTestId('sync-discard').click();
    await a.page.getByTestId('sync-discard-dialog').getByRole('button', { name: 'Discard' }).click();
    await list.waitFor({ state: 'detached' });
    await a.page.getByTestId('sync-now').click();
    await expect.poll(() => a.db.prepare('SELECT decision FROM handoffs WHERE id = ?').pluck().get(handoff), POLL).toBe('pending');

    // The sales owner's sign-off on this marketing login's laptop is refused; it exists only here, and
    // Discard says that it deletes it. Cancel keeps it, set aside.
    const owner = (team: string) => a.db.prepare("SELECT id FROM users WHERE role = 'owner' AND team = ? AND deleted = 0 ORDER BY id").pluck().get(team) as string | undefined;
    const anyOwner = owner('marketing') ?? owner('sales');
    if (anyOwner) usersService.setCurrent(a.db, anyOwner);
    const mkt = owner('marketing') ?? usersService.create(a.db, { name: 'Maria Owner', team: 'marketing', role: 'owner' }).id;
    usersService.setCurrent(a.db, mkt);
    const salesOwner = owner('sales') ?? usersService.create(a.db, { name: 'Sam Owner', team: 'sales', role: 'owner' }).id;
    usersService.setCurrent(a.db, mkt);
    const v = criteria.createDraft(a.db, { name: 'Q3' });
    criteria.saveRule(a.db, v.id, { kind: 'fit', label: 'Software', field: 'company', operator: 'contains', value: 'soft', points: 30 });
    criteria.propose(a.db, v.id);
    usersService.setCurrent(a.db, salesOwner);
    criteria.decide(a.db, v.id, 'approve');
    await a.page.getByTestId('sync-now').click();
    await list.waitFor({ state: 'visible' });
    await expect.poll(() => row.count(), POLL).toBe(1);
    expect(await row.getByTestId('sync-refused-only-here').textContent()).toBe('This approval exists only on this laptop.');
    await row.getByTestId('sync-discard').click();
    const dialog = a.page.getByTestId('sync-discard-dialog');
    await expect.poll(() => dialog.textContent(), POLL).toContain('This approval exists only on this laptop; discarding deletes it');
    await shot(a.page, 'sync-discard-only-here');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => row.count(), POLL).toBe(1);
    expect(a.db.prepare('SELECT count(*) FROM approvals WHERE version_id = ? AND deleted = 0').pluck().get(v.id)).toBe(1);
  }, 60_000);
});
