import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { Decision, Proposal, Review } from '../../../../shared/contracts/reviews.js';
import { useErrorText } from '../../components/States.js';
import { useVersions } from '../../hooks/use-criteria.js';
import { JobProgress } from '../../components/JobProgress.js';
import { useCurrentJob } from '../../hooks/use-jobs.js';
import { useAddProposal, useDecide, useDraftFromCandidate, useGatherEvidence } from '../../hooks/use-reviews.js';
import { useT } from '../../i18n/index.js';
import { useVocabulary } from '../../i18n/vocabulary.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';
import { criteriaHref } from '../criteria/routes.js';

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
      <p className="muted" hidden={p.evidence?.pending}>
        {p.evidence?.suggestion
          ? t('review.proposals.suggestion', { rules: p.evidence.suggestion.rules.length, auc: p.evidence.suggestion.holdoutAuc === null ? '—' : intl.formatNumber(p.evidence.suggestion.holdoutAuc, { minimumFractionDigits: 3, maximumFractionDigits: 3 }) })
          : t('review.proposals.noSuggestion', { why: p.evidence?.suggestionError ?? '' })}
      </p>
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
