import { useMemo } from 'react';
import { OFFER_GROUPS, type Attribution, type OfferRow } from '../../../../shared/contracts/reports.js';
import { Chart, useChartTheme, type ChartOption } from '../../components/Chart.js';
import { DataTable, type SortSpec } from '../../components/DataTable.js';
import { exportReportCsv, useOffersReport } from '../../hooks/use-reports.js';
import { useT } from '../../i18n/index.js';
import { useVocabulary } from '../../i18n/vocabulary.js';
import { useReportFormat } from './format.js';
import { MetricLabel } from './MetricInfo.js';
import { OFFER_METRICS, isHighRoi, sortOffers, useOfferColumns, type OfferSortColumn } from './offer-columns.js';
import { ReportFiltersBar } from './ReportFiltersBar.js';
import { ReportShell, Segmented } from './ReportShell.js';
import { useReportPage } from './use-report-page.js';

type Group = (typeof OFFER_GROUPS)[number];
const SORTABLE: readonly string[] = ['label', 'mqls', 'salRate', 'sqlRate', 'wonRate', 'revenue', 'revenuePerMql', 'cost', 'costPerMql', 'cac', 'roi'];
/** The chart compares the offers with the most MQLs (and at least MIN_CHART_MQLS, as rates of one or two MQLs say nothing); the table lists them all. */
const CHART_ROWS = 12;
const MIN_CHART_MQLS = 5;
const short = (s: string, max = 34) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Which offers (campaigns, channels, landing pages) bring MQLs that sales accepts and wins, and at what cost. */
export function OffersPage() {
  const t = useT();
  const word = useVocabulary();
  const { params, filters, setParams, setParam } = useReportPage('offers');
  const group: Group = (OFFER_GROUPS as readonly string[]).includes(params.group ?? '') ? (params.group as Group) : 'offer';
  const attribution: Attribution = params.attribution === 'last' ? 'last' : 'first';
  const sort: SortSpec<OfferSortColumn> = {
    column: SORTABLE.includes(params.sort ?? '') ? (params.sort as OfferSortColumn) : 'mqls',
    dir: params.dir === 'asc' ? 'asc' : 'desc',
  };
  const q = useOffersReport(filters, attribution);
  const reporting = q.data?.reportingCurrency ?? null;
  const moneyIn = useMemo(() => (reporting ? [reporting] : q.data?.currencies), [reporting, q.data?.currencies]);
  const f = useReportFormat(moneyIn);
  const theme = useChartTheme();
  const columns = useOfferColumns(f);
  // The server names the line without an offer (campaign, …) in English for its CSV; the UI names it here.
  const rows = useMemo(
    () =>
      (q.data?.rows ?? [])
        .filter((r) => r.group === group)
        .map((r) =>
          r.key === null
            ? { ...r, label: t(`report.none.${group}`) }
            : group === 'channel'
              ? { ...r, label: word('channel', r.key) }
              : r,
        ),
    [q.data, group, t, word],
  );
  const sorted = useMemo(() => sortOffers(rows, sort.column, sort.dir), [rows, sort.column, sort.dir]);
  const charted = useMemo(
    () => sortOffers(sortOffers(rows.filter((r) => r.mqls >= MIN_CHART_MQLS), 'mqls', 'desc').slice(0, CHART_ROWS), 'wonRate', 'desc'),
    [rows],
  );
  const option = useMemo<ChartOption>(() => {
    const series = (name: string, get: (r: OfferRow) => number | null, color: string, decal?: object) => ({
      type: 'bar',
      name,
      data: charted.map(get),
      itemStyle: { color, ...(decal ? { decal } : {}) },
      barGap: '10%',
      label: { show: true, position: 'right', color: theme.text, fontSize: 11, formatter: (x: { value: number | null }) => f.pct(x.value) },
    });
    return {
      grid: { left: 250, right: 56, top: 36, bottom: 28 },
      legend: { top: 0, textStyle: { color: theme.text } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? f.pct(v, 1) : '–') },
      yAxis: {
        type: 'category',
        inverse: true,
        data: charted.map((r) => t('report.offers.axisLabel', { label: short(r.label), mqls: f.num(r.mqls) })),
        axisLabel: { color: theme.text, width: 236, overflow: 'truncate' },
        axisLine: { lineStyle: { color: theme.border } },
      },
      xAxis: { type: 'value', min: 0, max: 1, axisLabel: { color: theme.muted, formatter: (v: number) => f.pct(v) }, splitLine: { lineStyle: { color: theme.border } } },
      series: [
        series(t('report.col.salRate'), (r) => r.salRate, theme.palette[1]!),
        series(t('report.col.wonRate'), (r) => r.wonRate, theme.accent, { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.5)' }),
      ],
    };
  }, [charted, theme, t, f]);
  const best = charted[0];
  const worstSal = [...charted].filter((r) => r.salRate !== null).sort((a, b) => a.salRate! - b.salRate!)[0];
  const groupLabel = (g: Group) => t(`report.offers.group.${g}`);

  return (
    <ReportShell
      page="offers"
      title={t('report.offers.title')}
      intro={t('report.offers.intro')}
      filters={
        <ReportFiltersBar value={params} onChange={setParams} report="offers">
          <div className="filter">
            <span className="filter-label">
              <MetricLabel metric="attribution">{t('report.offers.attribution')}</MetricLabel>
            </span>
            <Segmented
              label={t('report.offers.attribution')}
              value={attribution}
              options={[
                ['first', t('report.offers.first')],
                ['last', t('report.offers.last')],
              ]}
              onChange={(v) => setParam('attribution', v === 'first' ? '' : v)}
              testId="offers-attribution"
            />
          </div>
        </ReportFiltersBar>
      }
      query={q}
      empty={q.data && rows.length === 0 ? t('report.offers.empty') : null}
      exportCsv={() => exportReportCsv({ report: 'offers', filters, attribution })}
    >
      <section className="card loop-card">
        <div className="card-head">
          <h3 className="card-title">{t('report.offers.by', { group: groupLabel(group) })}</h3>
          <Segmented
            label={t('report.offers.groupBy')}
            value={group}
            options={OFFER_GROUPS.map((g) => [g, groupLabel(g)] as const)}
            onChange={(g) => setParam('group', g === 'offer' ? '' : g)}
            testId="offers-group"
          />
        </div>
        <Chart
          testId="offers-chart"
          label={t('report.offers.chartLabel', { group: groupLabel(group) })}
          summary={
            best && worstSal
              ? t('report.offers.summary', {
                  best: best.label,
                  won: f.pct(best.wonRate, 1),
                  sal: f.pct(best.salRate),
                  worst: worstSal.label,
                  worstSal: f.pct(worstSal.salRate),
                  n: charted.length,
                })
              : ''
          }
          option={option}
          height={Math.max(260, 56 + charted.length * 34)}
        />
        {charted.length < rows.length ? (
          <p className="muted table-note">{t('report.offers.chartLimit', { shown: charted.length, min: MIN_CHART_MQLS, total: rows.length })}</p>
        ) : null}
        {q.data && q.data.campaignCost > 0 && (group === 'offer' || group === 'landingPage') ? (
          <p className="muted table-note" data-testid="offers-campaign-cost-note">
            {t('report.offers.campaignCostLeftOut', { cost: f.money(q.data.campaignCost) })}
          </p>
        ) : null}
        {q.data && !reporting && q.data.currencies.length > 1 ? (
          <p className="muted table-note" data-testid="offers-currency-note">
            {t('report.offers.mixedCurrencies', { currencies: q.data.currencies.join(', ') })} {t('report.offers.chooseCurrency')}
          </p>
        ) : null}
        {q.data && reporting && q.data.unconverted.length > 0 ? (
          <p className="table-note field-warning" role="note" data-testid="offers-currency-note">
            {t('report.offers.unconverted', { currencies: q.data.unconverted.join(', '), base: reporting })}
          </p>
        ) : null}
        {q.data && reporting && q.data.unconverted.length === 0 && q.data.currencies.some((c) => c !== reporting) ? (
          <p className="muted table-note" data-testid="offers-currency-note">
            {t('report.offers.converted', { base: reporting })}
          </p>
        ) : null}
        <p className="metric-legend" data-testid="offers-definitions">
          <span className="muted">{t('report.definitions')}</span>
          {OFFER_METRICS.map(([m, label]) => (
            <MetricLabel key={m} metric={m}>
              {t(label)}
            </MetricLabel>
          ))}
        </p>
        <div className="report-datatable">
          <DataTable<OfferRow>
            label={t('report.offers.tableCaption', { group: groupLabel(group) })}
            columns={columns}
            data={sorted}
            getRowId={(r) => `${r.group}:${r.key ?? ''}`}
            sort={sort}
            onSortChange={(s) => setParams({ ...params, sort: s.column === 'mqls' ? '' : s.column, dir: s.dir === 'desc' ? '' : s.dir })}
            status="success"
            totalCount={sorted.length}
            rowHeight={34}
            testId="offers-table"
          />
        </div>
        {rows.some((r) => isHighRoi(r.roi)) ? (
          <p className="muted table-note" data-testid="offers-roi-note">
            {t(group === 'offer' || group === 'landingPage' ? 'report.offers.roiHigh' : 'report.offers.roiHighSpend')}
          </p>
        ) : null}
      </section>
    </ReportShell>
  );
}
