import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { startHarness } from '../../main/harness.js';
import * as criteriaService from '../../main/services/criteria.js';
import { explain } from '../../main/services/explain.js';
import { probabilityCurve } from '../../main/services/backtest-probability.js';
import { runBacktest } from '../../main/services/backtest.js';
import { monthOf, monthsBetween } from '../../shared/domain/backtest.js';
import type { Rule } from '../../shared/domain/criteria.js';
import { relabel } from '../../shared/domain/rule-label.js';
import { probabilityAt } from '../../shared/domain/backtest-probability.js';
import { suggestionStrength } from '../../shared/domain/suggest-quality.js';
import { DATASETS, importFile, loadMapping } from '../helpers/import.js';
import { SCREENSHOT_DIR, test } from './helpers/fixtures.js';
import { LeadsPage } from './helpers/pages.js';
import { DEMO_END } from './helpers/workspace.js';

const JOB = { timeout: 60_000 };
const signed = (x: number, digits = 1) => new Intl.NumberFormat('en-US', { signDisplay: 'exceptZero', maximumFractionDigits: digits }).format(x);
const pct = (x: number) => new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(x);
const monthLabel = (m: string) => new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${m}-01T00:00:00Z`));

describe('backtest and suggested points (browser harness)', () => {
  test('backtest a stricter draft against the active version: the difference, side by side, the missed won deals', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const active = criteriaService.list(db).find((v) => v.status === 'active')!;
    // A draft that asks 15 points more at every level: fewer handoffs, some won deals missed.
    const draft = criteriaService.createDraft(db, { fromId: active.id, name: 'Stricter MQL' });
    criteriaService.updateDraft(db, draft.id, { levels: draft.levels.map((l) => ({ ...l, threshold: l.threshold + 15 })) });
    const expected = runBacktest(db, { versionId: draft.id, decisionDays: 30 });
    expect(expected.candidate.missedWon.count).toBeGreaterThan(0);

    await app.open(`/criteria/${draft.id}`);
    await page.getByTestId('open-backtest').click();
    await page.getByTestId('backtest-page').waitFor();
    await page.getByTestId('empty-state').waitFor();
    await app.screenshot('backtest-01-empty');
    expect(await page.getByTestId('backtest-compare').inputValue()).toBe(active.id);
    await page.getByTestId('backtest-run').click();
    await page.getByTestId('backtest-difference').waitFor(JOB);
    const d = expected.difference!;
    expect(await page.getByTestId('backtest-difference').textContent()).toBe(
      `Against v${active.number}: ${signed(d.handoffsPct!)}% handoffs, ${signed(d.wonDeals, 0)} won ${Math.abs(d.wonDeals) === 1 ? 'deal' : 'deals'}, ${signed(d.acceptancePts!)} pts acceptance`,
    );
    const side = page.getByTestId('backtest-side-by-side');
    const mqlRow = await side.locator('tr[data-metric="mqls"] td').allTextContents();
    expect(mqlRow[0]).toBe(`${expected.candidate.mqls.toLocaleString('en-US')} (${pct(expected.candidate.mqlRate!)})`);
    expect(mqlRow[1]).toBe(`${expected.baselineResult!.mqls.toLocaleString('en-US')} (${pct(expected.baselineResult!.mqlRate!)})`);
    // The would-be MQLs split into accepted, rejected, still pending and never handed off: the parts add up.
    const c = expected.candidate;
    expect(c.accepted + c.rejected + c.pending + c.notHandedOff).toBe(c.mqls);
    expect((await side.locator('tr[data-metric="pending"] td').allTextContents())[0]).toBe(c.pending.toLocaleString('en-US'));
    // The missed won deals, listed with why: first the ones the active version did catch.
    const rows = page.getByTestId('backtest-missed-row');
    expect(await rows.count()).toBe(expected.candidate.missedWon.leads.length);
    const first = expected.candidate.missedWon.leads[0]!;
    expect(await rows.first().getAttribute('data-lead-id')).toBe(first.leadId);
    expect(await rows.first().textContent()).toMatch(first.disqualifiedBy ? `Disqualified by ${first.disqualifiedBy}` : first.shortBy === 1 ? /\b1 point short/ : /points short/);
    expect(await rows.first().textContent()).toContain(first.otherCaught ? 'MQL' : 'Missed too');
    // Only the levels changed: an MQL of the active version is missed for the higher threshold, not
    // for rules both versions leave unmet.
    expect(first.otherCaught).toBe(true);
    const lowest = (levels: { threshold: number }[]) => Math.min(...levels.map((l) => l.threshold));
    expect(await rows.first().getByTestId('backtest-missed-why').textContent()).toMatch(
      new RegExp(`points? short · the MQL threshold rose from ${lowest(active.levels)} to ${lowest(active.levels) + 15} versus v${active.number}$`),
    );
    await page.getByTestId('backtest-monthly').waitFor();
    // The chart's months are those the leads were created in, gaps filled: the demo ends on 1 October,
    // so September is the last one (leads of September judged 30 days later gave an empty October).
    const monthLabels = () => page.getByTestId('backtest-monthly').locator('[data-testid="chart-data-table"] tbody th').allTextContents();
    const created = db.prepare('SELECT min(created_at) AS lo, max(created_at) AS hi FROM leads WHERE deleted = 0').get() as { lo: number; hi: number };
    const span = monthsBetween(monthOf(created.lo), monthOf(created.hi));
    expect(span.at(-1)).toBe(monthOf(DEMO_END - 1));
    expect(await monthLabels()).toEqual(span.map(monthLabel));
    expect(expected.candidate.monthly.map((m) => m.month)).toEqual(span);
    await page.getByTestId('backtest-probability-table').waitFor();
    await app.screenshot('backtest-02-result');
    await page.getByTestId('backtest-monthly').scrollIntoViewIfNeeded();
    await app.screenshot('backtest-02b-monthly');
    await page.getByTestId('backtest-missed').scrollIntoViewIfNeeded();
    await app.screenshot('backtest-03-missed');
    // A period up to and including 30 June (sent as 1 July 00:00, exclusive) charts April to June: no July.
    await page.getByTestId('backtest-from').fill('2026-04-01');
    await page.getByTestId('backtest-to').fill('2026-06-30');
    await page.getByTestId('backtest-run').click();
    await expect.poll(monthLabels, JOB).toEqual(['Apr 2026', 'May 2026', 'Jun 2026']);
    await page.getByTestId('backtest-monthly').scrollIntoViewIfNeeded();
    await app.screenshot('backtest-03b-period-months');
    // A period ending mid-month: its last month is only partly there, and says so.
    await page.getByTestId('backtest-to').fill('2026-06-14');
    await page.getByTestId('backtest-run').click();
    await expect.poll(monthLabels, JOB).toEqual(['Apr 2026', 'May 2026', 'Jun 2026 (to Jun 14)']);
    // Nothing was written: the draft has no scores, handoffs stay as they were.
    expect(db.prepare('SELECT count(*) FROM scores WHERE version_id = ?').pluck().get(draft.id)).toBe(0);

    // The lead drawer gives the calibrated win probability of a lead's score beside its points.
    await page.getByTestId('nav-leads').click();
    const leads = new LeadsPage(page);
    await leads.waitForRows();
    const [top] = await leads.visibleRows();
    const drawer = await leads.openRow(top!.id);
    await drawer.waitLoaded();
    const e = explain(db, top!.id)!;
    const band = probabilityAt(probabilityCurve(db, e.versionId).bands, e.total)!;
    const note = drawer.root.getByTestId('explain-probability');
    await note.waitFor();
    expect(await note.textContent()).toContain(`won ${pct(band.probability)} of the time`);
    await app.screenshot('backtest-04-drawer-probability');
    expect(app.problems).toEqual([]);
  });

  test('a draft that cuts points: its missed won deals name what they lost against the active version', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const active = criteriaService.list(db).find((v) => v.status === 'active')!;
    let draft = criteriaService.createDraft(db, { fromId: active.id, name: 'Fewer content points' });
    const cut = (pick: (r: Rule) => boolean, patch: Partial<Rule>) => {
      const r = draft.rules.find(pick)!;
      const next = { ...r, ...patch };
      draft = criteriaService.saveRule(db, draft.id, { ...next, label: relabel(r.label, r, next).label });
    };
    cut((r) => r.value === 'ebook', { points: 2, cap: 4 });
    cut((r) => r.value === 'webinar', { points: 4, cap: 8 });
    cut((r) => r.label === 'Director and above', { points: 5 });
    const expected = runBacktest(db, { versionId: draft.id, decisionDays: 30 });
    const lost = expected.candidate.missedWon.leads.filter((l) => l.otherCaught);
    expect(lost.length).toBeGreaterThan(0);

    await app.open(`/criteria/${draft.id}/backtest`);
    await page.getByTestId('backtest-page').waitFor();
    await page.getByTestId('backtest-run').click();
    await page.getByTestId('backtest-missed-table').waitFor(JOB);
    const rows = page.getByTestId('backtest-missed-row');
    const first = lost[0]!;
    const why = await rows.first().getByTestId('backtest-missed-why').textContent();
    const list = new Intl.ListFormat('en-US', { type: 'conjunction' }).format(first.lost!.rules.map((r) => `${r.label} (−${r.points})`));
    const pts = (n: number) => (n === 1 ? '1 point' : `${n.toLocaleString('en-US')} points`);
    expect(why).toBe(`${pts(first.shortBy!)} short · lost ${pts(first.lost!.points)} from ${list} versus v${active.number}`);
    expect(why).not.toMatch(/demo request|free trial|pricing page|no points from/);
    // A lead neither version made an MQL keeps its "points short" and the rules that could still score.
    const both = expected.candidate.missedWon.leads.findIndex((l) => l.otherCaught === false && !l.disqualifiedBy && l.unmet.length > 0);
    expect(both).toBeGreaterThanOrEqual(0);
    expect(await rows.nth(both).getByTestId('backtest-missed-why').textContent()).toContain('no points from');
    await page.getByTestId('backtest-missed').scrollIntoViewIfNeeded();
    await app.screenshot('backtest-05-missed-lost');
    expect(app.problems).toEqual([]);
  });

  test('suggested points run as a job: a progress bar with Cancel; cancelled, nothing is shown or written', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const versionsBefore = criteriaService.list(db).length;
    await app.open('/criteria/suggest');
    await page.getByTestId('suggest-page').waitFor();
    // Before a run the page invites one and says what it learns from: no "not enough data" yet.
    const idle = page.getByTestId('suggest-idle');
    await idle.waitFor();
    expect(await idle.textContent()).toBe(
      'Run it to get suggested points' +
        'It learns from the leads with a won or lost outcome: the earlier ones train it, and the later ones (from the holdout date, else the latest quarter) judge how well it ranks leads. Nothing is written until you create a draft.',
    );
    expect(await page.getByTestId('empty-state').count()).toBe(0);
    expect(await page.getByTestId('error-state').count()).toBe(0);
    await app.screenshot('suggest-00-idle');
    await page.getByTestId('suggest-outcome').selectOption('accepted');
    expect(await idle.textContent()).toContain('It learns from the handoffs sales accepted or rejected:');
    await page.getByTestId('suggest-outcome').selectOption('won');
    await page.getByTestId('suggest-run').click();
    const bar = page.getByTestId('job-progress');
    await bar.waitFor(JOB);
    await app.screenshot('suggest-00-running');
    // The worker takes a moment to start, so the click nearly always lands while it runs; when the
    // job wins the race, the result is what must show.
    await page.getByTestId('job-cancel').click({ timeout: 2_000 }).catch(() => undefined);
    await expect.poll(() => bar.getAttribute('data-finished'), JOB).toBe('true');
    const phase = await bar.getAttribute('data-phase');
    expect(['cancelled', 'done']).toContain(phase);
    if (phase === 'cancelled') {
      await page.getByTestId('suggest-cancelled').waitFor();
      expect(await page.getByTestId('job-status').textContent()).toBe('Suggested points cancelled; nothing was changed.');
      expect(await page.getByTestId('suggestion').count()).toBe(0);
      await app.screenshot('suggest-00-cancelled');
    } else {
      await page.getByTestId('suggestion').waitFor(JOB);
    }
    expect(criteriaService.list(db)).toHaveLength(versionsBefore);
    // Run again to the end: the bar says it finished, and the suggestion shows.
    await page.getByTestId('suggest-run').click();
    await page.getByTestId('suggestion').waitFor(JOB);
    await expect.poll(() => bar.getAttribute('data-phase'), JOB).toBe('done');
    expect(await page.getByTestId('job-status').textContent()).toBe('Suggested points finished.');
    expect(await idle.count()).toBe(0);
    await app.screenshot('suggest-00-done');
    // The demo's history gives a fit barely better than chance: the draft action says so beside it,
    // in the holdout's own figure, and takes a ticked box.
    const aucs = await Promise.all(['suggest-auc', 'suggest-points-auc'].map(async (id) => Number(await page.getByTestId(id).textContent())));
    const { strength, auc, basis } = suggestionStrength({ auc: aucs[0]!, pointsAuc: aucs[1]! });
    expect(strength).toBe('chance');
    const caution = page.getByTestId('suggest-caution');
    expect(await caution.getAttribute('data-strength')).toBe('chance');
    expect(await caution.textContent()).toContain(
      `Barely better than a coin toss: ${basis === 'points' ? 'AUC of the rounded points' : 'holdout AUC'} ${auc!.toFixed(3)}, where 0.5 is chance.`,
    );
    expect(await caution.textContent()).toContain('import more won and lost deals, or a longer stretch of history');
    const create = page.getByTestId('suggest-create-draft');
    expect(await create.isDisabled()).toBe(true);
    expect(await create.getAttribute('class')).not.toContain('btn-primary');
    await page.getByTestId('suggest-understood').check();
    expect(await create.isEnabled()).toBe(true);
    await page.getByTestId('suggest-create').scrollIntoViewIfNeeded();
    await app.screenshot('suggest-00-caution');
    expect(criteriaService.list(db)).toHaveLength(versionsBefore);
    expect(app.problems).toEqual([]);
  });

  test('suggest points on the Salvirt deals, create a draft from them; the draft shows its holdout AUC', async ({ browser }) => {
    const dir = mkdtempSync(join(tmpdir(), 'leadpact-e2e-salvirt-'));
    const path = join(dir, 'Salvirt.db');
    const db = openWorkspace(path, { create: true });
    const file = join(DATASETS, 'salvirt-b2b-sales/Salvirt_B2B_ML_dataset_HF.csv');
    await importFile(db, file, loadMapping('salvirt-deals-leads.json'));
    await importFile(db, file, loadMapping('salvirt-deals-outcomes.json'));
    const harness = await startHarness({ dbPath: path, port: 0 });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
    try {
      await page.goto(`${harness.url}#/criteria`);
      // A fresh harness and workspace: its first load can be slow on a busy machine.
      await page.getByTestId('open-suggest').waitFor(JOB);
      await page.getByTestId('open-suggest').click();
      await page.getByTestId('suggest-page').waitFor();
      await page.getByTestId('suggest-rate').fill('30');
      await page.getByTestId('suggest-run').click();
      await page.getByTestId('suggestion').waitFor(JOB);
      // It ran as a job: the bar stays with its outcome until dismissed.
      await expect.poll(() => page.getByTestId('job-progress').getAttribute('data-phase'), JOB).toBe('done');
      const auc = (await page.getByTestId('suggest-auc').textContent())!;
      expect(Number(auc)).toBeGreaterThan(0.7);
      // A usable fit: no caution, and Create draft is the primary action.
      expect(await page.getByTestId('suggest-caution').count()).toBe(0);
      expect(await page.getByTestId('suggest-create-draft').getAttribute('class')).toContain('btn-primary');
      expect(await page.getByTestId('suggest-rule').count()).toBeGreaterThan(10);
      await page.getByTestId('suggest-calibration').waitFor();
      await shot('suggest-01-salvirt');
      // Each suggested rule reads as the criteria editor words it, not as the candidate's raw key.
      const firstRule = page.getByTestId('suggest-rule').first();
      expect(await firstRule.locator('td').first().textContent()).not.toMatch(/ = |attributes\./);
      await firstRule.scrollIntoViewIfNeeded();
      await shot('suggest-01b-salvirt-rules');
      await page.getByTestId('suggest-draft-name').fill('Salvirt suggestion');
      await page.getByTestId('suggest-create-draft').click();
      await page.getByTestId('version-page').waitFor();
      expect(await page.getByTestId('version-title').textContent()).toContain('Salvirt suggestion');
      const version = criteriaService.list(db).find((v) => v.name === 'Salvirt suggestion')!;
      expect(version.status).toBe('draft');
      expect(version.rationale).toContain(`AUC ${auc}`);
      // The rationale on the version page carries the holdout AUC.
      await expect.poll(() => page.getByTestId('details-rationale').inputValue(), { timeout: 10_000 }).toContain(`AUC ${auc}`);
      await shot('suggest-02-draft');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await harness.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
