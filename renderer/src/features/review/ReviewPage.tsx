import { useIntl } from 'react-intl';
import { ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useReview, useSetStatus } from '../../hooks/use-reviews.js';
import { useT } from '../../i18n/index.js';
import { ActionsSection } from './ActionsSection.js';
import { AgendaSection } from './AgendaSection.js';
import { AttendeesCard } from './AttendeesCard.js';
import { ProposalsSection } from './ProposalsSection.js';
import { reviewHref } from './routes.js';

/** Meeting mode: attendees, the agenda with notes, proposals and decisions, action items. */
export function ReviewPage({ id }: { id: string }) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const review = useReview(id);
  const status = useSetStatus();
  const r = review.data;

  return (
    <div className="review-view" data-testid="review-page" data-status={r?.status}>
      <a className="back-link" href={reviewHref({ page: 'list' })}>
        {t('review.back')}
      </a>
      {review.isPending ? <LoadingState /> : null}
      {review.isError ? <ErrorState error={review.error} onRetry={() => void review.refetch()} /> : null}
      {r ? (
        <>
          <div className="view-header">
            <h1 className="view-title" data-testid="review-title">
              {t('review.pageTitle', { quarter: r.quarter })}
            </h1>
            <span className={`badge review-status-${r.status}`} data-testid="review-status">
              {t(`review.status.${r.status}`)}
            </span>
            {r.heldOn !== null ? <span className="view-meta muted">{t('review.heldOn', { date: intl.formatDate(r.heldOn, { dateStyle: 'medium' }) })}</span> : null}
            <span className="review-header-actions">
              {r.status === 'planned' ? (
                <button type="button" className="btn btn-primary" onClick={() => status.mutate({ id, status: 'in_progress' })} data-testid="review-start">
                  {t('review.start')}
                </button>
              ) : null}
              {r.status === 'in_progress' ? (
                <button type="button" className="btn" onClick={() => status.mutate({ id, status: 'closed' })} data-testid="review-close">
                  {t('review.close')}
                </button>
              ) : null}
              {r.status === 'closed' ? (
                <button type="button" className="btn" onClick={() => status.mutate({ id, status: 'in_progress' })} data-testid="review-reopen">
                  {t('review.reopen')}
                </button>
              ) : null}
              <a className="btn" href={reviewHref({ page: 'pack', id })} data-testid="review-open-pack">
                {t('review.pack.open')}
              </a>
            </span>
          </div>
          {status.isError ? <p className="banner banner-error" role="alert">{errorText(status.error)}</p> : null}
          {r.resultingVersion ? (
            <p className="review-result" data-testid="review-result">
              {t(
                r.resultingVersion.status === 'approved'
                  ? 'review.producedApproved'
                  : r.resultingVersion.status === 'active' || r.resultingVersion.status === 'retired'
                    ? 'review.produced'
                    : r.resultingVersion.status === 'draft'
                      ? 'review.producedSentBack'
                      : 'review.producedPending',
                { number: r.resultingVersion.number, name: r.resultingVersion.name },
              )}
            </p>
          ) : null}
          <div className="review-grid">
            <AttendeesCard review={r} />
            <AgendaSection review={r} />
            <ProposalsSection review={r} />
            <ActionsSection review={r} />
          </div>
        </>
      ) : null}
    </div>
  );
}
