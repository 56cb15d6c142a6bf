import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { Decision, Proposal, Review } from '../../../../shared/contracts/reviews.js';
import { strongestFirst, suggestionStrength } from '../../../../shared/domain/suggest-quality.js';
import { changeLines, conditionOr } from '../../../../shared/i18n/rule-words.js';
import { useErrorText } from '../../components/States.js';
import { useVersions } from '../../hooks/use-criteria.js';
import { JobProgress } from '../../components/JobProgress.js';
import { useCurrentJob } from '../../hooks/use-jobs.js';
import { useAddProposal, useDecide, useDraftFromCandidate, useGatherEvidence } from '../../hooks/use-reviews.js';
import { useT } from '../../i18n/index.js';
import { useVocabulary } from '../../i18n/vocabulary.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';
import { criteriaHref } from '../criteria/routes.js';
import { useRuleWords } from '../criteria/rule-words.js';

/** How many lines of what a proposal changes its card shows; the rest are a link to Compare away. */
const CHANGES_SHOWN = 6;
/** How many of the strongest suggested rules the card names. */
const SUGGESTED_NAMED = 3;

/** What the proposal's version changes against the version its evidence compared it with, compactly. */
function ProposalChanges({ proposal: p }: { proposal: Proposal }) {
  const t = useT();
  const intl = useIntl();
  const words = useRuleWords();
  const ch = p.changes;
  if (!ch) {
    return (
      <p className="muted" data-testid="proposal-changes-none">
        {t('review.changes.noBase')}
      </p>
    );
  }
  const lines = changeLines(ch.diff, words, t);
  const compare = (
    <a href={criteriaHref({ page: 'diff', fromId: ch.from.id, toId: p.version.id })} data-testid="proposal-compare-link">
      {t('review.changes.compare', { from: ch.from.number, to: p.version.number })}
    </a>
  );
  return (
    <div className="review-changes" data-testid="proposal-changes" data-from={ch.from.number}>
      <h4 className="review-changes-title">{t('review.changes.title', { number: ch.from.number })}</h4>
      {lines.length === 0 ? (
        <p className="muted">{t('criteria.diff.nothing')}</p>
      ) : (
        <ul className="review-changes-list">
          {lines.slice(0, CHANGES_SHOWN).map((l, i) => (
            <li key={`${l.type}-${l.kind ?? ''}-${l.label}-${i}`} data-testid="proposal-change" data-type={l.type}>
              <span className={`diff-tag is-${l.type}`}>{t(`criteria.diff.tag.${l.type}`)}</span>
              <span className="review-change-label" dir="auto">
                {l.label}
              </span>{' '}
              <span className="muted">{intl.formatList(l.details, { type: 'unit' })}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted review-changes-more">
        {lines.length > CHANGES_SHOWN ? <>{t('review.changes.more', { count: lines.length - CHANGES_SHOWN })} · </> : null}
        {compare}
      </p>
    </div>
  );
}

/** The suggested points kept in the evidence: how many of how many, the strongest named, and how far to trust them. */
function SuggestionLine({ proposal: p }: { proposal: Proposal }) {
  const t = useT();
  const intl = useIntl();
  const words = useRuleWords();
  const s = p.evidence?.suggestion;
  if (!s) return <p className="muted">{t('review.proposals.noSuggestion', { why: p.evidence?.suggestionError ?? '' })}</p>;
  const dec = (x: number | null) => (x === null ? '—' : intl.formatNumber(x, { minimumFractionDigits: 3, maximumFractionDigits: 3 }));
  const rules = strongestFirst(s.rules);
  const { strength, auc, basis } = suggestionStrength({ auc: s.holdoutAuc, pointsAuc: s.pointsAuc ?? null });
  // Evidence kept before the count was stored says how many it kept, as it always did.
  const count =
    s.ruleCount !== undefined && s.ruleCount > rules.length
      ? t('review.proposals.suggestionStrongest', { shown: rules.length, total: s.ruleCount, auc: dec(s.holdoutAuc) })
      : t('review.proposals.suggestion', { rules: rules.length, auc: dec(s.holdoutAuc) });
  const named = rules.slice(0, SUGGESTED_NAMED).map((r) => `${conditionOr(words, r)} ${words.points(r.points)}`);
  return (
    <div className="review-suggestion" data-testid="proposal-suggestion" data-strength={strength}>
      <p className="muted">
        {count}
        {named.length > 0 ? <> {t('review.proposals.suggestionLead', { rules: intl.formatList(named, { type: 'unit' }) })}</> : null}
      </p>
      {strength !== 'usable' ? (
        <p className={`review-caution is-${strength}`} data-testid="proposal-suggestion-caution">
          {t(`suggest.caution.${strength}`, { basis, auc: dec(auc) })}
        </p>
      ) : null}
    </div>
  );
}

function DecisionForm({ review, proposal }: { review: Review; proposal: Proposal }) {
  const t = useT();
  const errorText = useErrorText();
  const decide = useDecide();
  const [decision, setDecision] = useState<Decision>(proposal.decision ?? 'accept');
  const [reason, setReason] = useState(proposal.decisionReason ?? '');
  const [editing, setEditing] = useState(proposal.decision === null);
  if (review.status === 'closed') return null;
  if (!editing) {
    return (
      <button type="button" className="btn btn-small" onClick={() => setEditing(true)} data-testid="decision-change">
        {t('review.proposals.change')}
      </button>
    );
  }
  return (
    <div className="review-decide" data-testid="proposal-decide">
      <div className="review-row" role="radiogroup" aria-label={t('review.proposals.decision')}>
        {(['accept', 'reject', 'defer'] as const).map((d) => (
          <label key={d} className="review-check">
            <input type="radio" name={`decision-${proposal.id}`} checked={decision === d} onChange={() => setDecision(d)} data-testid={`decision-${d}`} />
            {t(`review.decision.${d}`)}
          </label>
        ))}
      </div>
      <input className="input" value={reason} maxLength={2000} placeholder={t('review.proposals.reason')} aria-label={t('review.proposals.reason')} onChange={(e) => setReason(e.target.value)} data-testid="decision-reason" />
      <button type="button" className="btn btn-primary" disabled={!reason.trim() || decide.isPending} onClick={() => decide.mutate({ id: review.id, proposalId: proposal.id, decision, reason: reason.trim() }, { onSuccess: () => setEditing(false) })} data-testid="decision-record">
        {t('review.proposals.record')}
      </button>
      {decision === 'accept' && proposal.decision !== 'accept' ? <p className="muted">{t('review.proposals.acceptHint')}</p> : null}
      {decide.isError ? <p className="field-error" role="alert">{errorText(decide.error)}</p> : null}
    </div>
  );
}

/** A proposal whose backtest and suggestion are still to come: being gathered, or waiting after a Cancel. */
function PendingEvidence({ review }: { review: Review }) {
  const t = useT();
  const errorText = useErrorText();
  const job = useCurrentJob('evidence');
  const gather = useGatherEvidence();
  if (job && !job.finished) return <p className="muted" data-testid="evidence-pending">{t('review.proposals.evidenceRunning')}</p>;
  return (
    <div className="review-row" data-testid="evidence-pending">
      <p className="muted">{t('review.proposals.evidenceWaiting')}</p>
      {review.status !== 'closed' ? (
        <button type="button" className="btn btn-small" disabled={gather.isPending} onClick={() => gather.mutate(review.id)} data-testid="evidence-gather">
          {t('review.proposals.evidenceGather')}
        </button>
      ) : null}
      {gather.isError ? <p className="field-error" role="alert">{errorText(gather.error)}</p> : null}
    </div>
  );
}

function ProposalCard({ review, proposal: p }: { review: Review; proposal: Proposal }) {
  const t = useT();
  const intl = useIntl();
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : intl.formatNumber(x, { style: 'percent', maximumFractionDigits: 1 }));
  const b = p.evidence?.backtest;
  const rows: [string, string, string][] = b
    ? [
        [t('review.proposals.mqls'), b.baseline ? intl.formatNumber(b.baseline.mqls) : '—', intl.formatNumber(b.candidate.mqls)],
        [t('review.proposals.acceptance'), pct(b.baseline?.acceptanceRate), pct(b.candidate.acceptanceRate)],
        [t('review.proposals.winRate'), pct(b.baseline?.winRate), pct(b.candidate.winRate)],
        [t('review.proposals.won'), b.baseline ? intl.formatNumber(b.baseline.won) : '—', intl.formatNumber(b.candidate.won)],
      ]
    : [];
  return (
    <li className="review-proposal" data-testid="proposal" data-decision={p.decision ?? ''} data-version-status={p.version.status}>
      <div className="review-agenda-head">
        <h3>{p.title}</h3>
        {p.decision ? <span className={`decision-tag decision-${p.decision}`}>{t(`review.decision.${p.decision}`)}</span> : null}
      </div>
      {p.evidence?.change ? <p>{p.evidence.change}</p> : null}
      <p className="muted">
        <a href={criteriaHref({ page: 'version', id: p.version.id })} data-testid="proposal-version-link">
          {t('review.versionLabel', { number: p.version.number, name: p.version.name })}
        </a>{' '}
        · {t(`review.versionStatus.${p.version.status}`, { approvals: p.version.approvals })}
      </p>
      <ProposalChanges proposal={p} />
      {p.evidence?.pending ? (
        <PendingEvidence review={review} />
      ) : b ? (
        <table className="review-table compact">
          <thead>
            <tr>
              <th />
              <th className="num">{t('review.proposals.active', { number: b.baselineNumber ?? 0 })}</th>
              <th className="num">{t('review.proposals.proposal', { number: p.version.number })}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, a, c]) => (
              <tr key={label}>
                <td>{label}</td>
                <td className="num">{a}</td>
                <td className="num">{c}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('review.proposals.noBacktest', { why: p.evidence?.backtestError ?? '' })}</p>
      )}
      {p.evidence?.pending ? null : <SuggestionLine proposal={p} />}
      {p.decisionReason ? <p className="review-reason">{t('review.proposals.because', { reason: p.decisionReason })}</p> : null}
      <DecisionForm review={review} proposal={p} />
    </li>
  );
}

/** Rejection patterns as candidate proposals, proposals with their frozen evidence, and the meeting's decision on each. */
export function ProposalsSection({ review }: { review: Review }) {
  const t = useT();
  const word = useVocabulary();
  const intl = useIntl();
  const reasonLabel = useReasonLabel();
  const errorText = useErrorText();
  const draft = useDraftFromCandidate();
  const attach = useAddProposal();
  const versions = useVersions();
  const [versionId, setVersionId] = useState('');
  const closed = review.status === 'closed';
  const attached = new Set(review.proposals.map((p) => p.version.id));
  const drafts = (versions.data ?? []).filter((v) => (v.status === 'draft' || v.status === 'proposed') && !attached.has(v.id));
  // A pattern that blames no rule is only its rule on the field: open until that draft is made.
  const open = review.candidates.filter((c) => (c.ruleId === null ? c.alternative !== null && c.alternative.proposalId === null : c.proposalId === null));
  const error = draft.error ?? attach.error;
  return (
    <section className="card card-wide" aria-labelledby="review-proposals-title" data-testid="review-proposals">
      <h2 id="review-proposals-title" className="card-title">
        {t('review.proposals.title')}
      </h2>
      {open.length > 0 && !closed ? (
        <>
          <h3 className="review-subtitle">{t('review.candidates.title')}</h3>
          <ul className="review-candidates">
            {open.map((c) => (
              <li key={c.key} data-testid="candidate">
                {c.ruleId !== null ? (
                  <>
                    <span>{t('review.candidates.text', { count: c.count, rule: c.ruleLabel ?? '', reason: reasonLabel('rejection', c.reasonLabel, c.reasonCode), from: c.points ?? 0, to: c.suggestedPoints ?? 0 })}</span>
                    <button type="button" className="btn btn-small" disabled={draft.isPending} onClick={() => draft.mutate({ id: review.id, key: c.key, locale: intl.locale })} data-testid="candidate-draft">
                      {draft.isPending && draft.variables?.key === c.key ? t('review.candidates.working') : t('review.candidates.makeDraft')}
                    </button>
                  </>
                ) : c.alternative ? (
                  <span data-testid="candidate-pattern">
                    {t('review.candidates.patternText', { count: c.count, reason: reasonLabel('rejection', c.reasonLabel, c.reasonCode), rejected: c.alternative.rejected, field: t(`review.patternField.${c.alternative.field}`), values: intl.formatList(c.alternative.values.map((v) => word(c.alternative!.field, v)), { type: 'disjunction' }) })}
                  </span>
                ) : null}
                {c.alternative && c.alternative.proposalId === null ? (
                  <div className="review-candidate-alt" data-testid="candidate-alternative">
                    <span>
                      {t(c.ruleId === null ? 'review.candidates.patternRule' : 'review.candidates.alternative', { field: t(`review.patternField.${c.alternative.field}`), values: intl.formatList(c.alternative.values.map((v) => word(c.alternative!.field, v)), { type: 'disjunction' }), points: c.alternative.points, rejected: c.alternative.rejected })}
                    </span>
                    <button type="button" className="btn btn-small" disabled={draft.isPending} onClick={() => draft.mutate({ id: review.id, key: c.alternative!.key, locale: intl.locale })} data-testid="candidate-draft-rule">
                      {draft.isPending && draft.variables?.key === c.alternative.key ? t('review.candidates.working') : t('review.candidates.makeRuleDraft')}
                    </button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {review.proposals.length === 0 ? <p className="muted">{t('review.proposals.empty')}</p> : null}
      {review.proposals.some((p) => p.evidence?.pending) ? <JobProgress kind="evidence" /> : null}
      <ul className="review-proposals">
        {review.proposals.map((p) => (
          <ProposalCard key={p.id} review={review} proposal={p} />
        ))}
      </ul>
      {!closed && drafts.length > 0 ? (
        <div className="review-row">
          <select className="select" value={versionId} onChange={(e) => setVersionId(e.target.value)} aria-label={t('review.proposals.attachLabel')} data-testid="proposal-attach-version">
            <option value="">{t('review.proposals.attachLabel')}</option>
            {drafts.map((v) => (
              <option key={v.id} value={v.id}>
                {t('review.versionLabel', { number: v.number, name: v.name })}
              </option>
            ))}
          </select>
          <button type="button" className="btn" disabled={!versionId || attach.isPending} onClick={() => attach.mutate({ id: review.id, versionId }, { onSuccess: () => setVersionId('') })}>
            {attach.isPending ? t('review.candidates.working') : t('review.proposals.attach')}
          </button>
        </div>
      ) : null}
      {error ? <p className="field-error" role="alert">{errorText(error)}</p> : null}
    </section>
  );
}
