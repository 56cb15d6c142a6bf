import type { Db } from '../db/connection.js';
import { activeVersionId, ruleDefinition } from '../db/criteria.repo.js';
import { reportingCurrency } from '../db/currency.repo.js';
import { now } from '../db/ids.js';
import * as repo from '../db/reviews.repo.js';
import type { BacktestParams, BacktestResult, VersionBacktestDto } from '../../shared/contracts/backtest.js';
import { EvidenceSchema, type BacktestFigures, type Decision, type Evidence, type Review } from '../../shared/contracts/reviews.js';
import { strongestFirst } from '../../shared/domain/suggest-quality.js';
import { AppError, isAppError } from '../../shared/errors.js';
import { translator } from '../i18n/translator.js';
import { BacktestCancelled, runBacktest } from './backtest.js';
import * as criteria from './criteria.js';
import { audit, get } from './reviews.js';
import { runSuggest } from './suggest.js';

/** Proposals: draft versions attached to a review, their evidence frozen, and the meeting's decision on each. */

const figures = (r: VersionBacktestDto): BacktestFigures => ({
  mqls: r.mqls,
  acceptanceRate: r.acceptanceRate,
  sqlRate: r.sqlRate,
  winRate: r.winRate,
  won: r.won,
  revenue: r.revenue,
  missedWon: r.missedWon.count,
  missedWonRevenue: r.missedWon.revenue,
  avoidedRejections: r.avoidedRejections.count,
});

/** How many suggested rules a proposal keeps: the strongest, as the Suggest page lists them first. */
export const SUGGESTED_RULES_KEPT = 12;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The backtest against the active version and the suggested points, as they are now, kept in the
 * proposal so the pack shows what the meeting saw even after more data comes in. A backtest or
 * suggestion that cannot run (no history, thin data) is recorded with its reason, not hidden.
 */
export interface EvidenceOptions {
  /** Compare with this version instead of the active one (the demo's past review compares v2 with v1). */
  compareToId?: string;
  /** Only leads created before this moment: evidence as it stood on the day of a past review. */
  to?: number;
  /** Suggested points learn from every decided lead, so a past review's evidence leaves them out. */
  suggest?: boolean;
  /** From the evidence job: a cancel ends the gathering (nothing is recorded), progress is 0..1. */
  isCancelled?: () => boolean;
  onProgress?: (fraction: number, phase: 'backtest' | 'suggest') => void;
  /** Runs the backtest instead of runBacktest, with the params it would get (the demo's is fed during its simulation). */
  backtest?: (params: BacktestParams) => BacktestResult;
}

/** Thrown out of gatherEvidence when its job is cancelled: the proposal's evidence stays pending. */
export class EvidenceCancelled extends AppError {
  constructor() {
    super('conflict', 'Gathering the evidence was cancelled; the proposal waits for it.');
  }
}

/** What a proposal holds until its evidence job has run. */
export function pendingEvidence(change: { text: string; candidateKey: string } | null, at = now()): Evidence {
  return { computedAt: at, change: change?.text ?? null, candidateKey: change?.candidateKey ?? null, backtest: null, backtestError: null, suggestion: null, suggestionError: null, pending: true };
}

