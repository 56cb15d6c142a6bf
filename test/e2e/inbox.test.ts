import { describe, expect } from 'vitest';
import * as handoffsService from '../../main/services/handoffs.js';
import { test } from './helpers/fixtures.js';
import { InboxPage, LoopReport } from './helpers/inbox-pages.js';
import { makeTriageWorkspace } from './helpers/inbox-workspace.js';

const POLL = { timeout: 10_000, interval: 50 };

describe('SAL inbox: a rep triages 20 handoffs with the keyboard only, and marketing sees exactly those decisions', () => {
  test('accepts, rejects with reasons (one needing a comment), a recycle with a date, an undo and bulk decisions; then the Pareto', async ({
    app,
  }) => {
    const { page } = app;
    const { db } = app.ws;
    const ws = makeTriageWorkspace(db, 20);
    const inbox = new InboxPage(page);
    // Charts draw without animation under reduced motion, so screenshots show the final picture.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    // Every Content-Security-Policy violation (an eval, an inline script) is recorded, to check that
    // ECharts adds none: it must draw under the strict policy (test/e2e/csp.test.ts covers every view).
    await page.addInitScript(`window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber + ' @' + location.hash));`);
    await app.open('/inbox');
    await inbox.waitLoaded();
    await expect.poll(() => inbox.pendingCount(), POLL).toBe(20);

    // The queue is in SLA order (the lines in view; it is virtualised), and the overdue ones say so in words.
    const lines = await inbox.rendered();
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const h = ws.pending[line.index]!;
      expect(line.id).toBe(h.id);
      // The "!" before an overdue line is an aria-hidden icon; the words carry the meaning.
      expect(line.sla).toMatch(h.breached ? /^!?Overdue by \d/ : /^Due in \d/);
    }
    const breached = ws.pending.filter((h) => h.breached).length;
    expect(breached).toBeGreaterThan(0);
    expect(breached).toBeLessThan(20);
    expect(await page.getByTestId('inbox-breached').textContent()).toContain(`${breached} past`);
    await app.screenshot('inbox-1-queue');

    // ? shows the keys; Esc closes them.
    await inbox.press('?');
    await inbox.keysDialog.waitFor({ state: 'visible' });
    await app.screenshot('inbox-2-keys');
    await inbox.press('Escape');
    await inbox.keysDialog.waitFor({ state: 'hidden' });

    const decided = async (n: number) => expect.poll(() => inbox.pendingCount(), POLL).toBe(20 - n);
    const at = async (i: number) => ws.pending[i]!.id;
    let done = 0;
    const expectActive = async (i: number) => expect.poll(() => inbox.activeId(), POLL).toBe(await at(i));

    // 1: a accepts.
    await expectActive(0);
    await inbox.press('a');
    await decided(++done);
    await expect.poll(() => inbox.toast.textContent(), POLL).toContain(`Accepted ${ws.pending[0]!.leadName}`);
    await app.screenshot('inbox-3-accepted-toast');

    // 2: r then the number of a reason that needs nothing else: two keystrokes.
    await expectActive(1);
    await inbox.press('r');
    await inbox.picker.waitFor({ state: 'visible' });
    await app.screenshot('inbox-4-picker');
    await inbox.press(ws.keyOf('outside_icp'));
    await decided(++done);

    // 3: "1" could start 10–13; it counts alone after a short pause.
    await inbox.press('r', ws.keyOf('invalid_contact'));
    await decided(++done);

    // 4: a recycle with a re-open date: the date field takes focus, the rep types it, Enter confirms.
    await inbox.press('r', ...ws.keyOf('bad_timing').split(''));
    const date = inbox.picker.getByTestId('picker-date');
    await expect.poll(() => date.evaluate((el) => el === document.activeElement), POLL).toBe(true);
    await page.keyboard.type('03152027');
    await app.screenshot('inbox-5-picker-date');
    await inbox.press('Enter');
    await decided(++done);

    // 5: "Other" needs a comment: Enter without one is refused, with one it is recorded.
    await inbox.press('r', ...ws.keyOf('other').split(''));
    const comment = inbox.picker.getByTestId('picker-comment');
    await expect.poll(() => comment.evaluate((el) => el === document.activeElement), POLL).toBe(true);
    await inbox.press('Enter');
    await expect.poll(() => inbox.picker.getByTestId('picker-error').textContent(), POLL).toContain('needs a comment');
    await app.screenshot('inbox-6-picker-comment-required');
    await page.keyboard.type('A student doing a thesis on lead scoring.');
    await inbox.press('Enter');
    await decided(++done);

    // 6: c writes a comment that goes with the next decision, here an accept.
    await inbox.press('c');
    await inbox.commentDialog.waitFor({ state: 'visible' });
    await page.keyboard.type('Budget confirmed on the call; demo on Tuesday.');
    await inbox.press('Enter');
    await inbox.commentDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('card-draft-comment').textContent(), POLL).toContain('demo on Tuesday');
    await app.screenshot('inbox-7-card-with-comment');
    await inbox.press('a');
    await decided(++done);

    // 7: accept, then u undoes it: the handoff is back and active again; then reject it for no budget.
    await expectActive(6);
    await inbox.press('a');
    await decided(++done);
    await inbox.toast.getByTestId('undo-button').waitFor({ state: 'visible' });
    await app.screenshot('inbox-8-undo-countdown');
    await inbox.press('u');
    await decided(--done);
    await expectActive(6);
    expect(handoffsService.get(db, await at(6)).decision).toBe('pending');
    await inbox.press('r', ws.keyOf('no_budget'));
    await decided(++done);

    // 8–10: more single-reason rejections, one with two digits.
    await inbox.press('r', ws.keyOf('no_need'));
    await decided(++done);
    await inbox.press('r', ...ws.keyOf('no_response').split(''));
    await decided(++done);
    await inbox.press('r', ws.keyOf('outside_icp'));
    await decided(++done);

    // 11–13: x selects three, Shift+A accepts them together.
    await expectActive(10);
    await inbox.press('x', 'j', 'x', 'j', 'x');
    await expect.poll(() => page.getByTestId('selection-count').textContent(), POLL).toBe('3 selected');
    await app.screenshot('inbox-9-selection');
    await inbox.press('Shift+A');
    await decided((done += 3));
    // u undoes the whole bulk decision at once; select the three again and accept them.
    await inbox.press('u');
    await decided((done -= 3));
    await expectActive(10);
    await inbox.press('x', 'j', 'x', 'j', 'x', 'Shift+A');
    await decided((done += 3));

    // 14–15: two selected, Shift+R rejects both with one reason.
    await expectActive(13);
    await inbox.press('x', 'j', 'x', 'Shift+R');
    await inbox.picker.waitFor({ state: 'visible' });
    expect(await inbox.picker.textContent()).toContain('Reject 2 handoffs');
    await inbox.press(ws.keyOf('no_budget'));
    await decided((done += 2));

    // 16–20: the rest.
    await inbox.press('a');
    await decided(++done);
    await inbox.press('a');
    await decided(++done);
    await inbox.press('r', ws.keyOf('outside_icp'));
    await decided(++done);
    await inbox.press('r', ws.keyOf('unsupported_geography'));
    await decided(++done);
    await inbox.press('a');
    await decided(++done);
    expect(done).toBe(20);
    await page.getByTestId('empty-state').waitFor({ state: 'visible' });
    await app.screenshot('inbox-10-inbox-zero');

    // The store holds exactly these decisions.
    const mine = handoffsService.list(db, { filters: { repId: ws.rep.id, status: 'all' }, limit: 100 }).rows;
    expect(mine).toHaveLength(20);
    expect(mine.filter((h) => h.decision === 'pending')).toHaveLength(0);
    const byId = new Map(mine.map((h) => [h.id, h]));
    const get = (i: number) => byId.get(ws.pending[i]!.id)!;
    expect(get(0).decision).toBe('accepted');
    expect(get(3)).toMatchObject({ decision: 'rejected', action: 'recycle', reopenAt: Date.UTC(2027, 2, 15) });
    expect(get(4).comment).toBe('A student doing a thesis on lead scoring.');
    expect(get(5)).toMatchObject({ decision: 'accepted', comment: 'Budget confirmed on the call; demo on Tuesday.' });
    expect(get(6).reasonId).toBe(ws.reason('no_budget').id);
    const expected: Record<string, number> = {
      outside_icp: 3,
      invalid_contact: 1,
      bad_timing: 1,
      other: 1,
      no_budget: 3,
      no_need: 1,
      no_response: 1,
      unsupported_geography: 1,
    };
    const stored: Record<string, number> = {};
    for (const h of mine) {
      if (h.decision !== 'rejected') continue;
      const code = ws.reasons.find((r) => r.id === h.reasonId)!.code;
      stored[code] = (stored[code] ?? 0) + 1;
    }
    expect(stored).toEqual(expected);
    expect(mine.filter((h) => h.decision === 'accepted')).toHaveLength(8);

    // Marketing's view: the Pareto for this rep shows exactly those decisions.
    const violationsBefore = (await page.evaluate('window.__cspViolations')) as string[];
    await page.getByTestId('nav-insights').click();
    const report = new LoopReport(page);
    await report.root.waitFor({ state: 'visible' });
    await page.getByTestId('loop-filter-rep').selectOption(ws.rep.id);
    await expect.poll(() => report.counts(), POLL).toEqual(expected);
    // Sorted by count, largest first, and the summary says 12 of 20.
    const counts = Object.values(await report.counts());
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(await report.chart.getByTestId('chart-summary').textContent()).toContain(
      '12 rejections out of 20 decided handoffs',
    );
    // ECharts drew under the strict CSP: bars and the cumulative line are in the SVG.
    await expect.poll(() => report.chart.locator('svg path').count(), POLL).toBeGreaterThan(8);
    await app.screenshot('loop-1-pareto');

    // A bar drills down to the leads and the rep's comment.
    await page.locator('[data-testid="pareto-row"][data-reason-code="other"]').getByTestId('pareto-drill').click();
    await report.drill.waitFor({ state: 'visible' });
    await expect.poll(() => report.drill.getByTestId('drill-row').count(), POLL).toBe(1);
    expect(await report.drill.getByTestId('drill-comment').textContent()).toContain('A student doing a thesis');
    await app.screenshot('loop-2-drill');

    // Split by offer: stacked bars, still the same totals.
    await page.getByTestId('split-offer').click();
    await expect.poll(() => report.counts(), POLL).toEqual(expected);
    await app.screenshot('loop-3-split-offer');
    await page.getByTestId('trend').scrollIntoViewIfNeeded();
    await app.screenshot('loop-4-trend');
    expect(await page.evaluate('window.__cspViolations')).toEqual(violationsBefore);

    // A selection with nothing in it says so, for the Pareto and the trend alike.
    await page.getByTestId('loop-filter-from').fill('2030-01-01');
    await page.getByTestId('pareto').getByTestId('empty-state').waitFor({ state: 'visible' });
    await page.getByTestId('trend').getByTestId('empty-state').waitFor({ state: 'visible' });
    expect(await page.getByTestId('pareto').textContent()).toContain('Nothing has been decided in this selection yet.');
    await page.getByTestId('loop-page').scrollIntoViewIfNeeded();
    await app.screenshot('loop-5-empty');
    expect(app.problems).toEqual([]);
  });
});
