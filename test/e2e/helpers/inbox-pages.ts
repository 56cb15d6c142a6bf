import type { Locator, Page } from 'playwright-core';

/** Page objects of the SAL loop: the rep inbox and its dialogs, the manager view, the loop report. */

export class InboxPage {
  readonly root: Locator;
  readonly queue: Locator;
  readonly items: Locator;
  readonly card: Locator;
  readonly picker: Locator;
  readonly commentDialog: Locator;
  readonly keysDialog: Locator;
  readonly toast: Locator;
  readonly counts: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('inbox');
    this.queue = page.getByTestId('inbox-queue');
    this.items = this.queue.getByTestId('queue-item');
    this.card = page.getByTestId('handoff-card');
    this.picker = page.getByTestId('reason-picker');
    this.commentDialog = page.getByTestId('comment-dialog');
    this.keysDialog = page.getByTestId('keys-dialog');
    this.toast = page.getByTestId('undo-toast');
    this.counts = page.getByTestId('inbox-counts');
  }

  async waitLoaded(): Promise<void> {
    await this.root.waitFor({ state: 'visible' });
  }

  /** Pending handoffs in the queue, from the header ("20 pending handoffs"; "Nothing pending"). */
  async pendingCount(): Promise<number> {
    const text = (await this.counts.textContent()) ?? '';
    const m = /([\d,]+) pending handoff/.exec(text);
    return m ? Number(m[1]!.replaceAll(',', '')) : 0;
  }

  /** The rendered queue lines (the queue is virtualised), in order: id, 0-based position, SLA words. */
  rendered(): Promise<{ id: string; index: number; sla: string }[]> {
    return this.items.evaluateAll((els) =>
      els
        .map((e) => ({
          id: (e as HTMLElement).dataset.handoffId!,
          index: Number(e.getAttribute('aria-posinset')) - 1,
          sla: e.querySelector('[data-testid="queue-sla"]')?.textContent ?? '',
        }))
        .sort((a, b) => a.index - b.index),
    );
  }

  async activeId(): Promise<string | null> {
    return this.queue.locator('[data-testid="queue-item"][aria-current="true"]').getAttribute('data-handoff-id');
  }

  async press(...keys: string[]): Promise<void> {
    for (const k of keys) await this.page.keyboard.press(k);
  }
}

export class LoopReport {
  readonly root: Locator;
  readonly paretoRows: Locator;
  readonly chart: Locator;
  readonly drill: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('loop-page');
    this.paretoRows = page.getByTestId('pareto-table').getByTestId('pareto-row');
    this.chart = page.getByTestId('pareto-chart');
    this.drill = page.getByTestId('drill');
  }

  /** Reason code → count, as the table beside the Pareto chart lists them. */
  counts(): Promise<Record<string, number>> {
    return this.paretoRows.evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((r) => [(r as HTMLElement).dataset.reasonCode!, Number((r as HTMLElement).dataset.count)]),
      ),
    );
  }
}
