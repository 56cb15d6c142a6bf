import { useMemo } from 'react';
import { REASON_SPLITS, type ReasonBar } from '../../../../shared/contracts/reports.js';
import { Chart, useChartTheme } from '../../components/Chart.js';
import { EmptyState } from '../../components/States.js';
import { exportReportCsv, useReasonsReport, type ReasonSplit } from '../../hooks/use-reports.js';
import { useFormatList, useT } from '../../i18n/index.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';
import { useReportFormat, type ReportFormat } from './format.js';
import { MetricLabel } from './MetricInfo.js';
import { paretoOption, splitSeries, type SplitSeries } from './pareto-option.js';
import { OptionSelect, ReportFiltersBar } from './ReportFiltersBar.js';
import { ReportShell } from './ReportShell.js';
import { useReportPage } from './use-report-page.js';

/** Why MQLs fail: rejection reasons (sales said no) and loss reasons (the deal was lost), largest first. */
export function ReasonsPage() {
  const t = useT();
  const { params, filters, setParams, setParam } = useReportPage('reasons');
  const split: ReasonSplit = (REASON_SPLITS as readonly string[]).includes(params.split ?? '') ? (params.split as ReasonSplit) : null;
  const q = useReasonsReport(filters, split);
  const r = q.data;
  return (
    <ReportShell
      page="reasons"
      title={t('report.reasons.title')}
      intro={t('report.reasons.intro')}
      filters={
        <ReportFiltersBar value={params} onChange={setParams} report="reasons">
          <OptionSelect
            param="split"
            label={t('loop.split.label')}
            value={split ?? ''}
            options={[['', t('loop.split.nothing')], ...REASON_SPLITS.map((s) => [s, t(`report.split.${s}`)] as const)]}
            onChange={(v) => setParam('split', v)}
          />
        </ReportFiltersBar>
      }
      query={q}
      empty={r && r.rejection.length === 0 && r.loss.length === 0 ? t('report.reasons.empty') : null}
      exportCsv={() => exportReportCsv({ report: 'reasons', filters, splitBy: split })}
    >
      {r ? (
        <>
          <ReasonSection kind="rejection" bars={r.rejection} total={r.rejected} of={r.decided} split={split} />
          <ReasonSection kind="loss" bars={r.loss} total={r.lost} of={r.closed} split={split} />
        </>
      ) : null}
    </ReportShell>
  );
}

function ReasonSection({
  kind,
  bars: stored,
  total,
  of,
  split,
}: {
  kind: 'rejection' | 'loss';
  bars: ReasonBar[];
  total: number;
  of: number;
  split: ReasonSplit;
}) {
  const t = useT();
  const list = useFormatList();
  const f = useReportFormat();
  const theme = useChartTheme();
  const reasonLabel = useReasonLabel();
  // The server names the reason-less group in English (its CSV keeps that); the UI names it here.
  const bars = useMemo(
    () => stored.map((b) => ({ ...b, label: b.reasonId === null ? t('reason.none') : reasonLabel(kind, b.label, b.code) })),
    [stored, kind, reasonLabel, t],
  );
  const data = useMemo(() => ({ bars }), [bars]);
  const splits = useMemo<SplitSeries[] | null>(
    () => (split ? splitSeries(data, t('loop.split.other'), t('loop.split.none')) : null),
    [data, split, t],
  );
  const option = useMemo(
    () =>
      paretoOption(data, splits, theme, {
        count: t(`report.reasons.${kind}.axis`),
        cumulative: t('loop.pareto.cumulative'),
        rejections: t(`report.reasons.${kind}.axis`),
        percent: (v) => f.pct(v),
        number: (v) => f.num(v),
      }),
    [data, splits, theme, t, f, kind],
  );
  const top = bars.slice(0, 3);
  return (
    <section className="card loop-card" aria-labelledby={`reasons-${kind}-title`} data-testid={`reasons-${kind}`}>
      <h3 id={`reasons-${kind}-title`} className="card-title">
        {t(`report.reasons.${kind}.title`)}
      </h3>
      {bars.length === 0 ? (
        <EmptyState title={t(`report.reasons.${kind}.empty`)} />
      ) : (
        <Chart
          testId={`reasons-${kind}-chart`}
          label={t(`report.reasons.${kind}.chartLabel`)}
          summary={t(`report.reasons.${kind}.summary`, {
            total: f.num(total),
            count: total,
            of: f.num(of),
            top: list(top.map((b) => t('common.withCount', { label: b.label, count: f.num(b.count) }))),
            share: f.pct(top[top.length - 1]?.cumulativeShare ?? 0),
            n: top.length,
          })}
          option={option}
          height={340}
          table={<ReasonTable kind={kind} bars={bars} splits={splits} f={f} />}
        />
      )}
    </section>
  );
}

function ReasonTable({ kind, bars, splits, f }: { kind: 'rejection' | 'loss'; bars: ReasonBar[]; splits: SplitSeries[] | null; f: ReportFormat }) {
  const t = useT();
  return (
    <table className="simple-table compact-table" data-testid={`reasons-${kind}-table`}>
      <caption className="visually-hidden">{t(`report.reasons.${kind}.tableCaption`)}</caption>
      <thead>
        <tr>
          <th scope="col">{t('loop.pareto.col.reason')}</th>
          <th scope="col" className="align-end">
            <MetricLabel metric={kind === 'loss' ? 'lossCount' : 'rejectionCount'}>{t('loop.pareto.col.count')}</MetricLabel>
          </th>
          <th scope="col" className="align-end">
            <MetricLabel metric="share">{t('loop.pareto.col.share')}</MetricLabel>
          </th>
          <th scope="col" className="align-end">
            <MetricLabel metric="cumulativeShare">{t('loop.pareto.col.cumulative')}</MetricLabel>
          </th>
        </tr>
      </thead>
      <tbody>
        {bars.map((b, i) => (
          <tr key={b.reasonId ?? b.label} data-testid="reason-row" data-code={b.code ?? ''} data-count={b.count}>
            <td>
              {b.label}
              {splits ? (
                // The split in words too, so the stack colours are never the only way to read it.
                <span className="split-text">
                  {splits
                    .filter((s) => (s.counts[i] ?? 0) > 0)
                    .map((s) => `${s.label} ${f.num(s.counts[i] ?? 0)}`)
                    .join(' · ')}
                </span>
              ) : null}
            </td>
            <td className="align-end num">{f.num(b.count)}</td>
            <td className="align-end num">{f.pct(b.share)}</td>
            <td className="align-end num">{f.pct(b.cumulativeShare)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