export function gatherEvidence(db: Db, versionId: string, change: { text: string; candidateKey: string } | null, at = now(), opts: EvidenceOptions = {}): Evidence {
  const evidence: Evidence = { ...pendingEvidence(change, at), pending: false };
  const cancelled = () => {
    if (opts.isCancelled?.()) throw new EvidenceCancelled();
  };
  try {
    const params: BacktestParams = { versionId, decisionDays: 30, ...(opts.compareToId ? { compareToId: opts.compareToId } : {}), ...(opts.to !== undefined ? { to: opts.to } : {}) };
    const b = opts.backtest
      ? opts.backtest(params)
      : runBacktest(db, params, {
          ...(opts.isCancelled ? { isCancelled: opts.isCancelled } : {}),
          onProgress: (done, total) => opts.onProgress?.(total > 0 ? (0.8 * done) / total : 0, 'backtest'),
        });
    const base = b.baselineResult && b.baseline?.id !== b.version.id ? b.baselineResult : null;
    const baseMonthly = new Map((base?.monthly ?? []).map((m) => [m.month, m.mqls]));
    evidence.backtest = {
      candidate: figures(b.candidate),
      baseline: base ? figures(base) : null,
      baselineNumber: base ? (b.baseline?.number ?? null) : null,
      baselineId: base ? (b.baseline?.id ?? null) : null,
      currency: reportingCurrency(db),
      // Months are the leads' creation months, so none lies after the period; the guard keeps a past review's pack to its period even so.
      monthly: b.candidate.monthly
        .filter((m) => opts.to === undefined || m.month <= new Date(opts.to).toISOString().slice(0, 7))
        .map((m) => ({ month: m.month, mqls: m.mqls, baselineMqls: base ? (baseMonthly.get(m.month) ?? 0) : null })),
      warnings: b.warnings,
    };
  } catch (e) {
    if (e instanceof BacktestCancelled) throw new EvidenceCancelled();
    if (!isAppError(e)) throw e;
    evidence.backtestError = e.message;
  }
  cancelled();
  if (opts.suggest === false) {
    evidence.suggestionError = 'not part of this review (they learn from every decided lead, later ones included).';
    return evidence;
  }
  opts.onProgress?.(0.8, 'suggest');
  try {
    const s = runSuggest(db, { outcome: 'won', mqlRate: 0.2, decisionDays: 30, exclude: [] });
    evidence.suggestion = {
      method: s.method,
      holdoutAuc: s.holdout.auc,
      pointsAuc: s.holdout.pointsAuc,
      ruleCount: s.rules.length,
      rules: strongestFirst(s.rules)
        .slice(0, SUGGESTED_RULES_KEPT)
        .map((r) => ({ label: r.label, points: r.points, n: r.n, winRate: r.winRate, kind: r.kind, field: r.field, operator: r.operator, value: r.value })),
    };
  } catch (e) {
    if (!isAppError(e)) throw e;
    evidence.suggestionError = message(e);
  }
  cancelled();
  opts.onProgress?.(1, 'suggest');
  return evidence;
}

function attach(db: Db, reviewId: string, versionId: string, title: string, evidence: Evidence): Review {
  return db.transaction(() => {
    const review = get(db, reviewId);
    if (review.status === 'closed') throw new AppError('conflict', `The ${review.quarter} review is closed; reopen it to add proposals.`);
    if (review.proposals.some((p) => p.version.id === versionId)) {
      throw new AppError('conflict', 'That version is already a proposal of this review.');
    }
    const id = repo.insertProposal(db, { reviewId, versionId, title, evidence: JSON.stringify(evidence) });
    audit(db, reviewId, 'proposal add', { proposalId: id, versionId, title });
    return get(db, reviewId);
  })();
}

/** Attach a draft (or proposed) version the user made elsewhere. */
/**
 * `later`: attach with pending evidence, for the caller to start the evidence job (the app); by
 * default the evidence is gathered before returning (the CLI, tests, the demo).
 */
export interface AttachOptions {
  evidence?: 'now' | 'later';
  /** The language of the words a draft is made with (the UI's); English by default. */
  locale?: string;
}

export function addProposal(db: Db, reviewId: string, versionId: string, title?: string, opts: AttachOptions = {}): Review {
  get(db, reviewId);
  const v = criteria.get(db, versionId);
  if (v.status !== 'draft' && v.status !== 'proposed') {
    throw new AppError('conflict', `Version ${v.number} is ${v.status}; only a draft or proposed version can be a proposal.`);
  }
  const evidence = opts.evidence === 'later' ? pendingEvidence(null) : gatherEvidence(db, versionId, null);
  return attach(db, reviewId, versionId, title ?? `v${v.number} ${v.name}`, evidence);
}

/**
 * The blamed rule in the active version. The pattern names the rule of the version that handed the
 * leads off; once a clone of it is live (the usual outcome of the last review), that rule has a new
 * id there: the same rule is the one with the same kind, field, operator and value, else the one
 * with the same kind and label, when there is exactly one.
 */
function activeRuleOf<R extends { id: string; kind: string; label: string; field: string; operator: string; value: unknown }>(
  db: Db,
  rules: readonly R[],
  c: { ruleId: string; ruleLabel: string; ruleKind: string },
): R | undefined {
  const byId = rules.find((r) => r.id === c.ruleId);
  if (byId) return byId;
  const one = (xs: R[]) => (xs.length === 1 ? xs[0] : undefined);
  const was = ruleDefinition(db, c.ruleId);
  const same = was
    ? one(rules.filter((r) => r.kind === was.kind && r.field === was.field && r.operator === was.operator && JSON.stringify(r.value) === JSON.stringify(was.value)))
    : undefined;
  return same ?? one(rules.filter((r) => r.kind === c.ruleKind && r.label === c.ruleLabel));
}

