import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { BacktestResult, VersionBacktestDto } from '../../../../shared/contracts/backtest.js';
import { backtestMonths, partialLastMonth } from '../../../../shared/domain/backtest.js';
import { Chart, useChartTheme, type ChartOption } from '../../components/Chart.js';
import { useT } from '../../i18n/index.js';
import { useMoney } from '../../hooks/use-currency.js';

type Row = { id: string; label: string; value: (r: VersionBacktestDto) => string; diff: string | null };

/** The difference in one line ("-18 % handoffs, -2 won deals, +9 pts acceptance") and the two versions side by side. */
export function BacktestSummary({ result }: { result: BacktestResult }) {
  const t = useT();
  const intl = useIntl();
  const c = result.candidate;
  const b = result.baselineResult;
  const d = result.difference;
  const same = result.baseline?.id === result.version.id;
  const pct = (x: number | null) => (x === null ? '—' : intl.formatNumber(x, { style: 'percent', maximumFractionDigits: 1 }));
  const num = (x: number) => intl.formatNumber(x);
  const money = useMoney();
  const signed = (x: number | null, digits = 1) => (x === null ? '—' : intl.formatNumber(x, { signDisplay: 'exceptZero', maximumFractionDigits: digits }));

  const rows: Row[] = [
    { id: 'leads', label: t('backtest.metric.leads'), value: (r) => num(r.leads), diff: null },
    { id: 'mqls', label: t('backtest.metric.mqls'), value: (r) => t('backtest.metric.countRate', { count: num(r.mqls), rate: pct(r.mqlRate) }), diff: d ? t('backtest.diff.pct', { value: signed(d.handoffsPct) }) : null },
    { id: 'accepted', label: t('backtest.metric.accepted'), value: (r) => num(r.accepted), diff: null },
    { id: 'rejected', label: t('backtest.metric.rejected'), value: (r) => num(r.rejected), diff: null },
    { id: 'pending', label: t('backtest.metric.pending'), value: (r) => num(r.pending), diff: null },
    { id: 'notHandedOff', label: t('backtest.metric.notHandedOff'), value: (r) => num(r.notHandedOff), diff: null },
    { id: 'acceptance', label: t('backtest.metric.acceptance'), value: (r) => pct(r.acceptanceRate), diff: d ? t('backtest.diff.pts', { value: signed(d.acceptancePts) }) : null },
    { id: 'sql', label: t('backtest.metric.sqlRate'), value: (r) => t('backtest.metric.countRate', { count: num(r.sql), rate: pct(r.sqlRate) }), diff: d ? t('backtest.diff.pts', { value: signed(d.sqlRatePts) }) : null },
    { id: 'won', label: t('backtest.metric.won'), value: (r) => t('backtest.metric.countRate', { count: num(r.won), rate: pct(r.winRate) }), diff: d ? signed(d.wonDeals, 0) : null },
    { id: 'revenue', label: t('backtest.metric.revenue'), value: (r) => money(r.revenue), diff: d ? money(d.revenue, { signed: true }) : null },
    { id: 'missed', label: t('backtest.metric.missedWon'), value: (r) => num(r.missedWon.count), diff: d ? signed(d.missedWon, 0) : null },
    { id: 'avoided', label: t('backtest.metric.avoided'), value: (r) => num(r.avoidedRejections.count), diff: d ? signed(d.avoidedRejections, 0) : null },
  ];

  return (
    <section className="card card-wide backtest-summary" aria-labelledby="backtest-summary-title" data-testid="backtest-summary">
      <h2 id="backtest-summary-title" className="card-title">
        {t('backtest.summary.title')}
      </h2>
      {d && !same ? (
        <p className="backtest-difference strong" data-testid="backtest-difference">
          {t('backtest.summary.difference', {
            handoffs: signed(d.handoffsPct),
            won: signed(d.wonDeals, 0),
            wonCount: Math.abs(d.wonDeals),
            acceptance: signed(d.acceptancePts),
            number: result.baseline!.number,
          })}
        </p>
      ) : (
        <p className="muted">{t(result.baseline ? 'backtest.summary.isActive' : 'backtest.summary.noBaseline')}</p>
      )}
      <p className="muted" data-testid="backtest-params">
        {t('backtest.summary.params', {
          from: result.params.from === null ? t('backtest.summary.start') : intl.formatDate(result.params.from, { dateStyle: 'medium', timeZone: 'UTC' }),
          to: result.params.to === null ? t('backtest.summary.now') : intl.formatDate(result.params.to - 1, { dateStyle: 'medium', timeZone: 'UTC' }),
          days: result.params.decisionDays,
          won: intl.formatNumber(result.outcomes.won),
          lost: intl.formatNumber(result.outcomes.lost),
          decided: intl.formatNumber(result.outcomes.decided),
        })}
      </p>
      {result.warnings.map((w) => (
        <p key={w} className="banner" role="note" data-testid="backtest-warning">
          {w}
        </p>
      ))}
      <table className="simple-table backtest-table" data-testid="backtest-side-by-side">
        <caption className="visually-hidden">{t('backtest.summary.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('backtest.col.metric')}</th>
            <th scope="col" className="align-end">
              {t('backtest.col.version', { number: result.version.number })}
            </th>
            {b && !same ? (
              <>
                <th scope="col" className="align-end">
                  {t('backtest.col.version', { number: result.baseline!.number })}
                </th>
                <th scope="col" className="align-end">
                  {t('backtest.col.difference')}
                </th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-metric={r.id}>
              <th scope="row">{r.label}</th>
              <td className="align-end num">{r.value(c)}</td>
              {b && !same ? (
                <>
                  <td className="align-end num">{r.value(b)}</td>
                  <td className="align-end num strong">{r.diff ?? ''}</td>
                </>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <MonthlyChart result={result} />
    </section>
  );
}

function MonthlyChart({ result }: { result: BacktestResult }) {
  const t = useT();
  const intl = useIntl();
  const theme = useChartTheme();
  const same = result.baseline?.id === result.version.id;
  // The months of the period that have leads, gaps filled: both versions see the same leads, so one axis serves both.
  const months = useMemo(
    () => backtestMonths(result.params, [...result.candidate.monthly, ...(result.baselineResult && !same ? result.baselineResult.monthly : [])].map((m) => m.month)),
    [result, same],
  );
  const partial = partialLastMonth(result.params.to, result.computedAt);
  const label = (m: string) => {
    const name = intl.formatDate(Date.parse(`${m}-01T00:00:00Z`), { month: 'short', year: 'numeric', timeZone: 'UTC' });
    return m === partial?.month
      ? t('backtest.monthly.partial', { month: name, day: intl.formatDate(partial.lastInstant, { day: 'numeric', month: 'short', timeZone: 'UTC' }) })
      : name;
  };
  const series = (r: VersionBacktestDto) => {
    const by = new Map(r.monthly.map((m) => [m.month, m.mqls]));
    return months.map((m) => by.get(m) ?? 0);
  };
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 40, bottom: 40 },
      legend: { top: 0, textStyle: { color: theme.text } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months.map(label), axisLabel: { color: theme.text }, axisLine: { lineStyle: { color: theme.border } } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: theme.muted }, splitLine: { lineStyle: { color: theme.border } } },
      series: [
        { type: 'bar', name: t('backtest.col.version', { number: result.version.number }), data: series(result.candidate) },
        ...(result.baselineResult && !same
          ? [{ type: 'bar', name: t('backtest.col.version', { number: result.baseline!.number }), data: series(result.baselineResult), itemStyle: { color: theme.muted } }]
          : []),
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- label and t are stable per render of the same result
    [result, months, theme, same],
  );
  if (months.length === 0) return null;
  return (
    <Chart
      label={t('backtest.monthly.label')}
      summary={t('backtest.monthly.summary', { months: months.length, mqls: intl.formatNumber(result.candidate.mqls), number: result.version.number })}
      option={option}
      height={240}
      testId="backtest-monthly"
    />
  );
}
