import { useState } from 'react';
import type { VersionSummary } from '../../../../shared/contracts/criteria.js';
import { JobProgress } from '../../components/JobProgress.js';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useImportVersion, useVersions } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';
import { Approvals } from './Approvals.js';
import { EffectiveDates } from './EffectiveDates.js';
import { ImportButton } from './ImportButton.js';
import { NewDraftDialog } from './NewDraftDialog.js';
import { criteriaHref } from './routes.js';
import { StatusBadge } from './StatusBadge.js';

/** The default comparison: what is live against what it replaced (or the newest two). */
export function defaultDiffPair(versions: readonly VersionSummary[]): { fromId: string | null; toId: string | null } {
  const byNumber = [...versions].sort((a, b) => b.number - a.number);
  const active = versions.find((v) => v.status === 'active');
  const to = active ?? byNumber[0];
  const from = (to && versions.find((v) => v.id === to.parentId)) ?? byNumber.find((v) => to && v.number < to.number);
  return { fromId: from?.id ?? null, toId: to?.id ?? null };
}

export function VersionsPage() {
  const t = useT();
  const errorText = useErrorText();
  const versions = useVersions();
  const importer = useImportVersion();
  const [creating, setCreating] = useState(false);
  const list = versions.data ?? [];
  const active = list.find((v) => v.status === 'active');

  return (
    <div className="criteria-view">
      <div className="view-header">
        <h1 className="view-title">{t('criteria.title')}</h1>
        {versions.data ? <span className="view-meta">{t('criteria.count', { count: list.length })}</span> : null}
        <div className="toolbar">
          {list.length >= 2 ? (
            <a
              className="btn"
              href={criteriaHref({ page: 'diff', ...defaultDiffPair(list) })}
              data-testid="compare-versions"
            >
              {t('criteria.compare')}
            </a>
          ) : (
            <button type="button" className="btn" disabled data-testid="compare-versions">
              {t('criteria.compare')}
            </button>
          )}
          <a className="btn" href={criteriaHref({ page: 'suggest' })} data-testid="open-suggest">
            {t('suggest.open')}
          </a>
          <ImportButton importer={importer} />
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setCreating(true)}
            disabled={!versions.data}
            data-testid="new-draft"
          >
            {t('criteria.new.button')}
          </button>
        </div>
      </div>
      <p className="view-intro">{t('criteria.intro')}</p>
      {importer.isError ? (
        <div className="banner banner-error" role="alert" data-testid="import-error-banner">
          <p data-testid="import-error">{errorText(importer.error)}</p>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => importer.reset()}>
            {t('job.dismiss')}
          </button>
        </div>
      ) : null}
      <JobProgress kind="rescore" />
      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title" className="card-title">
          {t('criteria.versions.title')}
        </h2>
        {versions.isPending ? <LoadingState /> : null}
        {versions.isError ? <ErrorState error={versions.error} onRetry={() => void versions.refetch()} /> : null}
        {versions.data && list.length === 0 ? (
          <EmptyState
            title={t('criteria.empty.title')}
            hint={t('criteria.empty.hint')}
            action={
              <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
                {t('criteria.new.button')}
              </button>
            }
          />
        ) : null}
        {list.length > 0 ? <VersionsTable versions={list} /> : null}
      </section>
      <NewDraftDialog open={creating} versions={list} fromId={active?.id ?? null} onClose={() => setCreating(false)} />
    </div>
  );
}

function VersionsTable({ versions }: { versions: readonly VersionSummary[] }) {
  const t = useT();
  const rows = [...versions].sort((a, b) => b.number - a.number);
  return (
    <table className="simple-table versions-table" data-testid="versions-table">
      <thead>
        <tr>
          <th scope="col">{t('criteria.col.version')}</th>
          <th scope="col">{t('criteria.col.status')}</th>
          <th scope="col">{t('criteria.col.effective')}</th>
          <th scope="col">{t('criteria.col.approvals')}</th>
          <th scope="col" className="align-end">
            {t('criteria.col.rules')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((v) => (
          <tr key={v.id} data-version-id={v.id} data-version-number={v.number} data-testid="version-row">
            <td>
              <a className="version-link" href={criteriaHref({ page: 'version', id: v.id })} data-testid="version-open">
                <span className="version-number">{t('criteria.versionNumber', { number: v.number })}</span>
                <span className="version-name">{v.name}</span>
              </a>
            </td>
            <td>
              <StatusBadge version={v} />
            </td>
            <td>
              <EffectiveDates version={v} />
            </td>
            <td>
              <Approvals approvals={v.approvals} compact />
            </td>
            <td className="align-end num" data-testid="version-rule-count">
              {v.ruleCount}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
