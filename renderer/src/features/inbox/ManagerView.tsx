import { useCallback, useId, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { HANDOFF_SORT_COLUMNS, type HandoffFilters, type HandoffRow } from '../../../../shared/contracts/handoffs.js';
import { DataTable, type SortSpec } from '../../components/DataTable.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useHandoffList, useSlaByRep, type HandoffSort } from '../../hooks/use-handoffs.js';
import { useUsers } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';
import { useHandoffColumns } from './handoff-columns.js';
import { inboxHref } from './routes.js';
import { FilterSelect } from '../../components/FilterSelect.js';

type Status = NonNullable<HandoffFilters['status']>;
const STATUSES: readonly Status[] = ['all', 'pending', 'decided', 'accepted', 'rejected'];
const DEFAULT_SORT: HandoffSort = { column: 'handedAt', dir: 'desc' };
const rowId = (r: HandoffRow) => r.id;

/** For sales owners: who has what pending, who breaches the SLA, how fast and how often reps accept. */
export function ManagerView() {
  const t = useT();
  const ids = { rep: useId(), status: useId(), breached: useId(), open: useId() };
  const users = useUsers();
  const reps = useMemo(() => (users.data ?? []).filter((u) => u.team === 'sales'), [users.data]);
  const [repId, setRepId] = useState('');
  const [status, setStatus] = useState<Status>('pending');
  const [breached, setBreached] = useState(false);
  const [sort, setSort] = useState<HandoffSort>(DEFAULT_SORT);
  const filters = useMemo<HandoffFilters>(
    () => ({ status, ...(repId ? { repId } : {}), ...(breached ? { breached: true } : {}) }),
    [status, repId, breached],
  );
  const list = useHandoffList(sort, filters);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.rows) ?? [], [list.data]);
  const columns = useHandoffColumns();
  const total = list.data?.pages[0]?.total;

  const onSortChange = useCallback((next: SortSpec) => {
    const column = HANDOFF_SORT_COLUMNS.find((c) => c === next.column);
    if (column) setSort({ column, dir: next.dir });
  }, []);
  const { fetchNextPage } = list;
  const onLoadMore = useCallback(() => void fetchNextPage({ cancelRefetch: false }), [fetchNextPage]);

  return (
    <div className="manager" data-testid="manager-view">
      <section className="card" aria-labelledby="sla-by-rep">
        <div className="card-head">
          <h2 id="sla-by-rep" className="card-title">
            {t('manager.reps.title')}
          </h2>
          <label className="filter" htmlFor={ids.open}>
            <span className="filter-label">{t('manager.openInbox')}</span>
            <select
              id={ids.open}
              className="select"
              value=""
              data-testid="open-rep-inbox"
              onChange={(e) => {
                if (e.target.value) window.location.hash = inboxHref({ page: 'rep', repId: e.target.value });
              }}
            >
              <option value="">{t('manager.pickRep')}</option>
              {reps.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <RepTable />
      </section>
      <section className="card manager-list" aria-labelledby="handoffs-title">
        <h2 id="handoffs-title" className="card-title">
          {t('manager.handoffs.title')}
        </h2>
        <div className="filters">
          <FilterSelect
            id={ids.rep}
            label={t('manager.filter.rep')}
            value={repId}
            onChange={setRepId}
            options={reps.map((u) => [u.id, u.name] as const)}
            anyLabel={t('manager.filter.anyRep')}
            testId="filter-rep"
          />
          <FilterSelect
            id={ids.status}
            label={t('manager.filter.status')}
            value={status}
            onChange={(v) => setStatus(STATUSES.find((s) => s === v) ?? 'all')}
            options={STATUSES.map((s) => [s, t(`manager.status.${s}`)] as const)}
            testId="filter-status"
          />
          <label className="check filter-check" htmlFor={ids.breached}>
            <input
              id={ids.breached}
              type="checkbox"
              checked={breached}
              onChange={(e) => setBreached(e.target.checked)}
              data-testid="filter-breached"
            />
            <span>{t('manager.filter.breached')}</span>
          </label>
        </div>
        <DataTable<HandoffRow>
          testId="handoffs-table"
          label={t('manager.handoffs.title')}
          columns={columns}
          data={rows}
          getRowId={rowId}
          sort={sort}
          onSortChange={onSortChange}
          status={list.status}
          error={list.error}
          onRetry={() => void list.refetch()}
          isRefreshing={list.isPlaceholderData}
          hasMore={list.hasNextPage && !list.isPlaceholderData}
          isLoadingMore={list.isFetchingNextPage}
          onLoadMore={onLoadMore}
          totalCount={list.isPlaceholderData ? undefined : total}
          empty={<EmptyState title={t('manager.handoffs.empty')} />}
          scrollResetKey={JSON.stringify([sort, filters])}
        />
      </section>
    </div>
  );
}

function RepTable() {
  const t = useT();
  const intl = useIntl();
  const sla = useSlaByRep({});
  if (sla.isPending) return <LoadingState />;
  if (sla.isError) return <ErrorState error={sla.error} onRetry={() => void sla.refetch()} />;
  if (sla.data.length === 0) return <EmptyState title={t('manager.reps.empty')} />;
  const pct = (v: number | null) =>
    v === null ? '–' : intl.formatNumber(v, { style: 'percent', maximumFractionDigits: 0 });
  const hours = (v: number | null) =>
    v === null ? '–' : t('manager.hours', { hours: intl.formatNumber(v, { maximumFractionDigits: 1 }) });
  return (
    <table className="simple-table" data-testid="rep-table">
      <thead>
        <tr>
          <th scope="col">{t('manager.col.rep')}</th>
          <th scope="col" className="align-end">
            {t('manager.col.pending')}
          </th>
          <th scope="col" className="align-end">
            {t('manager.col.breached')}
          </th>
          <th scope="col" className="align-end">
            {t('manager.col.decided')}
          </th>
          <th scope="col" className="align-end">
            {t('manager.col.median')}
          </th>
          <th scope="col" className="align-end">
            {t('manager.col.acceptance')}
          </th>
          <th scope="col">
            <span className="visually-hidden">{t('manager.col.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sla.data.map((r) => (
          <tr key={r.repId ?? 'none'} data-rep-id={r.repId ?? ''} data-testid="rep-row">
            <td className="strong">{r.repName ?? t('handoffs.unassigned')}</td>
            <td className="align-end num" data-col="pending">
              {intl.formatNumber(r.pending)}
            </td>
            <td className="align-end num" data-col="breached">
              {r.breachedPending > 0 ? (
                <span className="breach-flag">
                  <span className="sla-icon" aria-hidden="true">
                    !
                  </span>
                  {t('manager.breachedCount', { count: r.breachedPending })}
                </span>
              ) : (
                intl.formatNumber(0)
              )}
            </td>
            <td className="align-end num" data-col="decided">
              {intl.formatNumber(r.decided)}
            </td>
            <td className="align-end num" data-col="median">
              {hours(r.medianHoursToDecision)}
            </td>
            <td className="align-end num" data-col="acceptance">
              {pct(r.acceptanceRate)}
            </td>
            <td className="align-end">
              {r.repId ? (
                <a
                  className="btn btn-small btn-ghost"
                  href={inboxHref({ page: 'rep', repId: r.repId })}
                  data-testid="rep-open"
                >
                  {t('manager.open')}
                </a>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
