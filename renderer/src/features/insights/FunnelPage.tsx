import { useMemo } from 'react';
import type { Funnel, FunnelRow } from '../../../../shared/contracts/reports.js';
import type { MetricKey } from '../../../../shared/domain/metric-definitions.js';
import { Chart, useChartTheme, type ChartOption } from '../../components/Chart.js';
import { exportReportCsv, useFunnelReport } from '../../hooks/use-reports.js';
import { useT } from '../../i18n/index.js';
import { useReportFormat, type ReportFormat } from './format.js';
import { MetricLabel } from './MetricInfo.js';
import { ReportFiltersBar } from './ReportFiltersBar.js';
import { ReportShell } from './ReportShell.js';
import { useReportPage } from './use-report-page.js';

const STAGES = [
  ['leads', 'report.stage.leads', null],
  ['mql', 'report.stage.mql', 'cumulativeMql'],
  ['sal', 'report.stage.sal', 'cumulativeSal'],
  ['sql', 'report.stage.sql', 'cumulativeSql'],
  ['won', 'report.stage.won', 'cumulativeWon'],
] as const;
const STEPS = ['leadToMql', 'mqlToSal', 'salToSql', 'sqlToWon'] as const;

/** The waterfall: of the leads created in each month, how many reached MQL, SAL, SQL and won. */
export function FunnelPage() {
  const t = useT();
  const { params, filters, setParams } = useReportPage('funnel');
  const q = useFunnelReport(filters);
  const f = useReportFormat();
  const theme = useChartTheme();
  const data = q.data;
  const option = useMemo<ChartOption>(() => {
    if (!data) return {};
    const total = data.total;
    return {
      grid: { left: 56, right: 24, top: 24, bottom: 36 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? f.num(v) : String(v)) },
      xAxis: {
        type: 'category',
        data: STAGES.map(([, label]) => t(label)),
        axisLabel: { color: theme.text, fontSize: 13 },
        axisLine: { lineStyle: { color: theme.border } },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: theme.muted }, splitLine: { lineStyle: { color: theme.border } } },
      series: [
        {
          type: 'bar',
          name: t('report.funnel.reached'),
          barMaxWidth: 90,
          data: STAGES.map(([k]) => total[k]),
          itemStyle: { color: theme.accent },
          label: {
            show: true,
            position: 'top',
            color: theme.text,
            // The count and, after Leads, the share of all leads that got this far: the bar is never the only reading.
            formatter: (x: { dataIndex: number; value: number }) => {
              const cum = STAGES[x.dataIndex]?.[2];
              return cum ? `${f.num(x.value)} · ${f.pct(total[cum], 1)}` : f.num(x.value);
            },
          },
        },
      ],
    };
  }, [data, theme, t, f]);

  return (
    <ReportShell
      page="funnel"
      title={t('report.funnel.title')}
      intro={t('report.funnel.intro')}
      filters={<ReportFiltersBar value={params} onChange={setParams} report="funnel" />}
      query={q}
      empty={data && data.total.leads === 0 ? t('report.funnel.empty') : null}
      exportCsv={() => exportReportCsv({ report: 'funnel', filters })}
    >
      {data ? (
        <section className="card loop-card">
          <Chart
            testId="funnel-chart"
            label={t('report.funnel.chartLabel')}
            summary={t('report.funnel.summary', {
              leads: data.total.leads,
              mql: f.num(data.total.mql),
              won: f.num(data.total.won),
              months: data.rows.length,
              rate: f.pct(data.total.cumulativeWon, 1),
            })}
            option={option}
            height={300}
          />
          <FunnelTable data={data} f={f} />
        </section>
      ) : null}
    </ReportShell>
  );
}

function FunnelTable({ data, f }: { data: Funnel; f: ReportFormat }) {
  const t = useT();
  const cells = (r: FunnelRow) => (
    <>
      {STAGES.map(([k, , cum]) => (
        <td key={k} className="align-end num" data-col={k}>
          {f.num(r[k])}
          {cum ? <span className="cell-sub" data-col={cum}>{f.pct(r[cum], 1)}</span> : null}
        </td>
      ))}
      {STEPS.map((s) => (
        <td key={s} className="align-end num" data-col={s}>
          {f.pct(r[s], 1)}
        </td>
      ))}
    </>
  );
  const head = (metric: MetricKey, label: string) => (
    <th scope="col" className="align-end" key={metric}>
      <MetricLabel metric={metric}>{label}</MetricLabel>
    </th>
  );
  return (
    <div className="table-scroll">
      <table className="simple-table compact-table report-table" data-testid="funnel-table">
        <caption className="visually-hidden">{t('report.funnel.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">
              <MetricLabel metric="cohort">{t('report.col.cohort')}</MetricLabel>
            </th>
            {STAGES.map(([k, label]) => head(k, t(label)))}
            {head('leadToMql', t('report.step.leadToMql'))}
            {head('mqlToSal', t('report.step.mqlToSal'))}
            {head('salToSql', t('report.step.salToSql'))}
            {head('sqlToWon', t('report.step.sqlToWon'))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.cohort} data-testid="funnel-row" data-cohort={r.cohort}>
              <th scope="row">{f.month(r.cohort)}</th>
              {cells(r)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="funnel-total">
            <th scope="row">{t('report.total')}</th>
            {cells(data.total)}
          </tr>
        </tfoot>
      </table>
      <p className="muted table-note">{t('report.funnel.note')}</p>
    </div>
  );
}
