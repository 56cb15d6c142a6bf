import { useState } from 'react';
import { useIntl } from 'react-intl';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useCreateReview, useReviews } from '../../hooks/use-reviews.js';
import { useT } from '../../i18n/index.js';
import { criteriaHref } from '../criteria/routes.js';
import { lastEndedQuarter, recentQuarters, reviewHref } from './routes.js';

/** Past and planned reviews with what each decided and the version it produced; a new review in one click. */
export function ReviewList() {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const list = useReviews();
  const create = useCreateReview();
  const [now] = useState(() => Date.now());
  const [quarter, setQuarter] = useState(() => lastEndedQuarter(now));
  const taken = new Set(list.data?.map((r) => r.quarter) ?? []);

  const onCreate = () =>
    create.mutate({ quarter }, { onSuccess: (r) => (window.location.hash = reviewHref({ page: 'review', id: r.id })) });

  return (
    <div className="review-view" data-testid="review-list">
      <div className="view-header">
        <h1 className="view-title">{t('review.title')}</h1>
        <span className="view-meta muted">{t('review.subtitle')}</span>
      </div>
      <section className="card review-new" aria-labelledby="review-new-title">
        <h2 id="review-new-title" className="card-title">
          {t('review.new.title')}
        </h2>
        <p className="muted card-hint">{t('review.new.hint')}</p>
        <div className="review-row">
          <label className="field">
            <span className="field-label">{t('review.new.quarter')}</span>
            <select className="select" value={quarter} onChange={(e) => setQuarter(e.target.value)} data-testid="review-quarter">
              {recentQuarters(now).map((q) => (
                <option key={q} value={q} disabled={taken.has(q)}>
                  {taken.has(q) ? t('review.new.quarterTaken', { quarter: q }) : q}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-primary" onClick={onCreate} disabled={create.isPending || taken.has(quarter)} data-testid="review-create">
            {create.isPending ? t('review.new.creating') : t('review.new.create', { quarter })}
          </button>
        </div>
        {create.isError ? <p className="field-error" role="alert">{errorText(create.error)}</p> : null}
      </section>
      <section className="card" aria-labelledby="review-history-title">
        <h2 id="review-history-title" className="card-title">
          {t('review.history.title')}
        </h2>
        {list.isPending ? <LoadingState /> : null}
        {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.data && list.data.length === 0 ? <EmptyState title={t('review.history.empty')} hint={t('review.history.emptyHint')} /> : null}
        {list.data && list.data.length > 0 ? (
          <table className="review-table" data-testid="review-history">
            <thead>
              <tr>
                <th>{t('review.history.quarter')}</th>
                <th>{t('review.history.status')}</th>
                <th>{t('review.history.heldOn')}</th>
                <th>{t('review.history.decisions')}</th>
                <th>{t('review.history.version')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((r) => (
                <tr key={r.id} data-testid="review-history-row" data-quarter={r.quarter}>
                  <td>
                    <a href={reviewHref({ page: 'review', id: r.id })}>{r.quarter}</a>
                  </td>
                  <td>
                    <span className={`badge review-status-${r.status}`}>{t(`review.status.${r.status}`)}</span>
                  </td>
                  <td>{r.heldOn === null ? '—' : intl.formatDate(r.heldOn, { dateStyle: 'medium', timeZone: 'UTC' })}</td>
                  <td>
                    {r.decisions.length === 0
                      ? t('review.history.noDecisions', { proposals: r.proposals })
                      : r.decisions.map((d, i) => (
                          <div key={i}>
                            <span className={`decision-tag decision-${d.decision}`}>{t(`review.decision.${d.decision}`)}</span> {d.title}
                          </div>
                        ))}
                  </td>
                  <td>
                    {r.resultingVersion ? (
                      <a href={criteriaHref({ page: 'version', id: r.resultingVersion.id })}>
                        {t('review.versionLabel', { number: r.resultingVersion.number, name: r.resultingVersion.name })}
                      </a>
                    ) : (
                      <span className="muted">{t('review.history.noVersion')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
