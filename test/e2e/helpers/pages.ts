import type { Locator, Page } from 'playwright-core';

/** Page objects: what a test does in words (sort by company, filter by country), not in selectors. */

export interface VisibleRow {
  id: string;
  /** 0-based position in the whole list (aria-rowindex − 2). */
  index: number;
  cells: Record<string, string>;
  /** ISO date of the Created column (<time dateTime>). */
  createdIso: string | null;
}

export class LeadsPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly footer: Locator;
  readonly empty: Locator;
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('leads-table');
    this.rows = this.table.locator('tbody tr[data-row-id]');
    this.count = page.getByTestId('leads-count');
    this.footer = this.table.getByTestId('table-count');
    this.empty = this.table.getByTestId('table-empty');
    this.search = page.getByTestId('filter-search');
  }

  async waitForRows(): Promise<void> {
    await this.rows.first().waitFor({ state: 'visible' });
  }

  /** The rendered rows in list order, with each cell's text (the virtualiser renders a window of them). */
  visibleRows(): Promise<VisibleRow[]> {
    return this.table.evaluate((table) => {
      const rows = [...table.querySelectorAll<HTMLTableRowElement>('tbody tr[data-row-id]')];
      return rows
        .map((tr) => {
          const cells: Record<string, string> = {};
          for (const td of tr.querySelectorAll<HTMLElement>('td[data-column-id]')) {
            cells[td.dataset.columnId!] = (td.textContent ?? '').trim();
          }
          return {
            id: tr.dataset.rowId!,
            index: Number(tr.getAttribute('aria-rowindex')) - 2,
            cells,
            createdIso: tr.querySelector('td[data-column-id="createdAt"] time')?.getAttribute('datetime') ?? null,
          };
        })
        .sort((a, b) => a.index - b.index);
    });
  }

  async visibleIds(): Promise<string[]> {
    return (await this.visibleRows()).map((r) => r.id);
  }

  /** True while the table shows a previous result or its first page is loading. */
  async isBusy(): Promise<boolean> {
    return (await this.table.locator('table').getAttribute('aria-busy')) === 'true';
  }

  header(columnId: string): Locator {
    return this.table.locator(`thead th[data-column-id="${columnId}"]`);
  }

  async sortBy(columnId: string): Promise<void> {
    await this.header(columnId).getByRole('button').click();
  }

  async ariaSort(columnId: string): Promise<string | null> {
    return this.header(columnId).getAttribute('aria-sort');
  }

  async filterCountry(code: string): Promise<void> {
    await this.page.getByTestId('filter-country').selectOption(code);
  }

  async filterCreated(from: string, to: string): Promise<void> {
    await this.page.getByTestId('filter-created-from').fill(from);
    await this.page.getByTestId('filter-created-to').fill(to);
  }

  async filterStages(labels: string[]): Promise<void> {
    const select = this.page.getByTestId('filter-stage');
    await select.getByRole('button').click();
    for (const label of labels) await select.getByRole('checkbox', { name: label, exact: true }).check();
    await this.page.keyboard.press('Escape');
  }

  async typeSearch(text: string): Promise<void> {
    await this.search.fill(text);
  }

  async clearFilters(): Promise<void> {
    await this.page.getByTestId('filter-clear').click();
  }

  /** Rows loaded so far, from the footer ("Showing 300 of 3,000 rows"). */
  async loadedCount(): Promise<number> {
    const text = (await this.footer.textContent()) ?? '';
    const m = /([\d,]+)\s+of/.exec(text) ?? /^([\d,]+)/.exec(text);
    return m ? Number(m[1]!.replaceAll(',', '')) : 0;
  }

  async scrollBy(px: number): Promise<void> {
    await this.table.locator('.dt-scroll').evaluate((el, dy) => el.scrollBy(0, dy), px);
  }

  async scrollToEnd(): Promise<void> {
    await this.table.locator('.dt-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  }

  async renderedRowCount(): Promise<number> {
    return this.rows.count();
  }

  row(id: string): Locator {
    return this.table.locator(`tbody tr[data-row-id="${id}"]`);
  }

  async openRow(id: string): Promise<LeadDrawer> {
    await this.row(id).click();
    const drawer = new LeadDrawer(this.page);
    await drawer.root.waitFor({ state: 'visible' });
    return drawer;
  }
}

export class LeadDrawer {
  readonly root: Locator;
  readonly name: Locator;
  readonly touchpoints: Locator;
  readonly stageEvents: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('lead-drawer');
    this.name = page.getByTestId('drawer-name');
    this.touchpoints = this.root.getByTestId('drawer-touchpoints').locator('li[data-touchpoint-id]');
    this.stageEvents = this.root.getByTestId('drawer-stage-events').locator('li[data-stage-event-id]');
  }

  async waitLoaded(): Promise<void> {
    await this.root.getByTestId('drawer-attributes').waitFor({ state: 'visible' });
  }

  async field(name: string): Promise<string> {
    return ((await this.root.locator(`[data-field="${name}"] dd`).textContent()) ?? '').trim();
  }

  async touchpointIds(): Promise<string[]> {
    return this.touchpoints.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.touchpointId!));
  }

  async stageEventIds(): Promise<string[]> {
    return this.stageEvents.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.stageEventId!));
  }
}