/**
 * One click on a rejection pattern: a clone of the active version with the blamed rule's points
 * lowered, made through the criteria service (its validation and audit), attached with its evidence.
 */
export function draftFromCandidate(db: Db, reviewId: string, key: string, opts: AttachOptions = {}): Review {
  const review = get(db, reviewId);
  const alt = review.candidates.find((x) => x.alternative?.key === key);
  if (alt) return draftRuleFromCandidate(db, review, alt, opts);
  const c = review.candidates.find((x) => x.key === key);
  if (!c) throw new AppError('not_found', `The ${review.quarter} review has no candidate ${key}.`);
  if (c.proposalId) throw new AppError('conflict', `A draft was already made from this pattern.`);
  if (c.ruleId === null || c.ruleLabel === null || c.ruleKind === null || c.points === null || c.suggestedPoints === null) {
    throw new AppError('conflict', 'This pattern blames no rule to lower; make the draft with the rule it offers instead.');
  }
  const activeId = activeVersionId(db);
  if (!activeId) throw new AppError('conflict', 'There is no active criteria version to clone.');
  const active = criteria.get(db, activeId);
  const rule = activeRuleOf(db, active.rules, { ruleId: c.ruleId, ruleLabel: c.ruleLabel, ruleKind: c.ruleKind });
  if (!rule) throw new AppError('conflict', `The active version v${active.number} no longer has the rule "${c.ruleLabel}".`);
  const tr = translator(opts.locale ?? 'en');
  const words = { rule: c.ruleLabel, reason: tr.reason('rejection', c.reasonLabel, c.reasonCode), count: c.count, from: c.points, to: c.suggestedPoints, quarter: review.quarter };
  const text = tr.t('review.draft.lower.text', words);
  const version = db.transaction(() => {
    const draft = criteria.createDraft(db, { fromId: activeId, name: tr.t('review.draft.lower.name', words) });
    // The clone's rules have new ids, in the same order as the active version's.
    const cloned = draft.rules[active.rules.indexOf(rule)];
    if (!cloned || cloned.label !== rule.label) throw new AppError('internal', `The clone of v${active.number} lost the rule "${rule.label}".`);
    criteria.saveRule(db, draft.id, { ...cloned, points: c.suggestedPoints });
    return criteria.updateDraft(db, draft.id, { rationale: tr.t('review.draft.rationale', { quarter: review.quarter, text }) });
  })();
  const title = tr.t('review.draft.lower.title', words);
  const change = { text, candidateKey: c.key };
  return attach(db, reviewId, version.id, title, opts.evidence === 'later' ? pendingEvidence(change) : gatherEvidence(db, version.id, change));
}

/**
 * The pattern's other change: a clone of the active version with one more fit rule, giving the leads
 * with the values the rejected leads shared the blamed rule's points back as negative points.
 */
function draftRuleFromCandidate(db: Db, review: Review, c: Review['candidates'][number], opts: AttachOptions): Review {
  const a = c.alternative!;
  if (a.proposalId) throw new AppError('conflict', `A draft was already made from this pattern.`);
  const activeId = activeVersionId(db);
  if (!activeId) throw new AppError('conflict', 'There is no active criteria version to clone.');
  const tr = translator(opts.locale ?? 'en');
  const values = a.values.map((v) => tr.word(a.field, v)).join(', ');
  const field = tr.t(`review.patternField.${a.field}`);
  const words = { rule: c.ruleLabel ?? '', reason: tr.reason('rejection', c.reasonLabel, c.reasonCode), count: c.count, rejected: a.rejected, field, values, points: a.points, quarter: review.quarter };
  // A pattern with no blamed rule says only what the rejected leads shared.
  const text = tr.t(c.ruleLabel === null ? 'review.draft.patternRule.text' : 'review.draft.rule.text', words);
  const version = db.transaction(() => {
    const draft = criteria.createDraft(db, { fromId: activeId, name: tr.t('review.draft.rule.name', words) });
    criteria.saveRule(db, draft.id, {
      kind: 'fit',
      label: tr.t('review.draft.rule.label', { field: tr.t(`criteria.field.${a.field}`), values, count: a.values.length }),
      field: a.field,
      operator: a.values.length === 1 ? 'equals' : 'in',
      value: a.values.length === 1 ? a.values[0]! : a.values,
      points: a.points,
    });
    return criteria.updateDraft(db, draft.id, { rationale: tr.t('review.draft.rationale', { quarter: review.quarter, text }) });
  })();
  const title = tr.t('review.draft.rule.title', words);
  const change = { text, candidateKey: a.key };
  return attach(db, review.id, version.id, title, opts.evidence === 'later' ? pendingEvidence(change) : gatherEvidence(db, version.id, change));
}

