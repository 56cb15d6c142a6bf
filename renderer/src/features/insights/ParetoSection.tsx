import { useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { PARETO_SPLITS, type LoopFilters, type Pareto } from '../../../../shared/contracts/handoffs.js';
import { Chart, useChartTheme } from '../../components/Chart.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { usePareto, type SplitBy } from '../../hooks/use-handoffs.js';
import { useFormatList, useT } from '../../i18n/index.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';
import { BLAME_LABEL } from '../inbox/reason-labels.js';
import { DrillPanel, type DrillTarget } from './DrillPanel.js';
import { paretoOption, splitSeries, type SplitSeries } from './pareto-option.js';

type Split = (typeof PARETO_SPLITS)[number];
const SPLIT_LABEL: Record<Split, string> = {
  offer: 'loop.split.offer',
  campaign: 'loop.split.campaign',
  channel: 'loop.split.channel',
  version: 'loop.split.version',
  rep: 'loop.split.rep',
};

/** Why reps reject: reasons by count with the cumulative share, optionally split; every bar drills down. */
export function ParetoSection({ filters }: { filters: LoopFilters }) {
  const t = useT();
  const list = useFormatList();
  const intl = useIntl();
  const theme = useChartTheme();
  const [splitBy, setSplitBy] = useState<SplitBy>(null);
  // A drill-down belongs to the filters it was opened under; other filters close it.
  const filtersKey = JSON.stringify(filters);
  const [opened, setOpened] = useState<{ target: DrillTarget; filtersKey: string } | null>(null);
  const drill = opened && opened.filtersKey === filtersKey ? opened.target : null;
  const setDrill = (target: DrillTarget | null) => setOpened(target ? { target, filtersKey } : null);
  const pareto = usePareto(filters, splitBy);
  const reasonLabel = useReasonLabel();
  // Default reasons in the UI language once, so the chart, its table, summary and drill agree.
  const p = useMemo(
    () => pareto.data && { ...pareto.data, bars: pareto.data.bars.map((b) => ({ ...b, label: reasonLabel('rejection', b.label, b.code) })) },
    [pareto.data, reasonLabel],
  );

  const splits = useMemo<SplitSeries[] | null>(
    () => (p && splitBy ? splitSeries(p, t('loop.split.other'), t('loop.split.none')) : null),
    [p, splitBy, t],
  );
  const num = (n: number) => intl.formatNumber(n);
  const pct = (n: number) => intl.formatNumber(n, { style: 'percent', maximumFractionDigits: 0 });
  const option = useMemo(
    () =>
      p
        ? paretoOption(p, splits, theme, {
            count: t('loop.pareto.axisCount'),
            cumulative: t('loop.pareto.cumulative'),
            rejections: t('loop.pareto.rejections'),
            percent: pct,
            number: num,
          })
        : {},
    // eslint-disable-next-line react-hooks/exhaustive-deps -- num and pct follow intl
    [p, splits, theme, t, intl],
  );

  const onBar = (seriesIndex: number, dataIndex: number) => {
    const bar = p?.bars[dataIndex];
    if (!bar) return;
    const split = splits?.[seriesIndex];
    // The cumulative line and "Other" drill into the whole reason.
    if (splits && split && !split.isOther && splitBy) {
      setDrill({ reasonId: bar.reasonId, label: bar.label, splitBy, splitKey: split.key, splitLabel: split.label });
    } else setDrill({ reasonId: bar.reasonId, label: bar.label, splitBy: null, splitKey: null, splitLabel: null });
  };

  return (
    <section className="card loop-card" aria-labelledby="pareto-title" data-testid="pareto">
      <div className="card-head">
        <h2 id="pareto-title" className="card-title">
          {t('loop.pareto.title')}
        </h2>
        <div className="segmented" role="group" aria-label={t('loop.split.label')}>
          <button
            type="button"
            className={`segmented-btn${splitBy === null ? ' is-on' : ''}`}
            aria-pressed={splitBy === null}
            onClick={() => setSplitBy(null)}
            data-testid="split-none"
          >
            {t('loop.split.nothing')}
          </button>
          {PARETO_SPLITS.map((s) => (
            <button
              key={s}
              type="button"
              className={`segmented-btn${splitBy === s ? ' is-on' : ''}`}
              aria-pressed={splitBy === s}
              onClick={() => setSplitBy(s)}
              data-testid={`split-${s}`}
            >
              {t(SPLIT_LABEL[s])}
            </button>
          ))}
        </div>
      </div>
      {pareto.isPending ? <LoadingState /> : null}
      {pareto.isError ? <ErrorState error={pareto.error} onRetry={() => void pareto.refetch()} /> : null}
      {p && p.bars.length === 0 ? (
        <EmptyState title={t('loop.pareto.empty')} hint={t('loop.pareto.emptyHint', { decided: p.decided })} />
      ) : null}
      {p && p.bars.length > 0 ? (
        <Chart
          testId="pareto-chart"
          label={t('loop.pareto.chartLabel')}
          summary={paretoSummary(p, t, list, num, pct)}
          option={option}
          height={360}
          onItemClick={(c) => onBar(c.seriesIndex, c.dataIndex)}
          table={<ParetoTable p={p} splits={splits} onDrill={(i) => onBar(-1, i)} num={num} pct={pct} />}
        />
      ) : null}
      {drill ? <DrillPanel filters={filters} target={drill} onClose={() => setDrill(null)} /> : null}
    </section>
  );
}

function paretoSummary(p: Pareto, t: ReturnType<typeof useT>, list: ReturnType<typeof useFormatList>, num: (n: number) => string, pct: (n: number) => string) {
  const top = p.bars.slice(0, 3);
  return t('loop.pareto.summary', {
    rejected: num(p.rejected),
    count: p.rejected,
    decided: num(p.decided),
    top: list(top.map((b) => t('common.withCount', { label: b.label, count: num(b.count) }))),
    share: pct(top[top.length - 1]?.cumulativeShare ?? 0),
    n: top.length,
  });
}

function ParetoTable({
  p,
  splits,
  onDrill,
  num,
  pct,
}: {
  p: Pareto;
  splits: SplitSeries[] | null;
  onDrill: (index: number) => void;
  num: (n: number) => string;
  pct: (n: number) => string;
}) {
  const t = useT();
  return (
    <table className="simple-table compact-table" data-testid="pareto-table">
      <caption className="visually-hidden">{t('loop.pareto.tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('loop.pareto.col.reason')}</th>
          <th scope="col" className="align-end">
            {t('loop.pareto.col.count')}
          </th>
          <th scope="col" className="align-end">
            {t('loop.pareto.col.share')}
          </th>
          <th scope="col" className="align-end">
            {t('loop.pareto.col.cumulative')}
          </th>
        </tr>
      </thead>
      <tbody>
        {p.bars.map((b, i) => (
          <tr key={b.reasonId} data-reason-code={b.code} data-count={b.count} data-testid="pareto-row">
            <td>
              <button type="button" className="link-btn" onClick={() => onDrill(i)} data-testid="pareto-drill">
                {b.label}
              </button>
              <span className="muted reason-blame"> {t(BLAME_LABEL[b.blame])}</span>
              {splits ? (
                // The split in words too, so the stack colours are never the only way to read it.
                <span className="split-text" data-testid="pareto-split-text">
                  {splits
                    .filter((s) => (s.counts[i] ?? 0) > 0)
                    .map((s) => `${s.label} ${num(s.counts[i] ?? 0)}`)
                    .join(' · ')}
                </span>
              ) : null}
            </td>
            <td className="align-end num">{num(b.count)}</td>
            <td className="align-end num">{pct(b.share)}</td>
            <td className="align-end num">{pct(b.cumulativeShare)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
