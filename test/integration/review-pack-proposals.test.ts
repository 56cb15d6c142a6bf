import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setProposalEvidence } from '../../main/db/reviews.repo.js';
import * as criteria from '../../main/services/criteria.js';
import * as currency from '../../main/services/currency.js';
import { generateDemo } from '../../main/services/demo/index.js';
import { packHtml } from '../../main/services/review-pack.js';
import * as reviews from '../../main/services/reviews.js';
import * as proposals from '../../main/services/reviews-proposals.js';
import { runSuggest } from '../../main/services/suggest.js';
import { setCurrent } from '../../main/services/users.js';
import { EvidenceSchema } from '../../shared/contracts/reviews.js';
import { strongestFirst, suggestionStrength } from '../../shared/domain/suggest-quality.js';
import { day } from '../helpers/report-builders.js';
import { buildReviewFixture, type ReviewFixture } from '../helpers/review-fixture.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/*
 * What a proposal changes and the evidence it carries, on the review page's data and in the pack:
 * the rule differences against the version it was compared with, the backtest's revenue, and the
 * strongest suggested rules worded as the criteria are.
 */
const AS_OF = day(2026, 10, 15);
const text = (html: string) =>
  html
    .replace(/<svg.*?<\/svg>/gs, '')
    .replace(/<br>/g, ' / ')
    .replace(/<\/(td|th)>/g, ' | ')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
/** The pack's section of one proposal, as text. */
const proposalText = (html: string, title: string) => {
  const sections = html.split('<section class="proposal">').slice(1);
  const mine = sections.find((s) => s.includes(title));
  if (!mine) throw new Error(`no proposal ${title} in the pack`);
  return text(mine.split('</section>')[0]!);
};

