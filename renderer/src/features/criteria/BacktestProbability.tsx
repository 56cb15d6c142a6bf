import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { ProbabilityBandDto } from '../../../../shared/contracts/backtest.js';
import { probabilityAt } from '../../../../shared/domain/backtest-probability.js';
import { Chart, useChartTheme, type ChartOption } from '../../components/Chart.js';
import { useWinProbability } from '../../hooks/use-backtest.js';
import { useT } from '../../i18n/index.js';

/** Win probability per score band (isotonic over the observed win rates), as a table and a step chart. */
export function ProbabilityTable({ bands, testId }: { bands: readonly ProbabilityBandDto[]; testId: string }) {
  const t = useT();
  const intl = useIntl();
  const theme = useChartTheme();
  const pct = (x: number) => intl.formatNumber(x, { style: 'percent', maximumFractionDigits: 1 });
  const num = (x: number) => intl.formatNumber(x, { maximumFractionDigits: 1 });
  const range = (b: ProbabilityBandDto) => (b.minScore === b.maxScore ? num(b.minScore) : t('backtest.prob.range', { min: num(b.minScore), max: num(b.maxScore) }));
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: bands.map(range), axisLabel: { color: theme.text }, axisLine: { lineStyle: { color: theme.border } } },
      yAxis: { type: 'value', min: 0, axisLabel: { color: theme.muted, formatter: (v: number) => pct(v) }, splitLine: { lineStyle: { color: theme.border } } },
      series: [{ type: 'line', step: 'middle', name: t('backtest.prob.col.probability'), data: bands.map((b) => b.probability) }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- formatters follow the bands
    [bands, theme],
  );
  if (bands.length === 0) return <p className="muted">{t('backtest.prob.none')}</p>;
  return (
    <Chart
      label={t('backtest.prob.label')}
      summary={t('backtest.prob.summary', { low: pct(bands[0]!.probability), high: pct(bands[bands.length - 1]!.probability), bands: bands.length })}
      option={option}
      height={200}
      testId={`${testId}-chart`}
      table={
        <table className="simple-table compact-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{t('backtest.prob.col.score')}</th>
              <th scope="col" className="align-end">
                {t('backtest.prob.col.leads')}
              </th>
              <th scope="col" className="align-end">
                {t('backtest.prob.col.probability')}
              </th>
              <th scope="col" className="align-end">
                {t('backtest.prob.col.interval')}
              </th>
            </tr>
          </thead>
          <tbody>
            {bands.map((b) => (
              <tr key={b.minScore}>
                <td className="num">{range(b)}</td>
                <td className="align-end num">{intl.formatNumber(b.n)}</td>
                <td className="align-end num strong">{pct(b.probability)}</td>
                <td className="align-end num muted">{b.interval ? `${pct(b.interval.low)}–${pct(b.interval.high)}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

/** One line for the lead drawer: the calibrated win chance of this score under the version. */
export function WinProbabilityNote({ versionId, total, disqualified }: { versionId: string; total: number; disqualified: boolean }) {
  const t = useT();
  const intl = useIntl();
  const curve = useWinProbability(versionId);
  const band = curve.data ? probabilityAt(curve.data.bands, total) : null;
  if (!curve.data || !band || curve.data.won === 0) return null;
  const pct = (x: number) => intl.formatNumber(x, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <p className="muted explain-probability" data-testid="explain-probability" data-probability={band.probability}>
      {t(disqualified ? 'lead.explain.probabilityDq' : 'lead.explain.probability', {
        probability: pct(band.probability),
        low: band.interval ? pct(band.interval.low) : '—',
        high: band.interval ? pct(band.interval.high) : '—',
        n: intl.formatNumber(band.n),
      })}
    </p>
  );
}
