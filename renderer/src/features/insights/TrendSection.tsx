import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { LoopFilters } from '../../../../shared/contracts/handoffs.js';
import { Chart, useChartTheme, type ChartOption } from '../../components/Chart.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useAcceptanceTrend, useSlaSettings } from '../../hooks/use-handoffs.js';
import { useT } from '../../i18n/index.js';

/** Acceptance rate by week (line) over the decisions made that week (bars). */
export function TrendSection({ filters }: { filters: LoopFilters }) {
  const t = useT();
  const intl = useIntl();
  const theme = useChartTheme();
  const trend = useAcceptanceTrend(filters);
  // Weeks start on Monday in the workspace's time zone: label them there, not in the viewer's.
  const timeZone = useSlaSettings().data?.timeZone ?? 'UTC';
  const points = useMemo(() => trend.data ?? [], [trend.data]);
  const week = (ms: number) => intl.formatDate(ms, { month: 'short', day: 'numeric', timeZone });
  const pct = (v: number) => intl.formatNumber(v, { style: 'percent', maximumFractionDigits: 0 });

  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 52, top: 60, bottom: 40 },
      legend: { top: 0, textStyle: { color: theme.text } },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: points.map((p) => week(p.weekStart)),
        axisLabel: { color: theme.text },
        axisLine: { lineStyle: { color: theme.border } },
      },
      yAxis: [
        {
          type: 'value',
          name: t('loop.trend.decided'),
          minInterval: 1,
          axisLabel: { color: theme.muted },
          splitLine: { lineStyle: { color: theme.border } },
        },
        {
          type: 'value',
          min: 0,
          max: 1,
          name: t('loop.trend.rate'),
          axisLabel: { color: theme.muted, formatter: (v: number) => pct(v) },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          type: 'bar',
          name: t('loop.trend.decided'),
          data: points.map((p) => p.decided),
          itemStyle: { color: theme.muted, opacity: 0.45 },
        },
        {
          type: 'line',
          name: t('loop.trend.rate'),
          yAxisIndex: 1,
          data: points.map((p) => p.rate),
          connectNulls: false,
          symbol: 'circle',
          symbolSize: 6,
          lineStyle: { color: theme.accent, width: 2 },
          itemStyle: { color: theme.accent },
          tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? pct(v) : '–') },
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- week and pct follow intl
    [points, theme, t, intl, timeZone],
  );

  const decided = points.reduce((n, p) => n + p.decided, 0);
  const accepted = points.reduce((n, p) => n + p.accepted, 0);
  const rated = points.filter((p) => p.rate !== null);
  const lastRated = rated[rated.length - 1];

  return (
    <section className="card loop-card" aria-labelledby="trend-title" data-testid="trend">
      <h2 id="trend-title" className="card-title">
        {t('loop.trend.title')}
      </h2>
      {trend.isPending ? <LoadingState /> : null}
      {trend.isError ? <ErrorState error={trend.error} onRetry={() => void trend.refetch()} /> : null}
      {trend.data && decided === 0 ? <EmptyState title={t('loop.trend.empty')} /> : null}
      {trend.data && decided > 0 ? (
        <Chart
          testId="trend-chart"
          label={t('loop.trend.chartLabel')}
          summary={t('loop.trend.summary', {
            weeks: points.length,
            accepted: intl.formatNumber(accepted),
            decided: intl.formatNumber(decided),
            rate: pct(accepted / decided),
            last: lastRated?.rate != null ? pct(lastRated.rate) : '–',
            lastWeek: lastRated ? week(lastRated.weekStart) : '–',
          })}
          option={option}
          height={260}
          table={
            <table className="simple-table compact-table" data-testid="trend-table">
              <caption className="visually-hidden">{t('loop.trend.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('loop.trend.col.week')}</th>
                  <th scope="col" className="align-end">
                    {t('loop.trend.col.decided')}
                  </th>
                  <th scope="col" className="align-end">
                    {t('loop.trend.col.accepted')}
                  </th>
                  <th scope="col" className="align-end">
                    {t('loop.trend.col.rate')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...points].reverse().map((p) => (
                  <tr key={p.weekStart}>
                    <td>{week(p.weekStart)}</td>
                    <td className="align-end num">{intl.formatNumber(p.decided)}</td>
                    <td className="align-end num">{intl.formatNumber(p.accepted)}</td>
                    <td className="align-end num">{p.rate === null ? '–' : pct(p.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      ) : null}
    </section>
  );
}
