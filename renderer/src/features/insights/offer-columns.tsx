import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { OfferRow } from '../../../../shared/contracts/reports.js';
import type { MetricKey } from '../../../../shared/domain/metric-definitions.js';
import type { DataColumn, DataTableFeatures } from '../../components/DataTable.js';
import { useT } from '../../i18n/index.js';
import type { ReportFormat } from './format.js';

const helper = createColumnHelper<DataTableFeatures, OfferRow>();

export type OfferSortColumn = 'label' | 'mqls' | 'salRate' | 'sqlRate' | 'wonRate' | 'revenue' | 'revenuePerMql' | 'cost' | 'costPerMql' | 'cac' | 'roi';

/** Sort the report's rows on screen (a report has tens of rows, not millions); missing rates sort last. */
export function sortOffers(rows: readonly OfferRow[], column: OfferSortColumn, dir: 'asc' | 'desc'): OfferRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (column === 'label') return sign * a.label.localeCompare(b.label);
    const x = a[column];
    const y = b[column];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y) || a.label.localeCompare(b.label);
  });
}

/**
 * An ROI above this (1,000 %) comes from an offer whose own cost is small next to its leads' revenue:
 * campaign spend is not in an offer's cost, so the figure is marked and explained under the table.
 */
export const HIGH_ROI = 10;
export const isHighRoi = (roi: number | null): boolean => roi !== null && roi > HIGH_ROI;

export function useOfferColumns(f: ReportFormat): DataColumn<OfferRow>[] {
  const t = useT();
  return useMemo(() => {
    // The header is the table's sort button, which cannot hold another button: the title gives the
    // definition on hover, and OfferDefinitions beside the table gives it to keyboards and screen readers.
    const head = (metric: MetricKey, label: string) => () => <span title={t(`metric.${metric}`)}>{label}</span>;
    const numCol = (id: OfferSortColumn, metric: MetricKey, label: string, fmt: (v: number | null) => string, size = 92) =>
      helper.accessor(id, {
        id,
        header: head(metric, label),
        size,
        sortDescFirst: true,
        meta: { align: 'end' },
        cell: (c) => <span className="num">{fmt(c.getValue() as number | null)}</span>,
      });
    return helper.columns([
      helper.accessor('label', {
        id: 'label',
        header: t('report.offers.col.name'),
        size: 190,
        meta: { shrinkTo: 120 },
        cell: (c) => (
          <span className="clip" title={c.getValue()} dir="auto">
            {c.getValue()}
          </span>
        ),
      }),
      numCol('mqls', 'mqls', t('report.col.mqls'), f.num, 64),
      numCol('salRate', 'salRate', t('report.col.salRate'), (v) => f.pct(v), 66),
      numCol('sqlRate', 'sqlRate', t('report.col.sqlRate'), (v) => f.pct(v), 66),
      numCol('wonRate', 'wonRate', t('report.col.wonRate'), (v) => f.pct(v, 1), 68),
      numCol('revenue', 'revenue', t('report.col.revenue'), f.money, 92),
      numCol('revenuePerMql', 'revenuePerMql', t('report.col.revenuePerMql'), f.money, 92),
      numCol('cost', 'cost', t('report.col.cost'), f.money, 70),
      numCol('costPerMql', 'costPerMql', t('report.col.costPerMql'), f.money, 80),
      numCol('cac', 'cac', t('report.col.cac'), f.money, 70),
      helper.accessor('roi', {
        id: 'roi',
        header: head('roi', t('report.col.roi')),
        size: 84,
        sortDescFirst: true,
        meta: { align: 'end' },
        cell: (c) => {
          const r = c.row.original;
          if (!isHighRoi(r.roi)) return <span className="num">{f.pct(r.roi)}</span>;
          return (
            <span className="num roi-high" title={t('report.offers.roiHighCell', { revenue: f.money(r.revenue), cost: f.money(r.cost) })}>
              {f.pct(r.roi)}
              <span aria-hidden="true">*</span>
            </span>
          );
        },
      }),
    ]);
  }, [t, f]);
}

/** The columns' definitions as info buttons (keyboard and screen-reader reachable), next to the table. */
export const OFFER_METRICS: readonly (readonly [MetricKey, string])[] = [
  ['mqls', 'report.col.mqls'],
  ['salRate', 'report.col.salRate'],
  ['sqlRate', 'report.col.sqlRate'],
  ['wonRate', 'report.col.wonRate'],
  ['revenue', 'report.col.revenue'],
  ['revenuePerMql', 'report.col.revenuePerMql'],
  ['cost', 'report.col.cost'],
  ['costPerMql', 'report.col.costPerMql'],
  ['cac', 'report.col.cac'],
  ['roi', 'report.col.roi'],
];
