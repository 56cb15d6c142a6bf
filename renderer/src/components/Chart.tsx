import { BarChart, LineChart } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useId, useMemo, useRef, type ReactNode } from 'react';
import './chart.css';

/*
 * The one chart component of the app, over ECharts (tree-shaken: bars, lines, grid, tooltip, legend,
 * SVG renderer). ECharts builds no code at run time, so the strict CSP (script-src 'self', no eval)
 * holds; its tooltip is HTML with inline styles, which style-src allows. Colours come from the CSS
 * variables of chart.css, so a theme changes charts and the rest of the UI together. Every chart
 * carries a text summary and an optional table beside it: the picture is never the only way to
 * read the numbers.
 */
echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  MarkLineComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export interface ChartTheme {
  text: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  danger: string;
  /** Series colours in order, for splits and stacks. */
  palette: string[];
  font: string;
}

const FALLBACK: ChartTheme = {
  text: '#1b1f24',
  muted: '#8a929d',
  border: '#e4e7eb',
  surface: '#ffffff',
  accent: '#4f46e5',
  danger: '#c4332f',
  palette: ['#4f46e5', '#0f766e', '#b45309', '#be185d', '#1d4ed8', '#15803d', '#7c3aed', '#a16207'],
  font: 'system-ui, sans-serif',
};

/** Colours and font from the stylesheet (read once per mount; they do not change while the app runs). */
export function readChartTheme(el: Element = document.documentElement): ChartTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const palette = Array.from({ length: 8 }, (_, i) => v(`--chart-${i + 1}`, FALLBACK.palette[i]!));
  return {
    text: v('--text', FALLBACK.text),
    muted: v('--text-3', FALLBACK.muted),
    border: v('--border', FALLBACK.border),
    surface: v('--surface', FALLBACK.surface),
    accent: v('--accent', FALLBACK.accent),
    danger: v('--danger', FALLBACK.danger),
    palette,
    font: v('--font', FALLBACK.font),
  };
}

/** The theme for building options: ECharts needs concrete colours, not var(--x). */
export function useChartTheme(): ChartTheme {
  return useMemo(() => (typeof document === 'undefined' ? FALLBACK : readChartTheme()), []);
}

export interface ChartClick {
  seriesIndex: number;
  seriesName: string;
  dataIndex: number;
  name: string;
  value: unknown;
}

interface Props {
  /** Accessible name of the picture. */
  label: string;
  /** One or two sentences that say what the chart shows, with the key numbers. */
  summary: string;
  option: ChartOption;
  height?: number;
  /** Clicking a bar or point (e.g. to drill down). */
  onItemClick?: (item: ChartClick) => void;
  /** A table of the same numbers, shown beside the chart. */
  table?: ReactNode;
  testId?: string;
}

export function Chart({ label, summary, option, height = 280, onItemClick, table, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onItemClick);
  const summaryId = useId();
  useEffect(() => {
    clickRef.current = onItemClick;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: 'svg' });
    chartRef.current = chart;
    chart.on('click', (p) => {
      const params = p as unknown as ChartClick;
      clickRef.current?.({
        seriesIndex: params.seriesIndex,
        seriesName: params.seriesName,
        dataIndex: params.dataIndex,
        name: params.name,
        value: params.value,
      });
    });
    // Resize with the layout (a drawer opening, the window narrowing), not only with the window.
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const theme = readChartTheme();
    chartRef.current?.setOption(
      {
        textStyle: { fontFamily: theme.font, color: theme.text },
        color: theme.palette,
        // Moving bars help few and distract some: honour the system's reduced-motion setting.
        animation: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
        animationDuration: 250,
        animationDurationUpdate: 250,
        ...option,
      },
      { notMerge: true },
    );
  }, [option]);

  return (
    <figure className="chart" data-testid={testId}>
      <div className="chart-main">
        <div
          ref={ref}
          className={`chart-canvas${onItemClick ? ' is-clickable' : ''}`}
          style={{ blockSize: height }}
          role="img"
          aria-label={label}
          aria-describedby={summaryId}
        />
        <figcaption id={summaryId} className="chart-summary" data-testid="chart-summary">
          {summary}
        </figcaption>
      </div>
      {table ? <div className="chart-table">{table}</div> : null}
    </figure>
  );
}
