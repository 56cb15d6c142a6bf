import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import type { LeadDetail } from '../../../../shared/contracts/leads.js';
import { ErrorState, LoadingState } from '../../components/States.js';
import { useLead } from '../../hooks/use-leads.js';
import { useRegionName, useT } from '../../i18n/index.js';
import { useStageWhy } from '../../i18n/stage-why.js';
import { useTouchpointType } from '../../i18n/touchpoint-types.js';
import { useVocabulary } from '../../i18n/vocabulary.js';
import { LeadExplanation } from './LeadExplanation.js';
import { StageBadge } from './StageBadge.js';
import { TypedValues } from '../../components/TypedValues.js';

interface Props {
  leadId: string;
  onClose: () => void;
}

/** One lead in full: who they are, what they responded to, and every stage change. Esc closes it. */
export function LeadDrawer({ leadId, onClose }: Props) {
  const t = useT();
  const titleId = useId();
  const panelRef = useRef<HTMLElement>(null);
  const lead = useLead(leadId);

  // Esc closes from anywhere (focus may still be in the table); focus returns where it was.
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (previous?.isConnected) previous.focus({ preventScroll: true });
    };
  }, [onClose]);

  useEffect(() => {
    panelRef.current?.focus({ preventScroll: true });
  }, [leadId]);

  return (
    <aside
      ref={panelRef}
      className="drawer"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      tabIndex={-1}
      data-testid="lead-drawer"
      aria-busy={lead.isPending}
    >
      <header className="drawer-header">
        <div className="drawer-heading">
          <h2 id={titleId} className="drawer-title" data-testid="drawer-name">
            {lead.data?.name || lead.data?.email || lead.data?.externalId || t('lead.drawer.title')}
          </h2>
          {lead.data ? (
            <p className="drawer-subtitle">
              <TypedValues values={[lead.data.jobTitle, lead.data.company]} />
            </p>
          ) : null}
        </div>
        <button
          type="button"
          className="icon-btn"
          onClick={onClose}
          aria-label={t('action.close')}
          title={t('action.closeEsc')}
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div className="drawer-body">
        {lead.isPending ? <LoadingState /> : null}
        {lead.isError ? <ErrorState error={lead.error} onRetry={() => void lead.refetch()} /> : null}
        {lead.data ? <LeadDetails lead={lead.data} /> : null}
      </div>
    </aside>
  );
}

function Section({
  title,
  count,
  children,
  testId,
}: {
  title: string;
  count?: number;
  children: ReactNode;
  testId: string;
}) {
  return (
    <section className="drawer-section" data-testid={testId}>
      <h3 className="section-title">
        {title}
        {count !== undefined ? <span className="count-pill">{count}</span> : null}
      </h3>
      {children}
    </section>
  );
}

function Field({ label, field, children }: { label: string; field: string; children: ReactNode }) {
  return (
    <div className="kv" data-field={field}>
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">–</span>}</dd>
    </div>
  );
}

const dash = <span className="muted">–</span>;

