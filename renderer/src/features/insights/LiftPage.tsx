import { useMemo } from 'react';
import { LIFT_FIELDS, type Lift, type LiftRow } from '../../../../shared/contracts/reports.js';
import { Chart, useChartTheme, type ChartOption } from '../../components/Chart.js';
import { exportReportCsv, useLiftReport } from '../../hooks/use-reports.js';
import { useT } from '../../i18n/index.js';
import { useTouchpointType } from '../../i18n/touchpoint-types.js';
import { useReportFormat, type ReportFormat } from './format.js';
import { intervalSeries, pointSeries } from './interval-option.js';
import { MetricLabel } from './MetricInfo.js';
import { OptionSelect, ReportFiltersBar } from './ReportFiltersBar.js';
import { ReportShell } from './ReportShell.js';
import { useReportPage } from './use-report-page.js';

const CHART_ROWS = 30;
const short = (s: string, max = 34) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Does a rule (or a field value) pick winners? Win rate when it matches against when it does not, with intervals. */
export function LiftPage() {
  const t = useT();
  const { params, filters, setParams, setParam } = useReportPage('lift');
  const field = (LIFT_FIELDS as readonly string[]).includes(params.field ?? '') ? params.field! : null;
  const q = useLiftReport(filters, field);
  const f = useReportFormat();
  const theme = useChartTheme();
  const touchpointType = useTouchpointType();
  // An empty field value, and offer types (a fixed vocabulary), in the UI language; the CSV keeps the
  // stored values and the server's English.
  const data = useMemo(() => {
    const label = (r: LiftRow): string =>
      r.kind !== 'value' ? r.label : r.key === null ? t('report.none.value') : field === 'offerType' ? touchpointType(r.key) : r.label;
    return q.data && { ...q.data, rows: q.data.rows.map((r) => ({ ...r, label: label(r) })) };
  }, [q.data, t, field, touchpointType]);
  const rows = useMemo(() => (data?.rows ?? []).filter((r) => r.n > 0).slice(0, CHART_ROWS), [data]);
  const overall = data && data.population > 0 ? data.won / data.population : null;
  // The axis fits the groups with 20 MQLs or more; a tiny group's very wide interval is clipped at the edge
  // (its numbers are in the table) rather than squeezing every other row into a corner.
  const xMax = useMemo(() => {
    const solid = rows.filter((r) => r.n >= 20);
    const highs = (solid.length ? solid : rows).flatMap((r) => [r.interval?.high ?? 0, r.winRate ?? 0, r.otherWinRate ?? 0]);
    return Math.min(1, Math.ceil(Math.max(0.05, ...highs) * 1.1 * 20) / 20);
  }, [rows]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 300, right: 90, top: 36, bottom: 48 },
      legend: { top: 0, textStyle: { color: theme.text }, data: [t('report.lift.matches'), t('report.lift.others'), t('report.lift.interval')] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items: { dataIndex: number }[]) => {
          const r = rows[items[0]?.dataIndex ?? -1];
          if (!r) return '';
          return t('report.lift.tooltip', {
            label: r.label,
            rate: f.pct(r.winRate, 1),
            low: f.pct(r.interval?.low ?? null, 1),
            high: f.pct(r.interval?.high ?? null, 1),
            n: f.num(r.n),
            other: f.pct(r.otherWinRate, 1),
            lift: f.ratio(r.lift),
          });
        },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => t('report.lift.axisLabel', { label: short(r.label), lift: f.ratio(r.lift) })),
        axisLabel: { color: theme.text, width: 290, overflow: 'truncate' },
        axisLine: { lineStyle: { color: theme.border } },
      },
      xAxis: {
        type: 'value',
        min: 0,
        max: xMax,
        name: t('report.lift.axis'),
        nameLocation: 'middle',
        nameGap: 26,
        axisLabel: { color: theme.muted, formatter: (v: number) => f.pct(v) },
        splitLine: { lineStyle: { color: theme.border } },
      },
      series: [
        ...intervalSeries(rows.map((r) => r.interval), theme, t('report.lift.interval'), 'ci'),
        {
          ...pointSeries(rows.map((r) => r.winRate), theme.accent, t('report.lift.matches')),
          markLine:
            overall === null
              ? undefined
              : {
                  symbol: 'none',
                  silent: true,
                  lineStyle: { color: theme.text, type: 'dashed' },
                  label: { formatter: t('report.lift.overall', { rate: f.pct(overall, 1) }), color: theme.text, position: 'end' },
                  data: [{ xAxis: overall }],
                },
        },
        { ...pointSeries(rows.map((r) => r.otherWinRate), theme.palette[2]!, t('report.lift.others'), 'emptyCircle'), z: 4 },
      ],
    }),
    [rows, theme, t, f, overall, xMax],
  );
  const fieldLabel = (k: string) => t(`report.lift.field.${k}`);
  const top = rows[0];
  return (
    <ReportShell
      page="lift"
      title={t('report.lift.title')}
      intro={t('report.lift.intro')}
      filters={
        <ReportFiltersBar value={params} onChange={setParams} report="lift">
          <OptionSelect
            param="field"
            label={t('report.lift.fieldLabel')}
            value={field ?? ''}
            options={[['', t('report.lift.rulesOnly')], ...LIFT_FIELDS.map((k) => [k, fieldLabel(k)] as const)]}
            onChange={(v) => setParam('field', v)}
          />
        </ReportFiltersBar>
      }
      query={q}
      empty={data && rows.length === 0 ? t('report.lift.empty') : null}
      exportCsv={() => exportReportCsv({ report: 'lift', filters, field })}
    >
      {data ? (
        <section className="card loop-card">
          <Chart
            testId="lift-chart"
            label={t('report.lift.chartLabel')}
            summary={t('report.lift.summary', {
              version: data.version,
              population: f.num(data.population),
              won: f.num(data.won),
              top: top?.label ?? '–',
              lift: f.ratio(top?.lift ?? null),
              rate: f.pct(top?.winRate ?? null, 1),
              other: f.pct(top?.otherWinRate ?? null, 1),
            })}
            option={option}
            height={Math.max(260, 110 + rows.length * 26)}
          />
          <LiftTable data={data} f={f} />
        </section>
      ) : null}
    </ReportShell>
  );
}

