import { useId } from 'react';
import { ErrorState, LoadingState } from '../../components/States.js';
import { useVersion, useVersionDiff, useVersions } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';
import { DiffView } from './DiffView.js';
import { displayStatus, STATUS_LABEL } from './labels.js';
import { criteriaHref, goTo } from './routes.js';
import { defaultDiffPair } from './VersionsPage.js';

/** Pick any two versions and see what changed between them, side by side. */
export function DiffPage({ fromId, toId }: { fromId: string | null; toId: string | null }) {
  const t = useT();
  const versions = useVersions();
  const list = [...(versions.data ?? [])].sort((a, b) => b.number - a.number);
  const defaults = defaultDiffPair(list);
  const from = fromId ?? defaults.fromId;
  const to = toId ?? defaults.toId;
  const diff = useVersionDiff(from, to);
  const fromVersion = useVersion(from);
  const toVersion = useVersion(to);
  const ids = { from: useId(), to: useId() };
  const pick = (next: { fromId: string | null; toId: string | null }) => goTo({ page: 'diff', ...next });

  const picker = (id: string, label: string, value: string | null, onChange: (v: string) => void, testId: string) => (
    <div className="filter">
      <label htmlFor={id} className="filter-label">
        {label}
      </label>
      <select
        id={id}
        className="select select-version"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        {list.map((v) => (
          <option key={v.id} value={v.id}>
            {t('criteria.versionOption', { number: v.number, name: v.name, status: t(STATUS_LABEL[displayStatus(v)]) })}
          </option>
        ))}
      </select>
    </div>
  );

  const failed = [versions, diff, fromVersion, toVersion].find((q) => q.isError);
  const ready = diff.data && fromVersion.data && toVersion.data;
  const loading = !failed && (versions.isPending || (from !== null && to !== null && from !== to && !ready));
  return (
    <div className="criteria-view" data-testid="diff-page">
      <a className="back-link" href={criteriaHref({ page: 'list' })}>
        {t('criteria.back')}
      </a>
      <div className="view-header">
        <h1 className="view-title">{t('criteria.diff.title')}</h1>
      </div>
      {versions.data ? (
        <div className="filters" role="group" aria-label={t('criteria.diff.pick')}>
          {picker(ids.from, t('criteria.diff.from'), from, (v) => pick({ fromId: v, toId: to }), 'diff-from')}
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => pick({ fromId: to, toId: from })}
            aria-label={t('criteria.diff.swap')}
            title={t('criteria.diff.swap')}
            data-testid="diff-swap"
          >
            <span aria-hidden="true">⇄</span>
          </button>
          {picker(ids.to, t('criteria.diff.to'), to, (v) => pick({ fromId: from, toId: v }), 'diff-to')}
        </div>
      ) : null}
      {failed ? <ErrorState error={failed.error} onRetry={() => void failed.refetch()} /> : null}
      {versions.data && list.length < 2 ? <p className="muted">{t('criteria.diff.needTwo')}</p> : null}
      {from && to && from === to ? <p className="muted">{t('criteria.diff.same')}</p> : null}
      {loading ? <LoadingState /> : null}
      {diff.data && fromVersion.data && toVersion.data ? (
        <DiffView diff={diff.data} from={fromVersion.data} to={toVersion.data} />
      ) : null}
    </div>
  );
}
