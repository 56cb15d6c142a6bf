import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';

describe('the inbox for someone who is not a sales rep', () => {
  test("a marketing user is sent to the reps' queues instead of an empty inbox", async ({ app }) => {
    const { page } = app;
    const me = app.ws.db.prepare(`SELECT u.team FROM meta m JOIN users u ON u.id = m.value WHERE m.key = 'current_user_id'`).get() as
      | { team: string }
      | undefined;
    expect(me?.team).toBe('marketing');
    await app.open('/inbox');
    await expect.poll(() => page.getByTestId('empty-state').textContent()).toContain('No handoffs are assigned to you');
    await expect.poll(() => page.getByTestId('empty-state').textContent()).toContain('you are in Marketing');
    await app.screenshot('inbox-11-marketing-user');
    await page.getByTestId('inbox-open-team').click();
    await expect.poll(() => page.url()).toMatch(/#\/inbox\/team$/);
    expect(app.problems).toEqual([]);
  });
});
