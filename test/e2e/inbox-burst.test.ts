import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { InboxPage } from './helpers/inbox-pages.js';
import { makeTriageWorkspace } from './helpers/inbox-workspace.js';

const POLL = { timeout: 10_000, interval: 50 };

/** Keys sent in one task: React cannot render between them, as with a fast typist on a slow laptop. */
async function burst(inbox: InboxPage, keys: { key: string; shiftKey?: boolean }[]): Promise<void> {
  await inbox.page.evaluate((ks) => {
    for (const k of ks)
      document.dispatchEvent(
        new KeyboardEvent('keydown', { key: k.key, shiftKey: k.shiftKey ?? false, bubbles: true, cancelable: true }),
      );
  }, keys);
}

describe('SAL inbox keys faster than the screen', () => {
  test('a a a decides three different cards; x j x Shift+A accepts exactly the two it selected; a u undoes that a', async ({
    app,
  }) => {
    const ws = makeTriageWorkspace(app.ws.db, 8);
    const inbox = new InboxPage(app.page);
    await app.open('/inbox');
    await inbox.waitLoaded();
    await expect.poll(() => inbox.pendingCount(), POLL).toBe(8);
    await expect.poll(() => inbox.activeId(), POLL).toBe(ws.pending[0]!.id);

    await burst(inbox, [{ key: 'a' }, { key: 'a' }, { key: 'a' }]);
    await expect.poll(() => inbox.pendingCount(), POLL).toBe(5);
    const decision = (id: string) =>
      app.ws.db.prepare('SELECT decision FROM handoffs WHERE id = ?').pluck().get(id) as string;
    await expect
      .poll(() => ws.pending.slice(0, 3).map((h) => decision(h.id)), POLL)
      .toEqual(['accepted', 'accepted', 'accepted']);
    expect(ws.pending.slice(3).map((h) => decision(h.id))).toEqual(Array(5).fill('pending'));
    await expect.poll(() => inbox.activeId(), POLL).toBe(ws.pending[3]!.id);

    await burst(inbox, [{ key: 'x' }, { key: 'j' }, { key: 'x' }, { key: 'A', shiftKey: true }]);
    await expect.poll(() => inbox.pendingCount(), POLL).toBe(3);
    await expect.poll(() => ws.pending.slice(3, 5).map((h) => decision(h.id)), POLL).toEqual(['accepted', 'accepted']);
    expect(ws.pending.slice(5).map((h) => decision(h.id))).toEqual(Array(3).fill('pending'));
    await expect.poll(() => inbox.activeId(), POLL).toBe(ws.pending[5]!.id);

    // u straight after a, before the server has answered: it undoes that accept, not the bulk one before.
    await burst(inbox, [{ key: 'a' }, { key: 'u' }]);
    await expect.poll(() => decision(ws.pending[5]!.id), POLL).toBe('pending');
    await expect.poll(() => inbox.pendingCount(), POLL).toBe(3);
    expect(ws.pending.slice(0, 5).map((h) => decision(h.id))).toEqual(Array(5).fill('accepted'));
    await app.screenshot('inbox-12-burst');
    expect(app.problems).toEqual([]);
  });
});
