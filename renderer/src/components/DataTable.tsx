import {
  columnSizingFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowData,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useT } from '../i18n/index.js';
import { ErrorState } from './States.js';

/*
 * The one table of the app: @tanstack/react-table v9 for the column model and sort state,
 * @tanstack/react-virtual for the rows. Sorting, filtering and paging belong to the server (SQL with
 * keyset cursors), so the table only renders what it is given, reports sort clicks, and asks for
 * more rows when the user scrolls near the end of what is loaded.
 */

export interface DataColumnMeta {
  /** Numbers and dates read better aligned to the end of the cell. */
  align?: 'start' | 'end';
  /**
   * The narrowest this column may get (px) before the table scrolls sideways: a long-text column
   * (a name, clipped with its full text on hover) gives up width so the numbers beside it stay on screen.
   */
  shrinkTo?: number;
}

/** flex for a cell of the column: it grows with spare width, and shrinks only down to meta.shrinkTo. */
function cellFlex(size: number, meta: DataColumnMeta | undefined): CSSProperties {
  const floor = meta?.shrinkTo;
  return floor !== undefined && floor < size
    ? { flex: `${size} 1 ${size}px`, minWidth: floor }
    : { flex: `${size} 0 ${size}px` };
}

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  columnSizingFeature,
  columnMeta: {} as DataColumnMeta,
});
export type DataTableFeatures = typeof dataTableFeatures;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each column keeps its own value type
export type DataColumn<T extends RowData> = ColumnDef<DataTableFeatures, T, any>;

export interface SortSpec<C extends string = string> {
  column: C;
  dir: 'asc' | 'desc';
}

export interface DataTableProps<T extends RowData> {
  /** Accessible name of the table. */
  label: string;
  columns: DataColumn<T>[];
  data: readonly T[];
  getRowId: (row: T) => string;
  sort: SortSpec | null;
  onSortChange?: (sort: SortSpec) => void;
  onRowOpen?: (row: T) => void;
  /** The row whose details are open elsewhere (highlighted). */
  activeRowId?: string | null;
  status: 'pending' | 'error' | 'success';
  error?: unknown;
  onRetry?: () => void;
  /** Showing the previous result while a new sort or filter loads. */
  isRefreshing?: boolean;
  hasMore?: boolean;
  isLoadingMore?: boolean;
  onLoadMore?: () => void;
  /** Rows matching on the server (all pages), for the footer and aria-rowcount. */
  totalCount?: number | undefined;
  /** What to show when the server has no rows. */
  empty?: ReactNode;
  rowHeight?: number;
  /** When this changes (a new sort or filter), the table scrolls back to the top. */
  scrollResetKey?: string;
  testId?: string;
}

const LOAD_MORE_THRESHOLD = 30;
const SKELETON_ROWS = 14;

