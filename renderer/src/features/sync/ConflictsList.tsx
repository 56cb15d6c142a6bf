import { useIntl } from 'react-intl';
import type { Conflict } from '../../../../shared/contracts/sync.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useMarkConflictsSeen, useSyncConflicts } from '../../hooks/use-sync.js';
import { useT } from '../../i18n/index.js';

const show = (v: Conflict['keptValue'], empty: string) => (v === null || v === '' ? empty : String(v));

/** Values that lost to a concurrent edit on another laptop: kept here so nothing is lost unseen. */
export function ConflictsList({ total }: { total: number }) {
  const t = useT();
  const intl = useIntl();
  const list = useSyncConflicts(true);
  const seen = useMarkConflictsSeen();
  return (
    <div className="sync-conflicts" data-testid="sync-conflicts">
      <div className="sync-conflicts-head">
        <h3 className="section-title">{t('sync.conflicts.title', { count: total })}</h3>
        {list.data?.some((c) => !c.seen) ? (
          <button type="button" className="btn btn-small" onClick={() => seen.mutate(undefined)} data-testid="sync-mark-seen">
            {t('sync.conflicts.markSeen')}
          </button>
        ) : null}
      </div>
      {list.isPending ? <LoadingState /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.length === 0 ? <EmptyState title={t('sync.conflicts.empty')} hint={t('sync.conflicts.emptyHint')} /> : null}
      {list.data && list.data.length > 0 ? (
        <table className="simple-table sync-conflicts-table">
          <thead>
            <tr>
              <th scope="col">{t('sync.conflicts.when')}</th>
              <th scope="col">{t('sync.conflicts.what')}</th>
              <th scope="col">{t('sync.conflicts.kept')}</th>
              <th scope="col">{t('sync.conflicts.lost')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((c) => (
              <tr key={c.id} className={c.seen ? undefined : 'sync-unseen'} data-testid="sync-conflict-row">
                <td>{intl.formatDate(c.detectedAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td>
                  {t('sync.conflicts.field', { table: c.table, column: c.column, row: c.rowLabel ?? c.rowId })}
                </td>
                <td className="sync-kept">{show(c.keptValue, t('sync.conflicts.emptyValue'))}</td>
                <td className="sync-lost">{show(c.lostValue, t('sync.conflicts.emptyValue'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
