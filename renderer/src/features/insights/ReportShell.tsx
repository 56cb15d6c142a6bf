import { useRef, type ReactNode } from 'react';
import type { ExportResult } from '../../../../shared/contracts/exports.js';
import { downloadText, ExportButton } from '../../components/ExportButton.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useT } from '../../i18n/index.js';

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * One report page: title, intro, filter bar, the export of its table (CSV, written by the main
 * process) and of its chart (the SVG ECharts drew), then loading, error, empty or the report.
 */
export function ReportShell({
  page,
  title,
  intro,
  filters,
  query,
  empty,
  exportCsv,
  children,
}: {
  page: string;
  title: string;
  intro: string;
  filters: ReactNode;
  query: QueryLike;
  /** The empty state's title when the report has nothing to show, else null. */
  empty: string | null;
  exportCsv: () => Promise<ExportResult>;
  children: ReactNode;
}) {
  const t = useT();
  const body = useRef<HTMLDivElement>(null);
  const ready = !query.isPending && !query.isError && empty === null;
  const exportSvg = () => {
    const svg = body.current?.querySelector('.chart-canvas svg');
    if (!svg) return;
    const clone = svg.cloneNode(true) as SVGElement;
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    // A white ground: the chart is drawn on a transparent one, which image viewers show as black or checks.
    const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    bg.setAttribute('width', '100%');
    bg.setAttribute('height', '100%');
    bg.setAttribute('fill', '#ffffff');
    clone.insertBefore(bg, clone.firstChild);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    downloadText(`report-${page}-${stamp}.svg`, new XMLSerializer().serializeToString(clone), 'image/svg+xml');
  };
  return (
    <div className="loop-page report-page" data-testid={`report-${page}`}>
      <div className="view-header">
        <h2 className="view-title">{title}</h2>
        <div className="report-actions">
          <ExportButton run={exportCsv} disabled={!ready} testId="report-export-csv" />
          <button type="button" className="btn" onClick={exportSvg} disabled={!ready} data-testid="report-export-svg">
            {t('report.exportChart')}
          </button>
        </div>
      </div>
      <p className="view-intro muted">{intro}</p>
      {filters}
      <div ref={body} className="report-body" aria-busy={query.isFetching} data-testid="report-body">
        {query.isPending ? <LoadingState /> : null}
        {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
        {!query.isPending && !query.isError && empty !== null ? (
          <EmptyState title={empty} hint={t('report.emptyHint')} />
        ) : null}
        {ready ? children : null}
      </div>
    </div>
  );
}

/** A segmented switch (group by, attribution, split): buttons with aria-pressed, so state is not colour alone. */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (v: T) => void;
  testId: string;
}) {
  return (
    <div className="segmented" role="group" aria-label={label} data-testid={testId}>
      {options.map(([v, l]) => (
        <button
          key={v}
          type="button"
          className={`segmented-btn${value === v ? ' is-on' : ''}`}
          aria-pressed={value === v}
          onClick={() => onChange(v)}
          data-testid={`${testId}-${v}`}
        >
          {l}
        </button>
      ))}
    </div>
  );
}
