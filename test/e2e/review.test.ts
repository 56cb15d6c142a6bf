import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect } from 'vitest';
import * as criteriaService from '../../main/services/criteria.js';
import * as reviewsService from '../../main/services/reviews.js';
import * as proposalsService from '../../main/services/reviews-proposals.js';
import * as usersService from '../../main/services/users.js';
import { vocabularyId } from '../../renderer/src/i18n/vocabulary.js';
import { test } from './helpers/fixtures.js';

const en = JSON.parse(readFileSync('shared/i18n/en.json', 'utf8')) as Record<string, string>;

const POLL = { timeout: 20_000, interval: 100 };
const PACK_DIR = resolve('test-results', 'review-pack');

describe('quarterly criteria review (browser harness, demo workspace)', () => {
  test('create a review, make a draft from a rejection pattern, accept it, two owners sign, export the pack as PDF', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const all = usersService.list(db);
    const marketing = all.find((u) => u.team === 'marketing' && u.role === 'owner')!;
    const sales = all.find((u) => u.team === 'sales' && u.role === 'owner')!;
    const before = reviewsService.list(db).map((r) => r.quarter);

    await app.open('/review');
    await page.getByTestId('review-list').waitFor();
    // The demo's past review is in the history with its decision and the version it produced (the active one).
    const past = page.getByTestId('review-history-row');
    await expect.poll(() => past.count(), POLL).toBe(1);
    expect(before).toEqual(['2026Q1']);
    expect(await past.first().textContent()).toMatch(/^2026Q1ClosedApr 25, 2026Accept v2: fewer webinar points.*v2 /);
    await app.screenshot('review-history');
    // Opened, the closed past review is read-only: no editing tools, its decision and actions shown.
    await past.first().getByRole('link', { name: '2026Q1' }).click();
    await expect.poll(() => page.getByTestId('review-page').getAttribute('data-status'), POLL).toBe('closed');
    expect(await page.getByTestId('agenda-add').count()).toBe(0);
    expect(await page.getByTestId('proposal').first().getAttribute('data-decision')).toBe('accept');
    expect(await page.getByTestId('action-item').count()).toBe(2);
    await app.screenshot('review-past-closed');
    await page.getByRole('link', { name: '← All reviews' }).click();
    await page.getByTestId('review-list').waitFor();
    await page.getByTestId('review-quarter').selectOption('2026Q3');
    await page.getByTestId('review-create').click();
    await page.getByTestId('review-page').waitFor();
    expect(await page.getByTestId('review-title').textContent()).toBe('Criteria review 2026Q3');
    const review = reviewsService.list(db).find((r) => r.quarter === '2026Q3')!;
    expect(reviewsService.list(db).map((r) => r.quarter).sort()).toEqual([...before, '2026Q3'].sort());
    const kinds = await page.getByTestId('agenda-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(['funnel', 'rejections', 'offers', 'sla', 'lift', 'proposals']);

    // Meeting mode: attendees, start, a note, the last item moved first, an item of our own, an action.
    await page.getByTestId(`attendee-${marketing.id}`).click();
    await expect.poll(() => reviewsService.get(db, review.id).attendees.length, POLL).toBe(1);
    await page.getByTestId(`attendee-${sales.id}`).click();
    await expect.poll(() => reviewsService.get(db, review.id).attendees.map((a) => a.id).sort(), POLL).toEqual([marketing.id, sales.id].sort());
    await page.getByTestId('review-start').click();
    await expect.poll(() => page.getByTestId('review-page').getAttribute('data-status'), POLL).toBe('in_progress');
    const note = page.getByTestId('agenda-note').first();
    await note.fill('MQLs held up; SAL fell with the pricing page.');
    await note.blur();
    await expect.poll(() => reviewsService.get(db, review.id).agenda[0]!.note, POLL).toBe('MQLs held up; SAL fell with the pricing page.');
    await page.getByTestId('agenda-add-title').fill('Webinar follow-up speed');
    await page.getByTestId('agenda-add').click();
    await expect.poll(() => page.getByTestId('agenda-item').count(), POLL).toBe(7);
    await page.getByRole('button', { name: 'Move “Webinar follow-up speed” up' }).click();
    await expect.poll(() => reviewsService.get(db, review.id).agenda.map((i) => i.title).indexOf('Webinar follow-up speed'), POLL).toBe(5);
    await page.getByTestId('action-text').fill('Draft a seniority rule for webinar leads');
    await page.getByTestId('action-owner').selectOption(marketing.id);
    await page.getByTestId('action-due').fill('2026-10-31');
    await page.getByTestId('action-add').click();
    await expect.poll(() => page.getByTestId('action-item').count(), POLL).toBe(1);
    expect(reviewsService.get(db, review.id).actions[0]).toMatchObject({ ownerId: marketing.id, dueOn: Date.UTC(2026, 9, 31) });

    // A rejection pattern becomes a draft with one click: a clone of the active version with the blamed rule lowered.
    const offered = reviewsService.get(db, review.id).candidates;
    const candidate = offered.find((c) => c.ruleId !== null)!;
    expect(candidate).toBeDefined();
    const item = page.getByTestId('candidate').nth(offered.indexOf(candidate));
    expect(await item.textContent()).toContain(`“${candidate.ruleLabel}” scored, for “${candidate.reasonLabel}”`);
    // A reason that blames no rule offers only the rule on the field its rejected leads shared.
    // (The last test below makes such a reason and drafts its rule.)
    const patternOnly = offered.find((c) => c.ruleId === null);
    if (patternOnly) {
      const li = page.getByTestId('candidate').nth(offered.indexOf(patternOnly));
      expect(await li.getByTestId('candidate-draft').count()).toBe(0);
      expect(await li.getByTestId('candidate-pattern').textContent()).toContain(`for “${patternOnly.reasonLabel}”`);
      expect(await li.getByTestId('candidate-draft-rule').count()).toBe(1);
    }
    await app.screenshot('review-meeting-candidates');
    await item.getByTestId('candidate-draft').click();
    const proposal = page.getByTestId('proposal').first();
    await proposal.waitFor({ timeout: 60_000 });
    // The proposal is attached at once; its backtest and suggestion come from the evidence job.
    await expect.poll(() => proposal.getByTestId('evidence-pending').count(), { timeout: 60_000, interval: 200 }).toBe(0);
    const p = reviewsService.get(db, review.id).proposals[0]!;
    expect(p.evidence?.pending).toBe(false);
    expect(p.evidence?.backtest?.baselineNumber).toBe(2);
    const draft = criteriaService.get(db, p.version.id);
    expect(draft.rules.find((r) => r.label === candidate.ruleLabel)?.points).toBe(candidate.suggestedPoints);
    await app.screenshot('review-meeting-proposal');
    // The card says what the draft changes against the active version, and how far its suggested points can be trusted.
    const signed = (n: number) => new Intl.NumberFormat('en', { signDisplay: 'exceptZero' }).format(n);
    expect(await proposal.getByTestId('proposal-changes').getAttribute('data-from')).toBe('2');
    expect(await proposal.getByTestId('proposal-change').allTextContents()).toEqual([`Changed${candidate.ruleLabel} Points: ${signed(candidate.points!)} → ${signed(candidate.suggestedPoints!)}`]);
    const kept = p.evidence?.suggestion;
    // The suggestion has more rules than a proposal keeps: the card says how many of how many.
    expect(kept?.ruleCount).toBeGreaterThan(kept!.rules.length);
    expect(await proposal.getByTestId('proposal-suggestion').textContent()).toContain(`the ${kept!.rules.length} strongest of ${kept!.ruleCount} rules`);

    // Accept: the draft is proposed for the two-owner sign-off.
    await proposal.getByTestId('decision-accept').check();
    await proposal.getByTestId('decision-reason').fill('Fewer wrong-persona MQLs for the same won deals.');
    await proposal.getByTestId('decision-record').click();
    await expect.poll(() => proposal.getAttribute('data-decision'), POLL).toBe('accept');
    await expect.poll(() => proposal.getAttribute('data-version-status'), POLL).toBe('proposed');
    expect(await page.getByTestId('review-result').textContent()).toContain(`version ${p.version.number}`);
    // Accepted by the meeting is not yet signed: the line says who must approve it.
    expect(await page.getByTestId('review-result').textContent()).toContain('waits for the marketing owner and the sales owner');
    await page.getByTestId('review-agenda').scrollIntoViewIfNeeded();
    await app.screenshot('review-meeting-agenda');
    await proposal.scrollIntoViewIfNeeded();
    await app.screenshot('review-meeting-decided');

    // The version page names the review; the two owners approve through the criteria flow.
    await proposal.getByTestId('proposal-version-link').click();
    await page.getByTestId('version-page').waitFor();
    await expect.poll(() => page.getByTestId('version-review-link').textContent(), POLL).toBe('Produced by the 2026Q3 review');
    expect(usersService.current(db)?.id).toBe(marketing.id);
    await page.getByTestId('action-approve').click();
    await expect.poll(() => criteriaService.get(db, p.version.id).approvals.length, POLL).toBe(1);
    await page.getByTestId('header-user-picker').selectOption(sales.id);
    await expect.poll(() => usersService.current(db)?.id, POLL).toBe(sales.id);
    await expect.poll(() => page.getByTestId('action-approve').isEnabled(), POLL).toBe(true);
    await page.getByTestId('action-approve').click();
    await expect.poll(() => criteriaService.get(db, p.version.id).status, POLL).toBe('approved');
    await app.screenshot('review-version-signed');

    // Back to the review, then the pack: HTML download, and the PDF through the browser's print path.
    await page.getByTestId('version-review-link').click();
    await page.getByTestId('review-page').waitFor();
    await expect.poll(() => page.getByTestId('review-result').textContent(), POLL).toContain('both owners approved it');
    await page.getByTestId('review-open-pack').click();
    await expect.poll(() => page.getByTestId('review-pack-sheet').getAttribute('data-ready'), POLL).toBe('true');
    await app.screenshot('review-pack-screen');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pack-download-html').click()]);
    expect(download.suggestedFilename()).toBe('criteria-review-2026Q3.html');
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toContain('Fewer wrong-persona MQLs for the same won deals.');
    expect(html).toContain(`signed by ${marketing.name} (Marketing`);

    rmSync(PACK_DIR, { recursive: true, force: true });
    mkdirSync(PACK_DIR, { recursive: true });
    const pdfPath = join(PACK_DIR, 'review-2026Q3.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    execFileSync('pdftoppm', ['-r', '60', '-png', pdfPath, join(PACK_DIR, 'page')]);
    const pages = readdirSync(PACK_DIR).filter((f) => f.endsWith('.png'));
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('Criteria review 2026Q3');
    expect(text).toContain('Summary');
    expect(text).toContain('Proposals and decisions');
    expect(text).toContain('Decision: Accepted');
    expect(text).toContain('Draft a seniority rule for webinar leads');
    // The app's own chrome is not printed.
    expect(text).not.toContain('SAL inbox');
    expect(app.problems).toEqual([]);
  }, 180_000);

  test('a proposal whose evidence was not gathered (a cancelled job) offers Gather evidence, which runs the job', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const review = reviewsService.create(db, '2026Q3');
    const key = review.candidates.find((c) => c.ruleId !== null)!.key;
    // As a cancelled evidence job leaves it: attached, evidence pending.
    proposalsService.draftFromCandidate(db, review.id, key, { evidence: 'later' });
    await app.open(`/review/${review.id}`);
    const proposal = page.getByTestId('proposal').first();
    await proposal.getByTestId('evidence-gather').waitFor();
    expect(await proposal.getByTestId('evidence-pending').textContent()).toContain('was not gathered');
    await proposal.scrollIntoViewIfNeeded();
    await app.screenshot('review-evidence-waiting');
    await proposal.getByTestId('evidence-gather').click();
    await expect.poll(() => proposal.getByTestId('evidence-pending').count(), { timeout: 60_000, interval: 200 }).toBe(0);
    const p = reviewsService.get(db, review.id).proposals[0]!;
    expect(p.evidence).toMatchObject({ pending: false, candidateKey: key });
    expect(p.evidence?.backtest?.candidate.mqls).toBeTypeOf('number');
    // The card now shows the backtest table against the active version.
    await expect.poll(() => proposal.locator('table.review-table').count(), POLL).toBe(1);
    await app.screenshot('review-evidence-gathered');

    // A pattern whose rejected leads shared a value (a seniority, an industry) also offers a rule; one click drafts it.
    const alternative = page.getByTestId('candidate-alternative').first();
    await alternative.waitFor();
    // The first one on screen: candidates still open (a lowered rule not drafted yet, or a pattern alone) with a rule change open.
    const c = reviewsService
      .get(db, review.id)
      .candidates.filter((x) => (x.ruleId === null ? true : x.proposalId === null))
      .find((x) => x.alternative && x.alternative.proposalId === null)!;
    // Stored words of a vocabulary read in the UI's words (seniority entry: Entry level).
    const field = c.alternative!.field;
    const words = c.alternative!.values.map((v) => en[vocabularyId(field, v) ?? ''] ?? v);
    const values = new Intl.ListFormat('en', { type: 'disjunction' }).format(words);
    expect(await alternative.textContent()).toContain(`whose ${en[`review.patternField.${field}`]} is ${values} get ${c.alternative!.points} points`);
    await alternative.scrollIntoViewIfNeeded();
    await app.screenshot('review-candidate-alternative');
    await alternative.getByTestId('candidate-draft-rule').click();
    await expect.poll(() => reviewsService.get(db, review.id).proposals.length, POLL).toBe(2);
    const ruled = reviewsService.get(db, review.id).proposals.find((x) => x.evidence?.candidateKey === c.alternative!.key)!;
    const rules = criteriaService.get(db, ruled.version.id).rules;
    const active = criteriaService.list(db).find((v) => v.status === 'active')!;
    expect(rules).toHaveLength(criteriaService.get(db, active.id).rules.length + 1);
    expect(rules).toContainEqual(expect.objectContaining({ kind: 'fit', field, points: c.alternative!.points, value: c.alternative!.values.length === 1 ? c.alternative!.values[0] : c.alternative!.values }));
    expect(app.problems).toEqual([]);
  }, 120_000);

  test('a reason that blames no rule but whose leads shared a value offers that rule alone, and one click drafts it', async ({ app }) => {
    const { page } = app;
    const { db } = app.ws;
    const review = reviewsService.create(db, '2026Q3');
    // The agenda as drafted for a quarter where no rule stood out for a reason whose leads shared a value:
    // its snapshot without blamed rules, and the points that would keep half of them under the MQL line.
    const agenda = review.agenda.map((item) => {
      if (item.data.kind !== 'rejections') return item;
      const i = item.data.reasons.findIndex((r) => r.pattern !== null && r.pattern.rejected >= 3);
      expect(i).toBeGreaterThanOrEqual(0);
      const reasons = item.data.reasons.map((r, j) => (j === i ? { ...r, rules: [], pattern: { ...r.pattern!, toDrop: -6 } } : r));
      return { ...item, data: { ...item.data, reasons } };
    });
    db.prepare('UPDATE reviews SET agenda = ? WHERE id = ?').run(JSON.stringify(agenda), review.id);
    const c = reviewsService.get(db, review.id).candidates.find((x) => x.ruleId === null)!;
    expect(c.alternative).toMatchObject({ points: -6 });
    await app.open(`/review/${review.id}`);
    const li = page.getByTestId('candidate').filter({ has: page.getByTestId('candidate-pattern') });
    await li.waitFor();
    // Nothing to lower: no "lower its points" button, only the rule on the field, with its points.
    expect(await li.getByTestId('candidate-draft').count()).toBe(0);
    expect(await li.getByTestId('candidate-pattern').textContent()).toContain(`for “${c.reasonLabel}”; ${c.alternative!.rejected} of them had`);
    expect(await li.getByTestId('candidate-alternative').textContent()).toContain('get -6 points, enough to keep half of those rejected leads below the lowest MQL level?');
    await li.scrollIntoViewIfNeeded();
    await app.screenshot('review-candidate-pattern-only');
    await li.getByTestId('candidate-draft-rule').click();
    await expect.poll(() => reviewsService.get(db, review.id).proposals.length, POLL).toBe(1);
    const made = reviewsService.get(db, review.id).proposals[0]!;
    expect(made.evidence?.candidateKey).toBe(c.alternative!.key);
    expect(criteriaService.get(db, made.version.id).rules).toContainEqual(expect.objectContaining({ kind: 'fit', field: c.alternative!.field, points: -6 }));
    // Made, the pattern leaves the list of candidates.
    await expect.poll(() => page.getByTestId('candidate-pattern').count(), POLL).toBe(0);
    expect(app.problems).toEqual([]);
  }, 120_000);
});
