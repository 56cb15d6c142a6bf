import type { Locator, Page } from 'playwright-core';

/** Page object of the Import area: the wizard's steps and the history, in words rather than selectors. */
export class ImportPage {
  readonly wizard: Locator;
  readonly mapping: Locator;
  readonly preview: Locator;
  readonly previewRows: Locator;
  readonly badPreviewRows: Locator;
  readonly progress: Locator;
  readonly review: Locator;
  readonly rejectedRows: Locator;
  readonly result: Locator;
  readonly history: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.wizard = page.getByTestId('import-wizard');
    this.mapping = page.getByTestId('import-mapping');
    this.preview = page.getByTestId('import-preview');
    this.previewRows = this.preview.getByTestId('preview-row');
    this.badPreviewRows = this.preview.locator('tr.is-bad');
    this.progress = page.getByTestId('import-progress');
    this.review = page.getByTestId('import-review');
    this.rejectedRows = page.getByTestId('rejected-row');
    this.result = page.getByTestId('import-result');
    this.history = page.getByTestId('history-table');
    this.notice = page.getByTestId('import-notice');
  }

  async goto(): Promise<void> {
    await this.page.getByTestId('nav-import').click();
    await this.wizard.waitFor({ state: 'visible' });
  }

  async chooseKind(kind: string): Promise<void> {
    await this.page.getByTestId(`import-kind-${kind}`).check();
  }

  async choosePreset(label: string): Promise<void> {
    await this.page.getByTestId('import-preset').selectOption({ label });
  }

  /** Pick the file; resolves once the mapping step shows the file's preview. */
  async chooseFile(path: string): Promise<void> {
    await this.page.getByTestId('import-file').setInputFiles(path);
    await this.previewRows.first().waitFor({ state: 'visible', timeout: 60_000 });
  }

  row(column: string): Locator {
    return this.mapping.locator(`tr[data-testid="mapping-row"][data-column="${column.replaceAll('"', '\\"')}"]`);
  }

  async mapColumn(column: string, target: string): Promise<void> {
    await this.row(column).getByTestId('mapping-target').selectOption(target);
  }

  /** The preview has caught up with the mapping (not greyed out while the new one loads). */
  async waitPreviewSettled(): Promise<void> {
    await this.page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="import-preview"] .preview-scroll');
      return el !== null && el.getAttribute('aria-busy') === 'false';
    });
  }

  async start(): Promise<void> {
    const button = this.page.getByTestId('import-start');
    await this.page.waitForFunction(
      () => !(document.querySelector('[data-testid="import-start"]') as HTMLButtonElement | null)?.disabled,
    );
    await button.click();
  }

  async counts(scope: Locator): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const k of ['read', 'inserted', 'updated', 'unchanged', 'rejected']) {
      out[k] = Number(((await scope.getByTestId(`count-${k}`).textContent()) ?? '').replaceAll(',', ''));
    }
    return out;
  }

  async gotoHistory(): Promise<void> {
    await this.page.getByTestId('import-tab-history').click();
    await this.history.waitFor({ state: 'visible' });
  }

  historyRow(fileName: string): Locator {
    return this.history
      .locator('tr[data-testid="history-row"]')
      .filter({ has: this.page.getByTestId('history-file').getByText(fileName, { exact: true }) });
  }
}
