import { describe, expect } from 'vitest';
import type { HandoffRow } from '../../shared/contracts/handoffs.js';
import { explain, explainAsOf } from '../../main/services/explain.js';
import * as handoffsService from '../../main/services/handoffs.js';
import * as usersService from '../../main/services/users.js';
import { test } from './helpers/fixtures.js';
import { InboxPage } from './helpers/inbox-pages.js';

describe('SAL inbox: the card explains the handoff the rep is deciding', () => {
  test('shows the score the lead was handed off at, under its version, not what it scores under the live one today', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    // A rep whose first handoff in the queue scores otherwise today (a later version, or decay).
    const reps = db.prepare(`SELECT id FROM users WHERE team = 'sales' AND deleted = 0 ORDER BY name`).pluck().all() as string[];
    let found: { repId: string; h: HandoffRow } | null = null;
    for (const repId of reps) {
      const first = handoffsService.inbox(db, { repId }).pending[0];
      if (!first?.versionId) continue;
      const live = explain(db, first.leadId);
      if (live && (live.versionId !== first.versionId || live.level !== first.level)) {
        found = { repId, h: first };
        break;
      }
    }
    expect(found).not.toBeNull();
    const { repId, h } = found!;
    const then = explainAsOf(db, h.leadId, h.versionId!, h.handedAt);
    expect(then.level).toBe(h.level);
    usersService.setCurrent(db, repId);

    const inbox = new InboxPage(page);
    await app.open('/inbox');
    await inbox.waitLoaded();
    await expect.poll(() => inbox.activeId()).toBe(h.id);
    const section = inbox.card.getByTestId('drawer-explanation');
    await section.getByTestId('explain-summary').waitFor();
    expect(await section.locator('.section-title').textContent()).toBe('Why it was handed off as an MQL');
    expect(await section.getByTestId('explain-source').getAttribute('data-source')).toBe('asOf');
    expect(await section.getByTestId('explain-version').textContent()).toContain(`Criteria v${then.versionNumber}`);
    expect(await section.getByTestId('explain-summary').textContent()).toMatch(new RegExp(`^${h.level}: `));
    const points = await section.getByTestId('explain-rule').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-points'))));
    expect(points).toEqual(then.contributions.filter((c) => c.kind !== 'disqualifier').map((c) => c.points));
    await app.screenshot('inbox-explain-as-of');
    expect(app.problems).toEqual([]);
  });
});
