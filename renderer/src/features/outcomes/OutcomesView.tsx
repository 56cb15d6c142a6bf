import { useCallback, useMemo, useState } from 'react';
import { OUTCOME_SORT_COLUMNS, type OutcomeFilters, type OutcomeRow } from '../../../../shared/contracts/outcomes.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DataTable, type SortSpec } from '../../components/DataTable.js';
import { EmptyState } from '../../components/States.js';
import { useDebouncedValue } from '../../hooks/use-debounced-value.js';
import { DEFAULT_OUTCOME_SORT, useLossReasons, useOutcomesInfinite, useRemoveOutcome, type OutcomeSort } from '../../hooks/use-outcomes.js';
import { useT } from '../../i18n/index.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';
import { DAY_MS, dayToMs } from './dates.js';
import { OutcomeForm } from './OutcomeForm.js';
import { useOutcomeColumns } from './outcome-columns.js';

interface Draft {
  result: '' | 'open' | 'won' | 'lost';
  from: string;
  to: string;
  lossReasonId: string;
  competitor: string;
  q: string;
}
const EMPTY: Draft = { result: '', from: '', to: '', lossReasonId: '', competitor: '', q: '' };
const NO_ROWS: OutcomeRow[] = [];
const rowId = (r: OutcomeRow) => r.id;

function toFilters(d: Draft): OutcomeFilters {
  const f: OutcomeFilters = {};
  if (d.result) f.results = [d.result];
  const from = dayToMs(d.from);
  const to = dayToMs(d.to);
  if (from !== null) f.from = from;
  // The "to" day is included: the filter ends at the next midnight.
  if (to !== null) f.to = to + DAY_MS;
  if (d.lossReasonId) f.lossReasonId = d.lossReasonId;
  if (d.competitor.trim()) f.competitor = d.competitor.trim();
  if (d.q.trim()) f.q = d.q.trim();
  return f;
}

/** Won and lost deals (and open ones) with filters; small teams record and correct them here. */
export function OutcomesView() {
  const t = useT();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [sort, setSort] = useState<OutcomeSort>(DEFAULT_OUTCOME_SORT);
  const [editing, setEditing] = useState<OutcomeRow | 'new' | null>(null);
  const [removing, setRemoving] = useState<OutcomeRow | null>(null);
  const q = useDebouncedValue(draft.q, 250);
  const competitor = useDebouncedValue(draft.competitor, 250);
  const filters = useMemo(() => toFilters({ ...draft, q, competitor }), [draft, q, competitor]);
  const list = useOutcomesInfinite(sort, filters);
  const lossReasons = useLossReasons();
  const reasonLabel = useReasonLabel();
  const remove = useRemoveOutcome();
  const columns = useOutcomeColumns();
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.rows) ?? NO_ROWS, [list.data]);
  const total = list.data?.pages[0]?.total;
  const filtered = JSON.stringify(draft) !== JSON.stringify(EMPTY);
  const set = <K extends keyof Draft>(k: K, value: Draft[K]) => setDraft((p) => ({ ...p, [k]: value }));

  const onSortChange = useCallback((next: SortSpec) => {
    const column = OUTCOME_SORT_COLUMNS.find((c) => c === next.column);
    if (column) setSort({ column, dir: next.dir });
  }, []);
  const { fetchNextPage } = list;
  const onLoadMore = useCallback(() => void fetchNextPage({ cancelRefetch: false }), [fetchNextPage]);

  const empty = filtered ? (
    <EmptyState
      title={t('outcomes.empty.filteredTitle')}
      action={
        <button type="button" className="btn" onClick={() => setDraft(EMPTY)}>
          {t('outcomes.filters.clear')}
        </button>
      }
    />
  ) : (
    <EmptyState title={t('outcomes.empty.title')} hint={t('outcomes.empty.hint')} />
  );

  return (
    <div className="leads-view outcomes-view">
      <div className="view-header">
        <h1 className="view-title">{t('outcomes.title')}</h1>
        <span className="view-meta" data-testid="outcomes-count">
          {total !== undefined ? t('outcomes.count', { count: total }) : null}
        </span>
        <div className="toolbar">
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="outcome-new">
            {t('outcomes.new')}
          </button>
        </div>
      </div>
      <search className="filters" aria-label={t('outcomes.filters.label')}>
        <div className="filter filter-search">
          <span className="search-icon" aria-hidden="true" />
          <input className="input" type="search" placeholder={t('outcomes.filters.search')} value={draft.q} onChange={(e) => set('q', e.target.value)} aria-label={t('outcomes.filters.search')} data-testid="outcomes-search" />
        </div>
        <div className="filter">
          <select className="input" value={draft.result} onChange={(e) => set('result', e.target.value as Draft['result'])} aria-label={t('outcomes.filters.result')} data-testid="outcomes-filter-result">
            <option value="">{t('outcomes.filters.anyResult')}</option>
            {(['won', 'lost', 'open'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`outcomes.result.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter filter-dates">
          <span className="filter-label">{t('outcomes.filters.closed')}</span>
          <input className="input input-date" type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} aria-label={t('outcomes.filters.from')} data-testid="outcomes-filter-from" />
          <input className="input input-date" type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} aria-label={t('outcomes.filters.to')} data-testid="outcomes-filter-to" />
        </div>
        <div className="filter">
          <select className="input" value={draft.lossReasonId} onChange={(e) => set('lossReasonId', e.target.value)} aria-label={t('outcomes.filters.lossReason')} data-testid="outcomes-filter-loss-reason">
            <option value="">{t('outcomes.filters.anyLossReason')}</option>
            {(lossReasons.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {reasonLabel('loss', r.label, r.code)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <input className="input" placeholder={t('outcomes.filters.competitor')} value={draft.competitor} onChange={(e) => set('competitor', e.target.value)} aria-label={t('outcomes.filters.competitor')} data-testid="outcomes-filter-competitor" />
        </div>
        {filtered ? (
          <button type="button" className="btn btn-ghost" onClick={() => setDraft(EMPTY)} data-testid="outcomes-filters-clear">
            {t('outcomes.filters.clear')}
          </button>
        ) : null}
      </search>
      <div className="leads-body">
        <DataTable<OutcomeRow>
          testId="outcomes-table"
          label={t('outcomes.table.label')}
          columns={columns}
          data={rows}
          getRowId={rowId}
          sort={sort}
          onSortChange={onSortChange}
          onRowOpen={(row) => setEditing(row)}
          status={list.status}
          error={list.error}
          onRetry={() => void list.refetch()}
          isRefreshing={list.isPlaceholderData}
          hasMore={list.hasNextPage && !list.isPlaceholderData}
          isLoadingMore={list.isFetchingNextPage}
          onLoadMore={onLoadMore}
          totalCount={list.isPlaceholderData ? undefined : total}
          empty={empty}
          scrollResetKey={JSON.stringify([sort, filters])}
        />
      </div>
      {editing ? (
        <OutcomeForm
          row={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onRemove={editing === 'new' ? undefined : () => setRemoving(editing)}
        />
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={t('outcomes.removeTitle')}
        message={t('outcomes.removeMessage', { lead: removing?.leadName ?? '' })}
        confirmLabel={t('outcomes.remove')}
        cancelLabel={t('outcomes.form.cancel')}
        danger
        busy={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate(removing.id, {
            onSuccess: () => {
              setRemoving(null);
              setEditing(null);
            },
          });
        }}
      />
    </div>
  );
}
