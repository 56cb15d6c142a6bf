import { useIntl } from 'react-intl';
import { isEditable } from '../../../../shared/domain/versions.js';
import { JobProgress } from '../../components/JobProgress.js';
import { ErrorState, LoadingState } from '../../components/States.js';
import { useVersion, useVersions } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';
import { Approvals } from './Approvals.js';
import { DetailsCard } from './DetailsCard.js';
import { EffectiveDates } from './EffectiveDates.js';
import { LevelsCard } from './LevelsCard.js';
import { criteriaHref } from './routes.js';
import { RulesSection } from './RulesSection.js';
import { StatusBadge } from './StatusBadge.js';
import { VersionActions } from './VersionActions.js';
import { VersionReviewLink } from '../review/VersionReviewLink.js';

/** One version: its state and actions, details, levels, sign-off and rules; editable while a draft. */
export function VersionPage({ id }: { id: string }) {
  const t = useT();
  const intl = useIntl();
  const version = useVersion(id);
  const versions = useVersions();
  const v = version.data;
  const parent = v?.parentId ? versions.data?.find((x) => x.id === v.parentId) : undefined;

  return (
    <div className="criteria-view" data-testid="version-page" data-version-id={id} data-status={v?.status}>
      <a className="back-link" href={criteriaHref({ page: 'list' })} data-testid="back-to-versions">
        {t('criteria.back')}
      </a>
      {version.isPending ? <LoadingState /> : null}
      {version.isError ? <ErrorState error={version.error} onRetry={() => void version.refetch()} /> : null}
      {v ? (
        <>
          <div className="view-header version-header">
            <h1 className="view-title" data-testid="version-title">
              {t('criteria.versionTitle', { number: v.number, name: v.name })}
            </h1>
            <StatusBadge version={v} />
            <VersionReviewLink versionId={v.id} />
            {v.effectiveFrom !== null ? (
              <span className="view-meta">
                <EffectiveDates version={v} />
              </span>
            ) : null}
            <span className="view-meta muted">
              {parent
                ? t('criteria.createdFrom', {
                    date: intl.formatDate(v.createdAt, { dateStyle: 'medium' }),
                    number: parent.number,
                  })
                : t('criteria.created', { date: intl.formatDate(v.createdAt, { dateStyle: 'medium' }) })}
            </span>
            <a className="btn btn-small" href={criteriaHref({ page: 'backtest', id: v.id })} data-testid="open-backtest">
              {t('backtest.open')}
            </a>
          </div>
          <VersionActions version={v} versions={versions.data ?? []} />
          <JobProgress kind="rescore" />
          <div className="criteria-grid">
            <DetailsCard version={v} editable={isEditable(v.status)} />
            <LevelsCard version={v} editable={isEditable(v.status)} />
            <section className="card" aria-labelledby="signoff-title" data-testid="version-signoff">
              <h2 id="signoff-title" className="card-title">
                {t('criteria.approvals.title')}
              </h2>
              <p className="muted card-hint">{t('criteria.approvals.hint')}</p>
              <Approvals approvals={v.approvals} />
            </section>
            <RulesSection version={v} editable={isEditable(v.status)} />
          </div>
        </>
      ) : null}
    </div>
  );
}