describe('a proposal in the review and its pack', () => {
  let t: TestDb;
  let f: ReviewFixture;
  beforeEach(() => {
    t = createTestDb();
    f = buildReviewFixture(t.db);
  });
  afterEach(() => t.cleanup());

  /** v1 cloned: Enterprise 10 → 5, Webinar 8 → 4 capped at 8, Dutch removed, an entry-level rule added, MQL at 5, SLA 24 h. */
  function draftWithChanges(): string {
    const draft = criteria.createDraft(t.db, { fromId: f.versionId, name: 'Lower the size bar' });
    const byLabel = (label: string) => draft.rules.find((r) => r.label === label)!;
    criteria.saveRule(t.db, draft.id, { ...byLabel('Enterprise'), points: 5 });
    criteria.saveRule(t.db, draft.id, { ...byLabel('Webinar'), points: 4, cap: 8 });
    criteria.removeRule(t.db, draft.id, byLabel('Dutch').id);
    criteria.saveRule(t.db, draft.id, { kind: 'fit', label: 'Entry level', field: 'seniority', operator: 'equals', value: 'entry', points: -10 });
    criteria.updateDraft(t.db, draft.id, { levels: [{ name: 'MQL', threshold: 5 }], slaHours: 24 });
    return draft.id;
  }

  it('says what the draft changes against the version its backtest compared it with, on the proposal and in the pack', () => {
    const r = reviews.create(t.db, '2026Q3', AS_OF);
    const draftId = draftWithChanges();
    const p = proposals.addProposal(t.db, r.id, draftId, 'Lower the size bar').proposals[0]!;
    expect(p.evidence?.backtest?.baselineId).toBe(f.versionId);
    expect(p.changes?.from).toEqual({ id: f.versionId, number: 1, name: 'v1' });
    const d = p.changes!.diff;
    expect(d.changed.map((c) => [c.label, c.changes.map((x) => [x.field, x.from, x.to])]).sort()).toEqual([
      ['Enterprise', [['points', 10, 5]]],
      ['Webinar', [['points', 8, 4], ['cap', null, 8]]],
    ]);
    expect(d.removed.map((x) => x.label)).toEqual(['Dutch']);
    expect(d.added.map((x) => x.label)).toEqual(['Entry level']);
    expect(d.levels).toEqual([{ name: 'MQL', from: 30, to: 5 }]);
    expect(d.sla).toEqual({ from: 48, to: 24, businessHoursFrom: false, businessHoursTo: false });

    const en = proposalText(packHtml(t.db, r.id).html, 'Lower the size bar');
    expect(en).toContain('What changes against v1');
    expect(en).toContain('1 rule added, 1 removed, 2 changed; 1 level threshold changed.');
    const changes = en.slice(en.indexOf('What changes against v1'), en.indexOf('Backtest against'));
    // Levels and SLA first, then the rules by kind, in the criteria editor's words.
    expect(changes).toMatch(
      /Changed \| Level MQL \| 30 points or more → 5 points or more \|.*Changed \| SLA for a decision \| 48 hours → 24 hours \|.*Changed \| Enterprise \(Fit\) \| Points: \+10 → \+5 \|.*Removed \| Dutch \(Fit\) \| Country is NL \/ \+5 points \|.*Added \| Entry level \(Fit\) \| Seniority is Entry level \/ -10 points \|.*Changed \| Webinar \(Engagement\) \| Points: \+8 → \+4 \/ Cap: none → 8 \|/s,
    );
    // In the reader's language too.
    const cs = proposalText(packHtml(t.db, r.id, { locale: 'cs' }).html, 'Lower the size bar');
    expect(cs).toContain('Co se mění oproti v1');
    expect(cs).toContain('Body: +10 → +5');
    expect(cs).toContain('Úroveň MQL');
  });

  it('keeps the backtest revenue in new evidence and prints it: captured, its change, and the missed won deals', () => {
    const r = reviews.create(t.db, '2026Q3', AS_OF);
    const p = proposals.addProposal(t.db, r.id, draftWithChanges(), 'Lower the size bar').proposals[0]!;
    const b = p.evidence!.backtest!;
    // v1 (MQL at 30) hands off none of the fixture's leads as of their decision: the won deal (1,000) is missed;
    // the draft (MQL at 5) catches it.
    expect(b.baseline).toMatchObject({ revenue: 0, missedWon: 1, missedWonRevenue: 1000 });
    expect(b.candidate).toMatchObject({ revenue: 1000, missedWon: 0, missedWonRevenue: 0 });
    expect(b.currency).toBeNull();
    const en = proposalText(packHtml(t.db, r.id).html, 'Lower the size bar');
    expect(en).toContain('Revenue captured | 0 | 1,000 |');
    expect(en).toContain('Revenue of won deals missed | 1,000 | 0 |');
    expect(en).toContain('Revenue captured: +1,000 against v1.');

    // Gathered under a reporting currency, the amounts say which.
    setCurrent(t.db, f.marketingOwner);
    currency.setReporting(t.db, 'USD');
    const withCurrency = proposals.gatherEvidence(t.db, p.version.id, null);
    expect(withCurrency.backtest?.currency).toBe('USD');
    setProposalEvidence(t.db, p.id, JSON.stringify(withCurrency));
    expect(proposalText(packHtml(t.db, r.id).html, 'Lower the size bar')).toContain('Revenue captured: +$1,000 against v1.');
  });

  it('reads evidence stored before these fields were kept: first rules by label, no counts, baseline by number', () => {
    const r = reviews.create(t.db, '2026Q3', AS_OF);
    const p = proposals.addProposal(t.db, r.id, draftWithChanges(), 'Lower the size bar', { evidence: 'later' }).proposals[0]!;
    const figures = { mqls: 3, acceptanceRate: 0.5, sqlRate: 0.2, winRate: 0.1, won: 1, revenue: 2500, missedWon: 2, avoidedRejections: 1 };
    const old = {
      computedAt: AS_OF,
      change: null,
      candidateKey: null,
      backtest: { candidate: figures, baseline: { ...figures, revenue: 1000 }, baselineNumber: 1, monthly: [], warnings: [] },
      backtestError: null,
      suggestion: {
        method: 'logistic_l2',
        holdoutAuc: 0.598,
        rules: [
          { label: 'attributes.plan_interest = pro', points: 1, n: 40, winRate: 0.2 },
          { label: 'budget missing', points: -3, n: 90, winRate: 0.1 },
          { label: 'source = direct', points: 4, n: 30, winRate: 0.4 },
        ],
      },
      suggestionError: null,
      pending: false,
    };
    setProposalEvidence(t.db, p.id, JSON.stringify(old));
    const got = reviews.get(t.db, r.id).proposals[0]!;
    expect(got.evidence).toEqual(EvidenceSchema.parse(old));
    expect(got.changes?.from.number).toBe(1);
    const en = proposalText(packHtml(t.db, r.id).html, 'Lower the size bar');
    // The strongest first, by their labels (no condition was kept), and no "of N" it cannot know.
    expect(en).toMatch(/source = direct \| \+4 \|.*budget missing \| -3 \|.*attributes\.plan_interest = pro \| \+1 \|/s);
    expect(en).not.toContain('strongest of');
    expect(en).toContain('Barely better than a coin toss: holdout AUC 0.598');
    expect(en).toContain('Revenue captured | 1,000 | 2,500 |');
    expect(en).toContain('Revenue captured: +1,500 against v1.');
    expect(en).not.toContain('Revenue of won deals missed');
  });

  it('says so when there is no other version to compare with', () => {
    const r = reviews.create(t.db, '2026Q3', AS_OF);
    // A draft of its own, with no active version: nothing to set it against.
    t.db.prepare("UPDATE criteria_versions SET status = 'retired' WHERE id = ?").run(f.versionId);
    const lone = criteria.createDraft(t.db, { name: 'From scratch' });
    const p = proposals.addProposal(t.db, r.id, lone.id, 'From scratch', { evidence: 'later' }).proposals[0]!;
    expect(p.changes).toBeNull();
    expect(proposalText(packHtml(t.db, r.id).html, 'From scratch')).toContain('There is no other version to compare it with.');
  });
});

