import { useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import type { HandoffOutcome, HandoffRow } from '../../../../shared/contracts/handoffs.js';
import { EmptyState, ErrorState, LoadingState, Spinner, useErrorText } from '../../components/States.js';
import { useVersion } from '../../hooks/use-criteria.js';
import { useHandoffList, useOpenOpportunity, useSetChecklist } from '../../hooks/use-handoffs.js';
import { useOutcome } from '../../hooks/use-outcomes.js';
import { useCurrentUser } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';
import { StageBadge } from '../leads/StageBadge.js';
import { OutcomeForm } from '../outcomes/OutcomeForm.js';

const SORT = { column: 'decidedAt', dir: 'desc' } as const;

/**
 * SAL → SQL → opportunity → won/lost: the rep's accepted leads; ticking every SQL rule (BANT) of the
 * qualifying version makes one an SQL, which gets an opportunity, whose outcome the rep records here.
 */
export function AcceptedPage({ repId }: { repId: string | null }) {
  const t = useT();
  const current = useCurrentUser();
  const rep = repId ?? current.data?.id ?? null;
  const list = useHandoffList(SORT, { repId: rep ?? undefined, status: 'accepted' });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.rows) ?? [], [list.data]);
  const [openId, setOpenId] = useState<string | null>(null);

  if (current.isPending || list.isPending) return <LoadingState />;
  if (!rep) return <EmptyState title={t('inbox.noUser.title')} hint={t('inbox.noUser.hint')} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (rows.length === 0)
    return <EmptyState title={t('inbox.accepted.empty.title')} hint={t('inbox.accepted.empty.hint')} />;
  const open = rows.find((r) => r.id === openId) ?? rows[0]!;

  return (
    <div className="inbox-body" data-testid="accepted">
      <ol className="queue" aria-label={t('inbox.accepted.label')}>
        {rows.map((h) => (
          <li key={h.id} className={`queue-item${h.id === open.id ? ' is-active' : ''}`} data-handoff-id={h.id}>
            <button type="button" className="queue-main" onClick={() => setOpenId(h.id)}>
              <span className="queue-line">
                <span className="queue-name">{h.leadName}</span>
                <StageBadge stage={h.leadStage} />
              </span>
              <span className="queue-company muted">{h.company}</span>
            </button>
          </li>
        ))}
        {list.hasNextPage ? (
          <li>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => void list.fetchNextPage()}>
              {t('inbox.accepted.more')}
            </button>
          </li>
        ) : null}
      </ol>
      <div className="inbox-detail">
        <Checklist key={open.id} handoff={open} />
      </div>
    </div>
  );
}