export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const {
    columns,
    data,
    getRowId,
    sort,
    onSortChange,
    onRowOpen,
    activeRowId,
    status,
    hasMore = false,
    isLoadingMore = false,
    onLoadMore,
    totalCount,
    rowHeight = 36,
  } = props;
  const t = useT();
  const intl = useIntl();

  const sorting = useMemo<SortingState>(() => (sort ? [{ id: sort.column, desc: sort.dir === 'desc' }] : []), [sort]);
  const onSortingChange = useCallback(
    (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first && onSortChange) onSortChange({ column: first.id, dir: first.desc ? 'desc' : 'asc' });
    },
    [sorting, onSortChange],
  );

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange,
  });

  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler here: the virtualiser's functions are read fresh on every render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items[items.length - 1]?.index ?? -1;

  // Ask for the next page once the user is within a screenful of the end of what is loaded.
  useEffect(() => {
    if (!onLoadMore || !hasMore || isLoadingMore || status !== 'success') return;
    if (lastVisible >= rows.length - 1 - LOAD_MORE_THRESHOLD) onLoadMore();
  }, [lastVisible, rows.length, hasMore, isLoadingMore, onLoadMore, status]);

  // Roving tab stop: one row is in the tab order; arrows move it, Enter opens it.
  const [focusIndex, setFocusIndex] = useState(0);

  // A new sort or filter starts at the top.
  const resetKey = props.scrollResetKey ?? `${sort?.column}:${sort?.dir}`;
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setFocusIndex(0);
  }, [resetKey]);

  const focusRow = useCallback(
    (index: number) => {
      const i = Math.max(0, Math.min(rows.length - 1, index));
      setFocusIndex(i);
      const el = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${i}"]`);
      if (el) {
        el.focus();
        return;
      }
      virtualizer.scrollToIndex(i, { align: 'auto' });
      requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${i}"]`)?.focus());
    },
    [rows.length, virtualizer],
  );

  const onRowKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, index: number, row: T) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + pageRows,
      PageUp: index - pageRows,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onRowOpen?.(row);
    } else if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]!);
    }
  };

  // The tab stop must be a rendered row, or the table would drop out of the tab order when scrolled.
  const tabStop = items.some((i) => i.index === focusIndex) ? focusIndex : (items[0]?.index ?? 0);
  const totalWidth = table
    .getAllLeafColumns()
    .reduce((sum, c) => sum + Math.min(c.getSize(), c.columnDef.meta?.shrinkTo ?? Infinity), 0);
  const headerGroups = table.getHeaderGroups();
  const busy = status === 'pending' || props.isRefreshing === true;
  const showRows = status === 'success' && rows.length > 0;

  return (
    <div className="dt" data-testid={props.testId}>
      {props.isRefreshing ? <div className="dt-progress" role="presentation" /> : null}
      <div className="dt-scroll" ref={scrollRef}>
        <table
          className="dt-table"
          aria-label={props.label}
          aria-busy={busy}
          aria-rowcount={totalCount !== undefined ? totalCount + 1 : -1}
          style={{ minWidth: totalWidth }}
        >
          <thead className="dt-head">
            {headerGroups.map((group) => (
              <tr key={group.id} className="dt-row" aria-rowindex={1}>
                {group.headers.map((header) => {
                  const col = header.column;
                  const sorted = col.getIsSorted();
                  const canSort = col.getCanSort() && !!onSortChange;
                  const align = col.columnDef.meta?.align ?? 'start';
                  const size = header.getSize();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={`dt-th align-${align}`}
                      data-column-id={col.id}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                      style={cellFlex(size, col.columnDef.meta)}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          className="dt-sort"
                          onClick={col.getToggleSortingHandler()}
                          title={t('table.sortBy')}
                        >
                          <span className="dt-th-label">
                            <table.FlexRender header={header} />
                          </span>
                          <span className={`dt-sort-icon ${sorted ? 'is-on' : ''}`} aria-hidden="true">
                            {sorted === 'desc' ? '↓' : sorted === 'asc' ? '↑' : '↕'}
                          </span>
                        </button>
                      ) : (
                        <span className="dt-th-label">
                          <table.FlexRender header={header} />
                        </span>
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="dt-body" style={showRows ? { height: virtualizer.getTotalSize() } : undefined}>
            {status === 'pending'
              ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
                  <tr key={`sk-${i}`} className="dt-row dt-skeleton" aria-hidden="true" style={{ height: rowHeight }}>
                    {table.getAllLeafColumns().map((col) => (
                      <td key={col.id} className="dt-td" style={{ flex: `${col.getSize()} 0 ${col.getSize()}px` }}>
                        <span className="skeleton-bar" />
                      </td>
                    ))}
                  </tr>
                ))
              : null}
            {showRows
              ? items.map((item) => {
                  const row = rows[item.index];
                  if (!row) return null;
                  const active = activeRowId === row.id;
                  return (
                    <tr
                      key={row.id}
                      className={`dt-row dt-data-row${active ? ' is-active' : ''}${props.isRefreshing ? ' is-stale' : ''}`}
                      data-index={item.index}
                      data-row-id={row.id}
                      aria-rowindex={item.index + 2}
                      aria-current={active ? 'true' : undefined}
                      tabIndex={item.index === tabStop ? 0 : -1}
                      style={{ height: rowHeight, transform: `translateY(${item.start}px)` }}
                      onClick={() => {
                        setFocusIndex(item.index);
                        onRowOpen?.(row.original);
                      }}
                      onFocus={() => setFocusIndex(item.index)}
                      onKeyDown={(e) => onRowKeyDown(e, item.index, row.original)}
                    >
                      {row.getAllCells().map((cell) => {
                        const size = cell.column.getSize();
                        const align = cell.column.columnDef.meta?.align ?? 'start';
                        return (
                          <td
                            key={cell.id}
                            className={`dt-td align-${align}`}
                            data-column-id={cell.column.id}
                            style={cellFlex(size, cell.column.columnDef.meta)}
                          >
                            <table.FlexRender cell={cell} />
                          </td>
                        );
                      })}
                    </tr>
                  );
                })
              : null}
          </tbody>
        </table>
        {status === 'error' ? (
          <div className="dt-overlay">
            <ErrorState error={props.error} onRetry={props.onRetry} />
          </div>
        ) : null}
        {status === 'success' && rows.length === 0 ? (
          <div className="dt-overlay" data-testid="table-empty">
            {props.empty ?? <p className="muted">{t('table.empty')}</p>}
          </div>
        ) : null}
      </div>
      <div className="dt-footer" role="status" aria-live="polite">
        <span data-testid="table-count">
          {status === 'error'
            ? null
            : status === 'pending'
              ? t('table.loading')
              : totalCount !== undefined
                ? t('table.footer.loadedOfTotal', {
                    loaded: intl.formatNumber(rows.length),
                    total: intl.formatNumber(totalCount),
                    count: totalCount,
                  })
                : t('table.footer.loaded', { loaded: intl.formatNumber(rows.length), count: rows.length })}
        </span>
        {isLoadingMore ? <span className="muted">{t('table.loadingMore')}</span> : null}
      </div>
    </div>
  );
}