/**
 * The meeting's decision on a proposal. Accepting proposes the draft for the two-owner sign-off
 * (the owners then approve through the criteria flow) and records the version as the review's result.
 */
export function decide(db: Db, reviewId: string, proposalId: string, decision: Decision, reason: string): Review {
  if (!reason.trim()) throw new AppError('validation', 'Say why (the reason of a decision is kept in the review and its pack).');
  return db.transaction(() => {
    const review = get(db, reviewId);
    if (review.status === 'closed') throw new AppError('conflict', `The ${review.quarter} review is closed; reopen it to change a decision.`);
    const p = review.proposals.find((x) => x.id === proposalId);
    if (!p) throw new AppError('not_found', `The ${review.quarter} review has no proposal ${proposalId}.`);
    if (decision === 'accept') {
      const other = review.proposals.find((x) => x.id !== proposalId && x.decision === 'accept');
      if (other) throw new AppError('conflict', `"${other.title}" is already accepted; a review produces one version. Defer or reject one of them.`);
      if (p.version.status === 'draft') criteria.propose(db, p.version.id);
      else if (p.version.status !== 'proposed' && p.version.status !== 'approved' && p.version.status !== 'active') {
        throw new AppError('conflict', `Version ${p.version.number} is ${p.version.status}; it cannot be accepted.`);
      }
      repo.updateReview(db, reviewId, { resultingVersionId: p.version.id });
    } else if (p.decision === 'accept') {
      repo.updateReview(db, reviewId, { resultingVersionId: null });
    }
    repo.decideProposal(db, proposalId, decision, reason);
    audit(db, reviewId, `decision ${decision}`, { proposalId, versionId: p.version.id, reason });
    return get(db, reviewId);
  })();
}

/** The review whose proposal holds this version (the accepted one first). */
export function forVersion(db: Db, versionId: string): { reviewId: string; quarter: string; decision: Decision | null; decisionReason: string | null } | null {
  const rows = repo.proposalsForVersion(db, versionId);
  const p = rows.find((r) => r.decision === 'accept') ?? rows[0];
  if (!p) return null;
  const r = repo.getReview(db, p.review_id);
  return r ? { reviewId: r.id, quarter: r.quarter, decision: p.decision, decisionReason: p.decision_reason } : null;
}

/** The review's proposals whose evidence is still to be gathered. */
export function pendingProposals(db: Db, reviewId: string): { proposalId: string; versionId: string; change: { text: string; candidateKey: string } | null }[] {
  return repo.listProposals(db, reviewId).flatMap((p) => {
    const parsed = EvidenceSchema.safeParse(p.backtest === null ? null : JSON.parse(p.backtest));
    const e = parsed.success ? parsed.data : null;
    if (!e?.pending) return [];
    return [{ proposalId: p.id, versionId: p.version_id, change: e.change && e.candidateKey ? { text: e.change, candidateKey: e.candidateKey } : null }];
  });
}

/** Record gathered evidence, in one transaction; a proposal removed or gathered meanwhile is left alone. */
export function recordEvidence(db: Db, reviewId: string, gathered: readonly { proposalId: string; evidence: Evidence }[]): number {
  return db.transaction(() => {
    const pending = new Set(pendingProposals(db, reviewId).map((p) => p.proposalId));
    let n = 0;
    for (const g of gathered) {
      if (!pending.has(g.proposalId)) continue;
      repo.setProposalEvidence(db, g.proposalId, JSON.stringify(g.evidence));
      n += 1;
    }
    if (n > 0) audit(db, reviewId, 'proposal evidence', { proposals: gathered.map((g) => g.proposalId) });
    return n;
  })();
}