function LeadDetails({ lead }: { lead: LeadDetail }) {
  const t = useT();
  const intl = useIntl();
  const region = useRegionName();
  const stageWhy = useStageWhy();
  const touchpointType = useTouchpointType();
  const word = useVocabulary();
  const date = (ms: number) => intl.formatDate(ms, { dateStyle: 'medium' });
  const dateTime = (ms: number) => intl.formatDate(ms, { dateStyle: 'medium', timeStyle: 'short' });
  const text = (v: string | null) => (v === null || v === '' ? dash : <bdi>{v}</bdi>);
  const attrs = Object.entries(lead.attributes).sort(([a], [b]) => a.localeCompare(b));

  return (
    <>
      <div className="drawer-summary">
        <StageBadge stage={lead.stage} />
        <span className="summary-item" data-testid="drawer-score">
          <span className="muted">{t('lead.score')}</span>{' '}
          <strong className="num">{intl.formatNumber(lead.scoreTotal, { maximumFractionDigits: 2 })}</strong>
          {lead.scoreLevel ? <span className="level">{lead.scoreLevel}</span> : null}
        </span>
        <span className="summary-item">
          <span className="muted">{t('lead.owner')}</span> {lead.ownerName ?? t('lead.unassigned')}
        </span>
      </div>

      <LeadExplanation leadId={lead.id} />

      <Section title={t('lead.section.attributes')} testId="drawer-attributes">
        <dl className="kv-grid">
          <Field label={t('lead.field.email')} field="email">
            {text(lead.email)}
          </Field>
          <Field label={t('lead.field.company')} field="company">
            {text(lead.company)}
          </Field>
          <Field label={t('lead.field.domain')} field="domain">
            {text(lead.domain)}
          </Field>
          <Field label={t('lead.field.country')} field="country">
            {lead.country ? (
              <>
                {region(lead.country) ?? lead.country}{' '}
                {region(lead.country) ? <span className="muted">({lead.country})</span> : null}
              </>
            ) : (
              dash
            )}
          </Field>
          <Field label={t('lead.field.industry')} field="industry">
            {text(lead.industry)}
          </Field>
          <Field label={t('lead.field.employees')} field="employees">
            {lead.employees === null ? dash : intl.formatNumber(lead.employees)}
          </Field>
          <Field label={t('lead.field.jobTitle')} field="jobTitle">
            {text(lead.jobTitle)}
          </Field>
          <Field label={t('lead.field.seniority')} field="seniority">
            {text(lead.seniority === null ? null : word('seniority', lead.seniority))}
          </Field>
          <Field label={t('lead.field.budget')} field="budget">
            {lead.budget === null ? dash : intl.formatNumber(lead.budget)}
          </Field>
          <Field label={t('lead.field.source')} field="source">
            {text(lead.source === null ? null : word('source', lead.source))}
          </Field>
          <Field label={t('lead.field.firstOffer')} field="firstOffer">
            {text(lead.firstOfferName)}
          </Field>
          <Field label={t('lead.field.firstCampaign')} field="firstCampaign">
            {text(lead.firstCampaignName)}
          </Field>
          <Field label={t('lead.field.externalId')} field="externalId">
            {text(lead.externalId)}
          </Field>
          <Field label={t('lead.field.created')} field="createdAt">
            {date(lead.createdAt)}
          </Field>
          <Field label={t('lead.field.updated')} field="updatedAt">
            {date(lead.updatedAt)}
          </Field>
        </dl>
      </Section>

      <Section title={t('lead.section.custom')} count={attrs.length} testId="drawer-custom">
        {attrs.length === 0 ? (
          <p className="muted">{t('lead.custom.none')}</p>
        ) : (
          <dl className="kv-grid">
            {attrs.map(([k, v]) => (
              <Field key={k} label={k} field={`attr:${k}`}>
                {v === null
                  ? dash
                  : typeof v === 'boolean'
                    ? t(v ? 'common.yes' : 'common.no')
                    : typeof v === 'number'
                      ? intl.formatNumber(v)
                      : text(v)}
              </Field>
            ))}
          </dl>
        )}
      </Section>

      <Section title={t('lead.section.touchpoints')} count={lead.touchpoints.length} testId="drawer-touchpoints">
        {lead.touchpoints.length === 0 ? (
          <p className="muted">{t('lead.touchpoints.none')}</p>
        ) : (
          <ol className="timeline">
            {lead.touchpoints.map((tp) => (
              <li key={tp.id} className="timeline-item" data-touchpoint-id={tp.id}>
                <div className="timeline-line">
                  <span className="tp-type" data-type={tp.type}>
                    {touchpointType(tp.type)}
                  </span>
                  {tp.offerName ? <span className="tp-offer">{tp.offerName}</span> : null}
                  <time className="timeline-when" dateTime={new Date(tp.occurredAt).toISOString()}>
                    {dateTime(tp.occurredAt)}
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
        )}
      </Section>

      <Section title={t('lead.section.stageHistory')} count={lead.stageEvents.length} testId="drawer-stage-events">
        {lead.stageEvents.length === 0 ? (
          <p className="muted">{t('lead.stageHistory.none')}</p>
        ) : (
          <ol className="timeline">
            {lead.stageEvents.map((ev) => (
              <li key={ev.id} className="timeline-item" data-stage-event-id={ev.id} data-to-stage={ev.toStage}>
                <div className="timeline-line">
                  {ev.fromStage ? (
                    <StageBadge stage={ev.fromStage} />
                  ) : (
                    <span className="muted">{t('lead.stageHistory.start')}</span>
                  )}
                  <span className="arrow" aria-label={t('lead.stageHistory.to')}>
                    →
                  </span>
                  <StageBadge stage={ev.toStage} />
                  <time className="timeline-when" dateTime={new Date(ev.at).toISOString()}>
                    {dateTime(ev.at)}
                  </time>
                </div>
                <div className="timeline-meta">
                  <span>
                    <span className="muted">{t('lead.stageHistory.by')}</span>{' '}
                    {ev.byName ?? t('lead.stageHistory.system')}
                  </span>
                  {ev.why ? (
                    <span className="why" dir="auto" data-why={ev.why}>
                      {stageWhy(ev.why, ev.toStage)}
                    </span>
                  ) : null}
                </div>
              </li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}