function LiftTable({ data, f }: { data: Lift; f: ReportFormat }) {
  const t = useT();
  const range = (i: { low: number; high: number } | null) => (i ? t('report.range', { low: f.pct(i.low, 1), high: f.pct(i.high, 1) }) : '–');
  return (
    <div className="table-scroll">
      <table className="simple-table compact-table report-table" data-testid="lift-table">
        <caption className="visually-hidden">{t('report.lift.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">
              <MetricLabel metric="ruleMatch">{t('report.lift.col.rule')}</MetricLabel>
            </th>
            <th scope="col">{t('report.lift.col.kind')}</th>
            <th scope="col" className="align-end">
              <MetricLabel metric="liftN">{t('report.col.n')}</MetricLabel>
            </th>
            <th scope="col" className="align-end">
              <MetricLabel metric="winRate">{t('report.lift.col.winRate')}</MetricLabel>
            </th>
            <th scope="col" className="align-end">
              <MetricLabel metric="interval">{t('report.lift.col.interval')}</MetricLabel>
            </th>
            <th scope="col" className="align-end">
              <MetricLabel metric="otherWinRate">{t('report.lift.col.other')}</MetricLabel>
            </th>
            <th scope="col" className="align-end">
              <MetricLabel metric="lift">{t('report.lift.col.lift')}</MetricLabel>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={`${r.kind}:${r.key ?? ''}`} data-testid="lift-row" data-key={r.key ?? ''}>
              <td>{r.label}</td>
              <td className="muted">{r.ruleKind ? t(`report.lift.kind.${r.ruleKind}`) : t('report.lift.kind.value')}</td>
              <td className="align-end num" data-col="n">{f.num(r.n)}</td>
              <td className="align-end num" data-col="winRate">{f.pct(r.winRate, 1)}</td>
              <td className="align-end num">{range(r.interval)}</td>
              <td className="align-end num">
                {f.pct(r.otherWinRate, 1)} <span className="cell-sub">{t('report.lift.ofN', { n: f.num(r.otherN) })}</span>
              </td>
              <td className="align-end num strong" data-col="lift">{f.ratio(r.lift)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.skippedRules.length > 0 ? (
        <p className="muted table-note">{t('report.lift.skipped', { rules: data.skippedRules.map((s) => s.label).join(', '), count: data.skippedRules.length })}</p>
      ) : null}
    </div>
  );
}