describe('the suggested points a proposal keeps (demo history)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = createTestDb();
    await generateDemo(t.db, { leads: 3_000, seed: 'evidence', endDate: Date.UTC(2026, 9, 1) });
  }, 120_000);
  afterAll(() => t?.cleanup());

  it('are the strongest rules, as the Suggest page orders them, with how many there were, worded and cautioned in the pack', () => {
    const r = reviews.create(t.db, '2026Q3', AS_OF);
    const active = criteria.list(t.db).find((v) => v.status === 'active')!;
    const draft = criteria.createDraft(t.db, { fromId: active.id, name: 'Same rules' });
    const p = proposals.addProposal(t.db, r.id, draft.id, 'Same rules').proposals[0]!;
    const s = p.evidence!.suggestion!;
    const live = runSuggest(t.db, { outcome: 'won', mqlRate: 0.2, decisionDays: 30, exclude: [] });
    expect(live.rules.length).toBeGreaterThan(proposals.SUGGESTED_RULES_KEPT);
    expect(s.ruleCount).toBe(live.rules.length);
    expect(s.pointsAuc).toBe(live.holdout.pointsAuc);
    const strongest = strongestFirst(live.rules).slice(0, proposals.SUGGESTED_RULES_KEPT);
    expect(s.rules.map((x) => [x.label, x.points, x.field, x.operator])).toEqual(strongest.map((x) => [x.label, x.points, x.field, x.operator]));
    // Not a slice by label: the kept rules are at least as strong as any left out.
    const weakestKept = Math.min(...s.rules.map((x) => Math.abs(x.points)));
    expect(Math.max(...live.rules.filter((x) => !s.rules.some((k) => k.label === x.label)).map((x) => Math.abs(x.points)))).toBeLessThanOrEqual(weakestKept);

    const en = proposalText(packHtml(t.db, r.id).html, 'Same rules');
    expect(en).toContain(`The ${s.rules.length} strongest of ${live.rules.length} suggested rules, largest points first.`);
    const table = en.slice(en.indexOf('largest points first.'));
    // Every kept rule is printed, in order, none in its raw code.
    let at = 0;
    for (const x of s.rules) {
      const sign = x.points > 0 ? `+${x.points}` : String(x.points);
      const i = table.indexOf(` | ${sign} | ${x.n.toLocaleString('en')} |`, at);
      expect(i, x.label).toBeGreaterThan(at - 1);
      at = i + 1;
    }
    for (const x of s.rules) if (x.field?.startsWith('attributes.') || x.operator === 'missing') expect(table).not.toContain(`${x.label} |`);
    const { strength } = suggestionStrength({ auc: s.holdoutAuc, pointsAuc: s.pointsAuc ?? null });
    if (strength === 'chance') expect(en).toContain('Barely better than a coin toss');
    else if (strength === 'weak') expect(en).toContain('A weak fit');
    else expect(en).not.toMatch(/coin toss|A weak fit/);
  });
});
