import { useIntl } from 'react-intl';
import type { HandoffRow } from '../../../../shared/contracts/handoffs.js';
import { ErrorState, Spinner } from '../../components/States.js';
import { useLead } from '../../hooks/use-leads.js';
import { useRegionName, useT } from '../../i18n/index.js';
import { useTouchpointType } from '../../i18n/touchpoint-types.js';
import { useVocabulary } from '../../i18n/vocabulary.js';
import { LeadExplanation } from '../leads/LeadExplanation.js';
import { StageBadge } from '../leads/StageBadge.js';
import { slaState, useSlaWords } from './sla-words.js';

interface Props {
  handoff: HandoffRow;
  now: number;
  draftComment: string;
  busy: boolean;
  onAccept: () => void;
  onReject: () => void;
  onComment: () => void;
}

/** The handoff in front of the rep: who, which company, why it is an MQL, what they did, and the SLA. */
export function HandoffCard({ handoff: h, now, draftComment, busy, onAccept, onReject, onComment }: Props) {
  const t = useT();
  const intl = useIntl();
  const region = useRegionName();
  const sla = useSlaWords();
  const state = slaState(h.slaDueAt, now);
  const dateTime = (ms: number) => intl.formatDate(ms, { dateStyle: 'medium', timeStyle: 'short' });
  const facts: [string, string | null][] = [
    [t('lead.field.email'), h.leadEmail],
    [t('lead.field.jobTitle'), h.jobTitle],
    [t('lead.field.country'), h.country ? (region(h.country) ?? h.country) : null],
    [t('lead.field.industry'), h.industry],
    [t('lead.field.employees'), h.employees === null ? null : intl.formatNumber(h.employees)],
    [t('lead.field.firstOffer'), h.firstOfferName],
  ];

  return (
    <article
      className="handoff-card"
      aria-labelledby={`card-${h.id}`}
      data-testid="handoff-card"
      data-handoff-id={h.id}
    >
      <header className="handoff-card-header">
        <div>
          <h2 id={`card-${h.id}`} className="handoff-card-title" data-testid="card-name">
            {h.leadName} <StageBadge stage={h.leadStage} />
          </h2>
          <p className="handoff-card-company">{h.company ? <bdi>{h.company}</bdi> : t('inbox.card.noCompany')}</p>
        </div>
        <div className="handoff-card-actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={onAccept}
            disabled={busy}
            data-testid="card-accept"
          >
            {t('inbox.card.accept')} <kbd className="kbd kbd-on-accent">a</kbd>
          </button>
          <button type="button" className="btn" onClick={onReject} disabled={busy} data-testid="card-reject">
            {t('inbox.card.reject')} <kbd className="kbd">r</kbd>
          </button>
          <button type="button" className="btn btn-ghost" onClick={onComment} data-testid="card-comment">
            {t('inbox.card.comment')} <kbd className="kbd">c</kbd>
          </button>
        </div>
      </header>

      <div className="handoff-card-summary">
        <span className={`sla-chip is-${state}`} data-testid="card-sla">
          {state === 'overdue' ? (
            <span className="sla-icon" aria-hidden="true">
              !
            </span>
          ) : null}
          {sla(h.slaDueAt, now)}
        </span>
        <span className="summary-item">
          <span className="muted">{t('inbox.card.handed')}</span> {dateTime(h.handedAt)}
        </span>
        {h.slaDueAt !== null ? (
          <span className="summary-item">
            <span className="muted">{t('inbox.card.due')}</span> {dateTime(h.slaDueAt)}
          </span>
        ) : null}
        <span className="summary-item">
          <span className="muted">{t('lead.score')}</span>{' '}
          <strong className="num">{intl.formatNumber(h.scoreAtHandoff, { maximumFractionDigits: 2 })}</strong>
          {h.level ? <span className="level">{h.level}</span> : null}
        </span>
        {h.versionNumber !== null ? (
          <span className="summary-item muted">{t('inbox.card.version', { number: h.versionNumber })}</span>
        ) : null}
      </div>

      {draftComment ? (
        <p className="draft-comment" data-testid="card-draft-comment">
          <span className="muted">{t('inbox.card.draftComment')}</span> {draftComment}
        </p>
      ) : null}

      <dl className="kv-grid handoff-facts">
        {facts.map(([label, value]) => (
          <div className="kv" key={label}>
            <dt>{label}</dt>
            <dd>{value === null ? <span className="muted">–</span> : <bdi>{value}</bdi>}</dd>
          </div>
        ))}
      </dl>

      <div className="handoff-card-columns">
        <LeadExplanation
          leadId={h.leadId}
          asOf={h.versionId ? { versionId: h.versionId, at: h.handedAt } : undefined}
        />
        <Touchpoints leadId={h.leadId} />
      </div>
    </article>
  );
}

function Touchpoints({ leadId }: { leadId: string }) {
  const t = useT();
  const intl = useIntl();
  const touchpointType = useTouchpointType();
  const word = useVocabulary();
  const lead = useLead(leadId);
  const tps = lead.data?.touchpoints ?? [];
  return (
    <section className="drawer-section" data-testid="card-touchpoints" aria-busy={lead.isPending}>
      <h3 className="section-title">
        {t('lead.section.touchpoints')}
        {lead.data ? <span className="count-pill">{tps.length}</span> : null}
      </h3>
      {lead.isPending ? <Spinner /> : null}
      {lead.isError ? <ErrorState error={lead.error} onRetry={() => void lead.refetch()} /> : null}
      {lead.data && tps.length === 0 ? <p className="muted">{t('lead.touchpoints.none')}</p> : null}
      {tps.length > 0 ? (
        <ol className="timeline">
          {tps.map((tp) => (
            <li key={tp.id} className="timeline-item" data-touchpoint-id={tp.id}>
              <div className="timeline-line">
                <span className="tp-type" data-type={tp.type}>
                  {touchpointType(tp.type)}
                </span>
                {tp.offerName ? <span className="tp-offer">{tp.offerName}</span> : null}
                <time className="timeline-when" dateTime={new Date(tp.occurredAt).toISOString()}>
                  {intl.formatDate(tp.occurredAt, { dateStyle: 'medium', timeStyle: 'short' })}
                </time>
              </div>
              <div className="timeline-meta">
                <span>
                  <span className="muted">{t('lead.touchpoint.campaign')}</span> {tp.campaignName ?? '–'}
                </span>
                <span>
                  <span className="muted">{t('lead.touchpoint.channel')}</span>{' '}
                  <span className="tp-channel" data-channel={tp.channel ?? undefined}>
                    {tp.channel === null ? '–' : word('channel', tp.channel)}
                  </span>
                </span>
              </div>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