export class SettingsPage {
  readonly form: Locator;
  readonly users: Locator;
  readonly headerPicker: Locator;
  readonly settingsPicker: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId('add-user-form');
    this.users = page.getByTestId('users-table');
    this.headerPicker = page.getByTestId('header-user-picker');
    this.settingsPicker = page.getByTestId('settings-user-picker');
  }

  async goto(): Promise<void> {
    await this.page.getByTestId('nav-settings').click();
    await this.users.waitFor({ state: 'visible' });
  }

  async addUser(u: { name: string; email: string; team?: string; role?: string }): Promise<void> {
    await this.form.getByTestId('user-form-name').fill(u.name);
    await this.form.getByTestId('user-form-email').fill(u.email);
    if (u.team) await this.form.getByTestId('user-form-team').selectOption(u.team);
    if (u.role) await this.form.getByTestId('user-form-role').selectOption(u.role);
    await this.form.getByTestId('user-form-submit').click();
  }

  fieldError(field: 'name' | 'email'): Locator {
    return this.form.getByTestId(`user-form-error-${field}`);
  }

  userNames(): Promise<string[]> {
    return this.users.getByTestId('user-name').allTextContents();
  }

  userRow(name: string): Locator {
    return this.users
      .locator('tbody tr')
      .filter({ has: this.page.getByTestId('user-name').getByText(name, { exact: true }) });
  }
}

/** The Criteria area: versions, one version's editor and actions, the rule dialog, the diff. */
export class CriteriaPage {
  readonly versions: Locator;
  readonly versionPage: Locator;
  readonly title: Locator;
  readonly status: Locator;
  readonly actions: Locator;
  readonly hint: Locator;
  readonly ruleDialog: Locator;
  readonly preview: Locator;
  readonly job: Locator;
  readonly diff: Locator;
  readonly importError: Locator;

  constructor(readonly page: Page) {
    this.versions = page.getByTestId('versions-table');
    this.versionPage = page.getByTestId('version-page');
    this.title = page.getByTestId('version-title');
    this.status = this.versionPage.locator('.version-header').getByTestId('version-status');
    this.actions = page.getByTestId('version-actions');
    this.hint = page.getByTestId('action-hint');
    this.ruleDialog = page.getByTestId('rule-dialog');
    this.preview = this.ruleDialog.getByTestId('rule-preview');
    this.job = page.getByTestId('job-progress');
    this.diff = page.getByTestId('diff');
    this.importError = page.getByTestId('import-error');
  }

  async goto(): Promise<void> {
    await this.page.getByTestId('nav-criteria').click();
    await this.versions.waitFor({ state: 'visible' });
  }

  versionRow(number: number): Locator {
    return this.versions.locator(`tr[data-version-number="${number}"]`);
  }

  async openVersion(number: number): Promise<void> {
    await this.versionRow(number).getByTestId('version-open').click();
    await this.title.waitFor({ state: 'visible' });
  }

  action(
    name: 'propose' | 'approve' | 'reject' | 'activate' | 'rescore' | 'clone' | 'compare' | 'export-json' | 'export-md',
  ): Locator {
    return this.page.getByTestId(`action-${name}`);
  }

  ruleRow(label: string): Locator {
    return this.versionPage.locator(`tr[data-testid="rule-row"][data-rule-label="${label.replaceAll('"', '\\"')}"]`);
  }

  async editRule(label: string): Promise<void> {
    await this.ruleRow(label).getByTestId('rule-edit').click();
    await this.ruleDialog.getByTestId('rule-form').waitFor({ state: 'visible' });
  }

  ruleInput(name: 'label' | 'points' | 'cap' | 'halfLife' | 'window' | 'value' | 'min' | 'max'): Locator {
    return this.ruleDialog.getByTestId(`rule-${name}`);
  }

  ruleError(name: string): Locator {
    return this.ruleDialog.getByTestId(`rule-error-${name}`);
  }

  /** The version's status as shown, lower-cased ("draft", "active"). */
  async statusText(): Promise<string> {
    return ((await this.status.textContent()) ?? '').trim().toLowerCase();
  }
}
