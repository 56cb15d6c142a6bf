import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { RefusedChange } from '../../../../shared/contracts/sync.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useDiscardRefused, useRefusedChanges, useRetryRefused } from '../../hooks/use-sync.js';
import { useT } from '../../i18n/index.js';

/**
 * Changes the hub would not take (the user's team may not make them, or the clock was wrong), with
 * the hub's reason: set aside so the rest syncs, and here to send again or give up, never lost.
 */
export function RefusedList({ total }: { total: number }) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const list = useRefusedChanges(true);
  const retry = useRetryRefused();
  const discard = useDiscardRefused();
  const [discarding, setDiscarding] = useState<RefusedChange | null>(null);
  const failure = retry.error ?? discard.error;
  return (
    <div className="sync-conflicts sync-refused" data-testid="sync-refused">
      <div className="sync-conflicts-head">
        <h3 className="section-title">{t('sync.refused.title', { count: total })}</h3>
        {list.data && list.data.length > 1 ? (
          <button type="button" className="btn btn-small" disabled={retry.isPending} onClick={() => retry.mutate(null)} data-testid="sync-retry-all">
            {t('sync.refused.retryAll')}
          </button>
        ) : null}
      </div>
      {failure ? <p className="field-error" role="alert">{errorText(failure)}</p> : null}
      {list.isPending ? <LoadingState /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.length === 0 ? <EmptyState title={t('sync.refused.empty')} hint={t('sync.refused.emptyHint')} /> : null}
      {list.data && list.data.length > 0 ? (
        <table className="simple-table sync-conflicts-table">
          <thead>
            <tr>
              <th scope="col">{t('sync.conflicts.when')}</th>
              <th scope="col">{t('sync.refused.what')}</th>
              <th scope="col">{t('sync.refused.reason')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('sync.refused.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <tr key={r.seq} data-testid="sync-refused-row">
                <td>{intl.formatDate(r.refusedAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td>{t('sync.refused.change', { table: r.table, columns: r.columns.join(', '), row: r.rowLabel ?? r.rowId })}</td>
                <td className="sync-refused-reason">
                  {r.reason}
                  {r.onlyHere ? (
                    <span className="sync-refused-only-here" data-testid="sync-refused-only-here">
                      {t('sync.refused.onlyHere', { table: r.table })}
                    </span>
                  ) : null}
                </td>
                <td className="sync-refused-actions">
                  <button type="button" className="btn btn-small" disabled={retry.isPending} onClick={() => retry.mutate(r.seq)} data-testid="sync-retry">
                    {t('sync.refused.retry')}
                  </button>
                  <button type="button" className="btn btn-small btn-danger" onClick={() => setDiscarding(r)} data-testid="sync-discard">
                    {t('sync.refused.discard')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ConfirmDialog
        open={discarding !== null}
        title={t('sync.refused.discardTitle')}
        message={discarding?.onlyHere ? t('sync.refused.discardOnlyHere', { table: discarding.table }) : t('sync.refused.discardMessage')}
        confirmLabel={discarding?.onlyHere ? t('sync.refused.discardDelete') : t('sync.refused.discard')}
        cancelLabel={t('action.cancel')}
        danger
        busy={discard.isPending}
        testId="sync-discard-dialog"
        onCancel={() => setDiscarding(null)}
        onConfirm={() => {
          if (discarding) discard.mutate({ seq: discarding.seq, deleteOnlyCopy: discarding.onlyHere }, { onSettled: () => setDiscarding(null) });
        }}
      />
    </div>
  );
}