function Checklist({ handoff: h }: { handoff: HandoffRow }) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const version = useVersion(h.versionId);
  const save = useSetChecklist();
  const opportunity = useOpenOpportunity();
  const [ticks, setTicks] = useState<Record<string, boolean>>(h.checklist);
  const rules = (version.data?.rules ?? []).filter((r) => r.kind === 'sql');
  const done = rules.length > 0 && rules.every((r) => ticks[r.id]);
  const isSql = h.leadStage === 'sql';
  // Past SQL the checklist is history: it qualified the lead, it no longer counts towards anything.
  const pastSql = h.leadStage === 'opportunity' || h.leadStage === 'won' || h.leadStage === 'lost';

  const toggle = (id: string, on: boolean) => {
    const next = { ...ticks, [id]: on };
    setTicks(next);
    save.mutate({ id: h.id, checklist: next }, { onError: () => setTicks(h.checklist) });
  };

  return (
    <article className="handoff-card" data-testid="sql-checklist" data-handoff-id={h.id}>
      <header className="handoff-card-header">
        <div>
          <h2 className="handoff-card-title">{h.leadName}</h2>
          <p className="handoff-card-company">{h.company}</p>
        </div>
        <StageBadge stage={h.leadStage} />
      </header>
      {h.decidedAt !== null ? (
        <p className="muted">
          {t('inbox.accepted.when', {
            date: intl.formatDate(h.decidedAt, { dateStyle: 'medium', timeStyle: 'short' }),
            name: h.decidedByName ?? '–',
          })}
        </p>
      ) : null}
      <section className="drawer-section">
        <h3 className="section-title">{t('inbox.checklist.title')}</h3>
        {h.versionId === null ? <p className="muted">{t('inbox.checklist.noVersion')}</p> : null}
        {version.isPending && h.versionId !== null ? <Spinner /> : null}
        {version.isError ? <ErrorState error={version.error} onRetry={() => void version.refetch()} /> : null}
        {version.data && rules.length === 0 ? <p className="muted">{t('inbox.checklist.none')}</p> : null}
        {rules.length > 0 ? (
          <fieldset className="checklist" disabled={h.leadStage !== 'sal' && h.leadStage !== 'sql'}>
            <legend className="visually-hidden">{t('inbox.checklist.title')}</legend>
            {rules.map((r) => (
              <label key={r.id} className="check checklist-item" data-rule-id={r.id}>
                <input
                  type="checkbox"
                  checked={ticks[r.id] === true}
                  onChange={(e) => toggle(r.id, e.target.checked)}
                />
                <span>{r.label}</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <p className="checklist-status" role="status" data-testid="checklist-status">
          {isSql
            ? t('inbox.checklist.isSql')
            : pastSql
              ? t('inbox.checklist.qualified')
              : rules.length > 0
              ? t('inbox.checklist.progress', {
                  done: rules.filter((r) => ticks[r.id]).length,
                  total: rules.length,
                })
              : null}
          {done && !isSql && save.isPending ? <Spinner /> : null}
        </p>
        {save.isError ? (
          <p className="field-error" role="alert">
            {errorText(save.error)}
          </p>
        ) : null}
      </section>
      {isSql ? (
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={opportunity.isPending}
            onClick={() => opportunity.mutate(h.id)}
            data-testid="open-opportunity"
          >
            {t('inbox.checklist.openOpportunity')}
          </button>
          {opportunity.isError ? (
            <span className="field-error" role="alert">
              {errorText(opportunity.error)}
            </span>
          ) : null}
        </div>
      ) : null}
      {h.leadStage === 'opportunity' || h.outcome !== null ? <OutcomeSection handoff={h} /> : null}
    </article>
  );
}

/** The opportunity's end: the lead's outcome if it has one, and (while the deal is open) the way to record it. */
function OutcomeSection({ handoff: h }: { handoff: HandoffRow }) {
  const t = useT();
  const errorText = useErrorText();
  const [recording, setRecording] = useState(false);
  const canRecord = h.leadStage === 'opportunity';
  // An open deal (imported, or linked when the opportunity opened) is closed by editing it, not by a second outcome.
  const open = canRecord && h.outcome?.result === 'open' ? h.outcome.id : null;
  const existing = useOutcome(open);
  const waiting = open !== null && existing.isPending;

  return (
    <section className="drawer-section accepted-outcome" data-testid="accepted-outcome">
      <h3 className="section-title">{t('inbox.accepted.outcome.title')}</h3>
      {h.outcome ? (
        <OutcomeSummary outcome={h.outcome} />
      ) : (
        <p className="muted" data-testid="accepted-outcome-none">
          {t('inbox.accepted.outcome.none')}
        </p>
      )}
      {canRecord ? (
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={waiting || existing.isError}
            onClick={() => setRecording(true)}
            data-testid="record-outcome"
          >
            {t('inbox.accepted.outcome.record')}
          </button>
          {waiting ? <Spinner /> : null}
          {existing.isError ? (
            <span className="field-error" role="alert">
              {errorText(existing.error)}
            </span>
          ) : null}
        </div>
      ) : null}
      {recording && !waiting ? (
        <OutcomeForm
          row={open !== null ? (existing.data ?? null) : null}
          lead={{ id: h.leadId, name: h.leadName }}
          onClose={() => setRecording(false)}
        />
      ) : null}
    </section>
  );
}

/** "Won · €12,500 · 2 Jun 2026": the result, the amount when known, and the close (else open) date. */
function OutcomeSummary({ outcome: o }: { outcome: HandoffOutcome }) {
  const t = useT();
  const intl = useIntl();
  // Outcome dates are days, stored as UTC midnight.
  const day = (ms: number) => intl.formatDate(ms, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const facts = [
    o.amount !== null ? intl.formatNumber(o.amount, { style: 'currency', currency: o.currency, maximumFractionDigits: 0 }) : null,
    o.result !== 'open' && o.closedAt !== null
      ? day(o.closedAt)
      : o.openedAt !== null
        ? t('inbox.accepted.outcome.opened', { date: day(o.openedAt) })
        : null,
  ].filter((f) => f !== null);
  return (
    <p className="accepted-outcome-summary" data-testid="accepted-outcome-summary" data-result={o.result}>
      <span className={`badge outcome-${o.result}`}>{t(`outcomes.result.${o.result}`)}</span>
      {facts.length > 0 ? <span>{facts.join(' · ')}</span> : null}
    </p>
  );
}
