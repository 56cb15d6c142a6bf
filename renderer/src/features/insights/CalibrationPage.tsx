import { useMemo } from 'react';
import { Chart, useChartTheme, type ChartOption } from '../../components/Chart.js';
import { exportReportCsv, useCalibrationReport } from '../../hooks/use-reports.js';
import { useT } from '../../i18n/index.js';
import { useReportFormat } from './format.js';
import { MetricLabel } from './MetricInfo.js';
import { ReportFiltersBar } from './ReportFiltersBar.js';
import { ReportShell } from './ReportShell.js';
import { useReportPage } from './use-report-page.js';

/** Does a higher score mean a likelier win? Win rate by score decile, with its Wilson band. */
export function CalibrationPage() {
  const t = useT();
  const { params, filters, setParams } = useReportPage('calibration');
  const q = useCalibrationReport(filters);
  const f = useReportFormat();
  const theme = useChartTheme();
  const data = q.data;
  const rows = useMemo(() => data?.rows ?? [], [data]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 56, right: 24, top: 40, bottom: 48 },
      legend: {
        top: 0,
        textStyle: { color: theme.text },
        data: [t('report.calibration.rate'), t('report.calibration.band')],
      },
      tooltip: {
        trigger: 'axis',
        formatter: (items: { dataIndex: number }[]) => {
          const r = rows[items[0]?.dataIndex ?? -1];
          if (!r) return '';
          return t('report.calibration.tooltip', {
            decile: r.decile,
            rate: f.pct(r.winRate, 1),
            low: f.pct(r.interval?.low ?? null, 1),
            high: f.pct(r.interval?.high ?? null, 1),
            won: f.num(r.won),
            n: f.num(r.n),
            min: f.dec(r.minScore),
            max: f.dec(r.maxScore),
          });
        },
      },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        name: t('report.calibration.axisDecile'),
        nameLocation: 'middle',
        nameGap: 30,
        data: rows.map((r) => String(r.decile)),
        axisLabel: { color: theme.text, interval: 0 },
        axisLine: { lineStyle: { color: theme.border } },
      },
      yAxis: {
        type: 'value',
        min: 0,
        axisLabel: { color: theme.muted, formatter: (v: number) => f.pct(v) },
        splitLine: { lineStyle: { color: theme.border } },
      },
      series: [
        // The band: the low end (no fill), then high − low stacked on it and filled.
        {
          type: 'line',
          stack: 'band',
          data: rows.map((r) => r.interval?.low ?? null),
          lineStyle: { opacity: 0 },
          symbol: 'none',
          tooltip: { show: false },
          silent: true,
        },
        {
          type: 'line',
          stack: 'band',
          name: t('report.calibration.band'),
          data: rows.map((r) => (r.interval ? r.interval.high - r.interval.low : null)),
          lineStyle: { opacity: 0 },
          symbol: 'none',
          areaStyle: { color: theme.accent, opacity: 0.15 },
          itemStyle: { color: theme.accent, opacity: 0.3 },
          silent: true,
        },
        {
          type: 'line',
          name: t('report.calibration.rate'),
          data: rows.map((r) => r.winRate),
          symbol: 'circle',
          symbolSize: 8,
          lineStyle: { color: theme.accent, width: 2 },
          itemStyle: { color: theme.accent },
          label: {
            show: true,
            position: 'top',
            color: theme.text,
            fontSize: 11,
            // One decimal, as in the table: a 0.3% decile must not read "0%".
            formatter: (x: { value: number | null }) => f.pct(x.value, 1),
          },
        },
      ],
    }),
    [rows, theme, t, f],
  );
  const first = rows[0];
  const last = rows[rows.length - 1];
  return (
    <ReportShell
      page="calibration"
      title={t('report.calibration.title')}
      intro={t('report.calibration.intro')}
      filters={<ReportFiltersBar value={params} onChange={setParams} report="calibration" />}
      query={q}
      empty={data && data.scored === 0 ? t('report.calibration.empty') : null}
      exportCsv={() => exportReportCsv({ report: 'calibration', filters })}
    >
      {data ? (
        <section className="card loop-card">
          <Chart
            testId="calibration-chart"
            label={t('report.calibration.chartLabel', { version: data.version })}
            summary={t('report.calibration.summary', {
              version: data.version,
              scored: f.num(data.scored),
              won: f.num(data.won),
              low: f.pct(first?.winRate ?? null, 1),
              high: f.pct(last?.winRate ?? null, 1),
            })}
            option={option}
            height={320}
          />
          {data.scored < 0.9 * data.leads ? (
            <p className="table-note field-warning" role="note" data-testid="calibration-partial">
              {t('report.calibration.partial', { version: data.version, scored: f.num(data.scored), leads: f.num(data.leads) })}
            </p>
          ) : null}
          {
            <table className="simple-table compact-table report-table" data-testid="calibration-table">
              <caption className="visually-hidden">{t('report.calibration.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <MetricLabel metric="decile">{t('report.calibration.col.decile')}</MetricLabel>
                  </th>
                  <th scope="col" className="align-end">
                    {t('report.col.n')}
                  </th>
                  <th scope="col" className="align-end">
                    <MetricLabel metric="meanScore">{t('report.calibration.col.score')}</MetricLabel>
                  </th>
                  <th scope="col" className="align-end">
                    <MetricLabel metric="calibrationWinRate">{t('report.calibration.col.rate')}</MetricLabel>
                  </th>
                  <th scope="col" className="align-end">
                    <MetricLabel metric="interval">{t('report.lift.col.interval')}</MetricLabel>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.decile} data-testid="calibration-row" data-decile={r.decile}>
                    <th scope="row">{r.decile}</th>
                    <td className="align-end num" data-col="n">
                      {f.num(r.n)}
                    </td>
                    <td className="align-end num">
                      {f.dec(r.meanScore)}{' '}
                      <span className="cell-sub">
                        {t('report.range', { low: f.dec(r.minScore), high: f.dec(r.maxScore) })}
                      </span>
                    </td>
                    <td className="align-end num" data-col="winRate">
                      {f.pct(r.winRate, 1)}
                    </td>
                    <td className="align-end num">
                      {r.interval
                        ? t('report.range', { low: f.pct(r.interval.low, 1), high: f.pct(r.interval.high, 1) })
                        : '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
          {/* The score is today's: the top deciles hold the youngest leads, whose deals are still open. */}
          <p className="muted" data-testid="calibration-young-note">
            {t('report.calibration.youngNote')}
          </p>
        </section>
      ) : null}
    </ReportShell>
  );
}
