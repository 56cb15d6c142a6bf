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

/** Bars per category, one colour per series (e.g. last quarter beside this one). */
export function barChart(categories: string[], series: Series[], opts: { width?: number; height?: number; percent?: boolean; horizontal?: boolean } = {}): string {
  const value = { type: 'value', ...axis, ...(opts.percent ? { axisLabel: { color: MUTED, formatter: (v: number) => `${Math.round(v * 100)} %` } } : {}) };
  const category = { type: 'category', data: categories, ...axis, axisLabel: { color: INK, interval: 0, width: 140, overflow: 'truncate' } };
  return render(
    {
      legend: series.length > 1 ? { top: 0, textStyle: { color: INK } } : undefined,
      grid: { left: opts.horizontal ? 150 : 50, right: 20, top: series.length > 1 ? 30 : 10, bottom: 30 },
      xAxis: opts.horizontal ? value : category,
      yAxis: opts.horizontal ? { ...category, inverse: true } : value,
      series: series.map((s, i) => ({
        name: s.name,
        type: 'bar',
        data: s.values,
        itemStyle: { color: PALETTE[(series.length === 1 ? 1 : i) % PALETTE.length] },
        label: { show: true, position: opts.horizontal ? 'right' : 'top', color: INK, fontSize: 10, formatter: opts.percent ? (p: { value: number }) => `${(p.value * 100).toFixed(1)} %` : undefined },
      })),
    },
    opts.width ?? 640,
    opts.height ?? 260,
  );
}

/** Lines over months (e.g. MQLs per month under the active version and under the proposal). */
export function lineChart(categories: string[], series: Series[], opts: { width?: number; height?: number } = {}): string {
  return render(
    {
      legend: { top: 0, textStyle: { color: INK } },
      grid: { left: 50, right: 20, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: categories, ...axis },
      yAxis: { type: 'value', ...axis },
      series: series.map((s, i) => ({ name: s.name, type: 'line', data: s.values, symbolSize: 5, lineStyle: { width: 2 }, itemStyle: { color: PALETTE[(i + 1) % PALETTE.length] } })),
    },
    opts.width ?? 640,
    opts.height ?? 220,
  );
}
