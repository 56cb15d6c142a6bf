import { useMemo } from 'react';
import type { SlaRow } from '../../../../shared/contracts/reports.js';
import type { MetricKey } from '../../../../shared/domain/metric-definitions.js';
import { Chart, useChartTheme, type ChartOption } from '../../components/Chart.js';
import { exportReportCsv, useSlaReport } from '../../hooks/use-reports.js';
import { useT } from '../../i18n/index.js';
import { useReportFormat } from './format.js';
import { MetricLabel } from './MetricInfo.js';
import { ReportFiltersBar } from './ReportFiltersBar.js';
import { ReportShell } from './ReportShell.js';
import { useReportPage } from './use-report-page.js';

/** Are reps deciding within the SLA? Breaches per rep and how long decisions take. */
export function SlaPage() {
  const t = useT();
  const { params, filters, setParams } = useReportPage('sla');
  const q = useSlaReport(filters);
  const f = useReportFormat();
  const theme = useChartTheme();
  const data = q.data;
  // Handoffs without a rep: named in the UI language (the CSV keeps the server's English).
  const rows = useMemo(() => (data?.rows ?? []).map((r) => (r.repId === null ? { ...r, repName: t('report.none.rep') } : r)), [data, t]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 150, right: 48, top: 36, bottom: 28 },
      legend: { top: 0, textStyle: { color: theme.text } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? f.num(v) : '–') },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.repName), axisLabel: { color: theme.text, width: 136, overflow: 'truncate' }, axisLine: { lineStyle: { color: theme.border } } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: theme.muted }, splitLine: { lineStyle: { color: theme.border } } },
      series: [
        { type: 'bar', stack: 'breach', name: t('report.sla.decidedLate'), data: rows.map((r) => r.decidedLate), itemStyle: { color: theme.palette[2] } },
        {
          type: 'bar',
          stack: 'breach',
          name: t('report.sla.pendingBreached'),
          data: rows.map((r) => r.pendingBreached),
          // Hatched as well as coloured: pending breaches are the ones still to act on.
          itemStyle: { color: theme.danger, decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.55)' } },
          label: { show: true, position: 'right', color: theme.text, formatter: (x: { dataIndex: number }) => { const r = rows[x.dataIndex]; return r ? t('report.sla.barLabel', { breached: f.num(r.breached), rate: f.pct(r.breachRate) }) : ''; } },
        },
      ],
    }),
    [rows, theme, t, f],
  );
  const head = (metric: MetricKey, label: string) => (
    <th scope="col" className="align-end">
      <MetricLabel metric={metric}>{label}</MetricLabel>
    </th>
  );
  const cells = (r: SlaRow) => (
    <>
      <td className="align-end num" data-col="handoffs">{f.num(r.handoffs)}</td>
      <td className="align-end num" data-col="pendingBreached">{f.num(r.pendingBreached)}</td>
      <td className="align-end num" data-col="decidedLate">{f.num(r.decidedLate)}</td>
      <td className="align-end num" data-col="breached">{f.num(r.breached)}</td>
      <td className="align-end num" data-col="breachRate">{f.pct(r.breachRate, 1)}</td>
      <td className="align-end num" data-col="median">{f.dec(r.medianHoursToDecision)}</td>
      <td className="align-end num" data-col="p80">{f.dec(r.p80HoursToDecision)}</td>
    </>
  );
  return (
    <ReportShell
      page="sla"
      title={t('report.sla.title')}
      intro={t('report.sla.intro')}
      filters={<ReportFiltersBar value={params} onChange={setParams} report="sla" />}
      query={q}
      empty={data && data.total.handoffs === 0 ? t('report.sla.empty') : null}
      exportCsv={() => exportReportCsv({ report: 'sla', filters })}
    >
      {data ? (
        <section className="card loop-card">
          <Chart
            testId="sla-chart"
            label={t('report.sla.chartLabel')}
            summary={t('report.sla.summary', {
              breached: f.num(data.total.breached),
              handoffs: f.num(data.total.handoffs),
              rate: f.pct(data.total.breachRate, 1),
              median: f.dec(data.total.medianHoursToDecision),
              asOf: f.dateTime(data.asOf),
            })}
            option={option}
            height={Math.max(220, 70 + rows.length * 34)}
          />
          <div className="table-scroll">
            <table className="simple-table compact-table report-table" data-testid="sla-table">
              <caption className="visually-hidden">{t('report.sla.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('loop.filter.rep')}</th>
                  {head('handoffs', t('report.sla.col.handoffs'))}
                  {head('pendingBreached', t('report.sla.pendingBreached'))}
                  {head('decidedLate', t('report.sla.decidedLate'))}
                  {head('breached', t('report.sla.col.breached'))}
                  {head('breachRate', t('report.sla.col.breachRate'))}
                  {head('hoursToDecision', t('report.sla.col.median'))}
                  {head('hoursToDecision', t('report.sla.col.p80'))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.repId ?? 'none'} data-testid="sla-row" data-rep={r.repId ?? ''}>
                    <th scope="row">{r.repName}</th>
                    {cells(r)}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="sla-total">
                  <th scope="row">{t('report.total')}</th>
                  {cells(data.total)}
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      ) : null}
    </ReportShell>
  );
}
