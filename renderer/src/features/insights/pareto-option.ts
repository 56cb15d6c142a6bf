import type { ChartOption, ChartTheme } from '../../components/Chart.js';

/**
 * What a Pareto chart needs of its bars: the loop page's rejections (handoffs:pareto) and the
 * reasons report's rejections and losses (reports:reasons) both have this shape.
 */
export interface ParetoData {
  bars: readonly {
    label: string;
    count: number;
    cumulativeShare: number;
    splits: readonly { key: string | null; label: string; count: number }[];
  }[];
}

/** A split series of the stacked bars: its key (for the drill-down) and its count per reason. */
export interface SplitSeries {
  key: string | null;
  label: string;
  counts: number[];
  /** "Other" folds the smallest splits together; it cannot be drilled into as one key. */
  isOther: boolean;
}

/** Stacks beyond this many become one "Other" series, so the colours stay tellable apart. */
export const MAX_SPLITS = 7;

export function splitSeries(p: ParetoData, otherLabel: string, noneLabel: string): SplitSeries[] {
  const totals = new Map<string, { key: string | null; label: string; total: number }>();
  const id = (key: string | null) => key ?? '\u0000none';
  for (const bar of p.bars) {
    for (const s of bar.splits) {
      const k = id(s.key);
      const cur = totals.get(k) ?? { key: s.key, label: s.key === null ? noneLabel : s.label, total: 0 };
      cur.total += s.count;
      totals.set(k, cur);
    }
  }
  const ranked = [...totals.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  const kept = ranked.length > MAX_SPLITS ? ranked.slice(0, MAX_SPLITS - 1) : ranked;
  const keptIds = new Set(kept.map((s) => id(s.key)));
  const series: SplitSeries[] = kept.map((s) => ({
    key: s.key,
    label: s.label,
    isOther: false,
    counts: p.bars.map((b) => b.splits.find((x) => id(x.key) === id(s.key))?.count ?? 0),
  }));
  if (ranked.length > kept.length) {
    series.push({
      key: null,
      label: otherLabel,
      isOther: true,
      counts: p.bars.map((b) => b.splits.filter((x) => !keptIds.has(id(x.key))).reduce((n, x) => n + x.count, 0)),
    });
  }
  return series;
}

interface Labels {
  count: string;
  cumulative: string;
  /** The name of the unsplit bar series (rejections, losses). */
  rejections: string;
  percent: (share: number) => string;
  number: (n: number) => string;
}

const short = (text: string, max = 22) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Bars (one series, or one per split, stacked) by reason, and the cumulative share as a line on a 0–100 % axis. */
export function paretoOption(p: ParetoData, splits: SplitSeries[] | null, theme: ChartTheme, l: Labels): ChartOption {
  const categories = p.bars.map((b) => b.label);
  // The count axis' top, set here so a bar's height is known (for its label; see dotJustAbove).
  const countMax = niceCeil(Math.max(1, ...p.bars.map((b) => (splits ? b.splits.reduce((n, x) => n + x.count, 0) : b.count))));
  const bars = splits
    ? splits.map((s, i) => ({
        type: 'bar',
        name: s.label,
        stack: 'reasons',
        data: s.counts,
        itemStyle: { color: s.isOther ? theme.muted : theme.palette[i % theme.palette.length] },
        emphasis: { focus: 'series' },
      }))
    : [
        {
          type: 'bar',
          name: l.rejections,
          // A count sits above its bar unless the cumulative line's dot is just there: then inside it.
          data: p.bars.map((b) => ({
            value: b.count,
            label: { position: dotJustAbove(b.count / countMax, b.cumulativeShare) ? 'insideTop' : 'top' },
          })),
          itemStyle: { color: theme.accent },
          label: {
            show: true,
            color: theme.text,
            backgroundColor: theme.surface,
            padding: [1, 3],
            borderRadius: 3,
            formatter: (x: { value: number }) => l.number(x.value),
          },
        },
      ];
  return {
    // containLabel: the rotated reason names are measured, so the first one is not cut off at the left.
    grid: { left: 8, right: 8, top: splits ? 72 : 36, bottom: 8, containLabel: true },
    legend: splits ? { top: 0, type: 'scroll', textStyle: { color: theme.text } } : undefined,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? l.number(v) : String(v)),
    },
    xAxis: {
      type: 'category',
      data: categories,
      axisLabel: { rotate: 30, interval: 0, color: theme.text, formatter: (v: string) => short(v) },
      axisLine: { lineStyle: { color: theme.border } },
    },
    yAxis: [
      {
        type: 'value',
        name: l.count,
        minInterval: 1,
        max: countMax,
        axisLabel: { color: theme.muted },
        splitLine: { lineStyle: { color: theme.border } },
      },
      {
        type: 'value',
        name: l.cumulative,
        min: 0,
        max: 1,
        axisLabel: { color: theme.muted, formatter: (v: number) => l.percent(v) },
        splitLine: { show: false },
      },
    ],
    series: [
      ...bars,
      {
        type: 'line',
        name: l.cumulative,
        yAxisIndex: 1,
        data: p.bars.map((b) => b.cumulativeShare),
        symbol: 'circle',
        symbolSize: 7,
        lineStyle: { color: theme.text, width: 2, type: 'dashed' },
        itemStyle: { color: theme.text },
        tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? l.percent(v) : String(v)) },
      },
    ],
  };
}

/** n rounded up to a half power of ten (341 -> 350, 27 -> 30): an axis top that reads well. */
export function niceCeil(n: number): number {
  const step = 10 ** Math.floor(Math.log10(n)) / 2;
  return Math.max(1, Math.ceil(n / step) * step);
}

/** Whether the cumulative line's dot (a share of the plot's height) sits within a label's height above a bar's top. */
export function dotJustAbove(barTop: number, dot: number): boolean {
  return dot >= barTop && dot - barTop < 0.09;
}
