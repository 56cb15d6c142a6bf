import { useMemo } from 'react';
import type { MetricKey } from '../../../../shared/domain/metric-definitions.js';
import { Chart, useChartTheme, type ChartOption } from '../../components/Chart.js';
import { exportReportCsv, useVelocityReport } from '../../hooks/use-reports.js';
import { useT } from '../../i18n/index.js';
import { useReportFormat } from './format.js';
import { MetricLabel } from './MetricInfo.js';
import { ReportFiltersBar } from './ReportFiltersBar.js';
import { ReportShell } from './ReportShell.js';
import { useReportPage } from './use-report-page.js';

/** How long each step of the funnel takes: median and 80th percentile in days. */
export function VelocityPage() {
  const t = useT();
  const { params, filters, setParams } = useReportPage('velocity');
  const q = useVelocityReport(filters);
  const f = useReportFormat();
  const theme = useChartTheme();
  const rows = useMemo(() => q.data?.rows ?? [], [q.data]);
  const stepLabel = (s: string) => t(`report.step.${s}`);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 150, right: 60, top: 36, bottom: 36 },
      legend: { top: 0, textStyle: { color: theme.text } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? t('report.days', { days: f.dec(v) }) : '–') },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => stepLabel(r.step)), axisLabel: { color: theme.text }, axisLine: { lineStyle: { color: theme.border } } },
      xAxis: { type: 'value', name: t('report.velocity.axis'), nameLocation: 'middle', nameGap: 24, axisLabel: { color: theme.muted }, splitLine: { lineStyle: { color: theme.border } } },
      series: [
        { type: 'bar', name: t('report.velocity.median'), data: rows.map((r) => r.medianDays), itemStyle: { color: theme.accent }, label: { show: true, position: 'right', color: theme.text, formatter: (x: { value: number | null }) => (x.value === null ? '' : f.dec(x.value)) } },
        // The p80 bar is hatched as well as lighter, so the two series differ by more than colour.
        { type: 'bar', name: t('report.velocity.p80'), data: rows.map((r) => r.p80Days), itemStyle: { color: theme.palette[2], decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.55)' } }, label: { show: true, position: 'right', color: theme.text, formatter: (x: { value: number | null }) => (x.value === null ? '' : f.dec(x.value)) } },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- stepLabel follows t
    [rows, theme, t, f],
  );
  const mql = rows.find((r) => r.step === 'mqlToSal');
  const head = (metric: MetricKey, label: string) => (
    <th scope="col" className="align-end">
      <MetricLabel metric={metric}>{label}</MetricLabel>
    </th>
  );
  return (
    <ReportShell
      page="velocity"
      title={t('report.velocity.title')}
      intro={t('report.velocity.intro')}
      filters={<ReportFiltersBar value={params} onChange={setParams} report="velocity" />}
      query={q}
      empty={q.data && rows.every((r) => r.n === 0) ? t('report.velocity.empty') : null}
      exportCsv={() => exportReportCsv({ report: 'velocity', filters })}
    >
      <section className="card loop-card">
        <Chart
          testId="velocity-chart"
          label={t('report.velocity.chartLabel')}
          summary={t('report.velocity.summary', { median: f.dec(mql?.medianDays ?? null), p80: f.dec(mql?.p80Days ?? null), n: mql?.n ?? 0 })}
          option={option}
          height={300}
          table={
            <table className="simple-table compact-table report-table" data-testid="velocity-table">
              <caption className="visually-hidden">{t('report.velocity.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('report.col.step')}</th>
                  {head('velocityN', t('report.col.n'))}
                  {head('medianDays', t('report.velocity.median'))}
                  {head('p80Days', t('report.velocity.p80'))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.step} data-testid="velocity-row" data-step={r.step}>
                    <th scope="row">
                      <MetricLabel metric={`${r.step}Step` as MetricKey}>{stepLabel(r.step)}</MetricLabel>
                    </th>
                    <td className="align-end num" data-col="n">{f.num(r.n)}</td>
                    <td className="align-end num" data-col="medianDays">{f.dec(r.medianDays)}</td>
                    <td className="align-end num" data-col="p80Days">{f.dec(r.p80Days)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </section>
    </ReportShell>
  );
}
