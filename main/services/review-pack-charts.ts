import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/*
 * Static SVG charts for the review pack, drawn by ECharts' server-side renderer: the same pack is
 * made in the CLI (no DOM) and in the app, and a PDF printed from it keeps vector charts. No
 * animation, no tooltip: paper does not hover.
 */
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

const INK = '#1f2933';
const MUTED = '#6b7785';
const GRID = '#e3e7ec';
export const PALETTE = ['#94a3b8', '#1d4ed8', '#c2410c', '#15803d'];

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'Helvetica, Arial, sans-serif', color: INK, fontSize: 11 },
    ...option,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const axis = { axisLine: { lineStyle: { color: MUTED } }, axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: GRID } } };

export interface Series {
  name: string;
  values: number[];
}

/**
 * How the chart reads: numbers in the reader's locale (`percent` for rates: axis in whole percents,
 * bars labelled with one decimal, as the pack's tables are) and, for a right-to-left pack, mirrored.
 */
export interface ChartFormat {
  locale?: string;
  percent?: boolean;
  rtl?: boolean;
}

/*
 * The SVG is drawn left to right (its anchors are ECharts' own: the pack's CSS keeps the SVG ltr);
 * in a right-to-left pack each label is isolated as right-to-left text, so "سرنخ ← MQL" reads
 * from the right as it does in the app.
 */
const isolate = (rtl: boolean) => (s: string) => (rtl ? `\u2067${s}\u2069` : s);

function formats(opts: ChartFormat): { axis: (v: number) => string; label: (v: number) => string } {
  const locale = opts.locale ?? 'en';
  if (!opts.percent) {
    const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    return { axis: (v) => n.format(v), label: (v) => n.format(v) };
  }
  const whole = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const one = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return { axis: (v) => whole.format(v), label: (v) => one.format(v) };
}

/** Bars per category, one colour per series (e.g. last quarter beside this one). */
export function barChart(categories: string[], series: Series[], opts: { width?: number; height?: number; horizontal?: boolean } & ChartFormat = {}): string {
  const fmt = formats(opts);
  const rtl = opts.rtl === true;
  const side = { left: rtl ? 20 : opts.horizontal ? 150 : 50, right: rtl ? (opts.horizontal ? 150 : 50) : 20 };
  const value = { type: 'value', ...axis, ...(opts.horizontal && rtl ? { inverse: true } : {}), ...(opts.horizontal ? {} : { position: rtl ? 'right' : 'left' }), axisLabel: { color: MUTED, formatter: fmt.axis } };
  const iso = isolate(rtl);
  const category = { type: 'category', data: categories.map(iso), ...axis, axisLabel: { color: INK, interval: 0, width: 140, overflow: 'truncate' } };
  return render(
    {
      legend: series.length > 1 ? { top: 0, textStyle: { color: INK } } : undefined,
      grid: { ...side, top: series.length > 1 ? 30 : 10, bottom: 30 },
      xAxis: opts.horizontal ? value : { ...category, inverse: rtl },
      yAxis: opts.horizontal ? { ...category, inverse: true, position: rtl ? 'right' : 'left' } : value,
      series: series.map((s, i) => ({
        name: iso(s.name),
        type: 'bar',
        data: s.values,
        itemStyle: { color: PALETTE[(series.length === 1 ? 1 : i) % PALETTE.length] },
        label: { show: true, position: opts.horizontal ? (rtl ? 'left' : 'right') : 'top', color: INK, fontSize: 10, formatter: (p: { value: number }) => fmt.label(p.value) },
      })),
    },
    opts.width ?? 640,
    opts.height ?? 260,
  );
}

/** Lines over months (e.g. MQLs per month under the active version and under the proposal). */
export function lineChart(categories: string[], series: Series[], opts: { width?: number; height?: number } & ChartFormat = {}): string {
  const rtl = opts.rtl === true;
  const fmt = formats(opts);
  return render(
    {
      legend: { top: 0, textStyle: { color: INK } },
      grid: { left: rtl ? 20 : 50, right: rtl ? 50 : 20, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: categories.map(isolate(rtl)), ...axis, inverse: rtl },
      yAxis: { type: 'value', ...axis, position: rtl ? 'right' : 'left', axisLabel: { color: MUTED, formatter: fmt.axis } },
      series: series.map((s, i) => ({ name: isolate(rtl)(s.name), type: 'line', data: s.values, symbolSize: 5, lineStyle: { width: 2 }, itemStyle: { color: PALETTE[(i + 1) % PALETTE.length] } })),
    },
    opts.width ?? 640,
    opts.height ?? 220,
  );
}
