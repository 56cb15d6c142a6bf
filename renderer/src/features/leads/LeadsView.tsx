import { useCallback, useMemo, useState } from 'react';
import { LeadSortColumnSchema, type LeadListInput, type LeadRow } from '../../../../shared/contracts/leads.js';
import { exportsApi } from '../../../../shared/contracts/exports.js';
import { call } from '../../api.js';
import { DataTable, type SortSpec } from '../../components/DataTable.js';
import { ExportButton } from '../../components/ExportButton.js';
import { EmptyState } from '../../components/States.js';
import { useDebouncedValue } from '../../hooks/use-debounced-value.js';
import { DEFAULT_LEAD_SORT, useLeadCount, useLeadsInfinite } from '../../hooks/use-leads.js';
import { useT } from '../../i18n/index.js';
import { EMPTY_FILTERS, hasAnyFilter, toLeadFilters, type FilterDraft } from './filters.js';
import { LeadDrawer } from './LeadDrawer.js';
import { LeadFiltersBar } from './LeadFiltersBar.js';
import { useLeadColumns } from './lead-columns.js';

const NO_ROWS: LeadRow[] = [];
const rowId = (r: LeadRow) => r.id;

export function LeadsView() {
  const t = useT();
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_FILTERS);
  const [sort, setSort] = useState<LeadListInput['sort']>(DEFAULT_LEAD_SORT);
  const [openId, setOpenId] = useState<string | null>(null);

  // Typing waits for a pause; every other filter applies at once.
  const q = useDebouncedValue(draft.q, 250);
  const filters = useMemo(() => toLeadFilters({ ...draft, q }), [draft, q]);

  const list = useLeadsInfinite(sort, filters);
  const count = useLeadCount(filters);
  const columns = useLeadColumns();
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.rows) ?? NO_ROWS, [list.data]);

  const onSortChange = useCallback((next: SortSpec) => {
    const column = LeadSortColumnSchema.safeParse(next.column);
    if (column.success) setSort({ column: column.data, dir: next.dir });
  }, []);
  const { fetchNextPage } = list;
  // cancelRefetch: false, so a second request while one is in flight is a no-op, never a restart.
  const onLoadMore = useCallback(() => void fetchNextPage({ cancelRefetch: false }), [fetchNextPage]);
  const onRowOpen = useCallback((row: LeadRow) => setOpenId(row.id), []);
  const onClose = useCallback(() => setOpenId(null), []);

  const filtered = hasAnyFilter(draft);
  const empty = filtered ? (
    <EmptyState
      title={t('leads.empty.filteredTitle')}
      hint={t('leads.empty.filteredHint')}
      action={
        <button type="button" className="btn" onClick={() => setDraft(EMPTY_FILTERS)}>
          {t('leads.filters.clear')}
        </button>
      }
    />
  ) : (
    <EmptyState title={t('leads.empty.title')} hint={t('leads.empty.hint')} />
  );

  return (
    <div className={`leads-view${openId ? ' has-drawer' : ''}`}>
      <div className="view-header">
        <h1 className="view-title">{t('leads.title')}</h1>
        <span className="view-meta" data-testid="leads-count">
          {count.data !== undefined
            ? t(filtered ? 'leads.count.matching' : 'leads.count.all', { count: count.data })
            : null}
        </span>
        <div className="toolbar">
          {/* The export takes the filters as applied (after the search pause), like the table. */}
          <ExportButton
            run={() => call(exportsApi.leadsCsv, { filters, sort })}
            label={t(filtered ? 'leads.export.filtered' : 'leads.export.all')}
            disabled={count.data === 0}
            testId="leads-export"
          />
        </div>
      </div>
      <LeadFiltersBar value={draft} onChange={setDraft} />
      <div className="leads-body">
        <DataTable<LeadRow>
          testId="leads-table"
          label={t('leads.table.label')}
          columns={columns}
          data={rows}
          getRowId={rowId}
          sort={sort}
          onSortChange={onSortChange}
          onRowOpen={onRowOpen}
          activeRowId={openId}
          status={list.status}
          error={list.error}
          onRetry={() => void list.refetch()}
          isRefreshing={list.isPlaceholderData}
          hasMore={list.hasNextPage && !list.isPlaceholderData}
          isLoadingMore={list.isFetchingNextPage}
          onLoadMore={onLoadMore}
          totalCount={count.isPlaceholderData ? undefined : count.data}
          empty={empty}
          scrollResetKey={JSON.stringify([sort, filters])}
        />
        {openId ? <LeadDrawer leadId={openId} onClose={onClose} /> : null}
      </div>
    </div>
  );
}
