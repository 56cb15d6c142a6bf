import { BarChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useId, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useT } from '../i18n/index.js';
import { chartData, mirrorForRtl, withDistinctSeries, withLocaleNumbers } from './chart-a11y.js';
import './chart.css';

/*
 * The one chart component of the app, over ECharts (tree-shaken: bars, lines, grid, tooltip, legend,
 * SVG renderer). ECharts builds no code at run time, so the strict CSP (script-src 'self', no eval)
 * holds; its tooltip is HTML with inline styles, which style-src allows. Colours come from the CSS
 * variables of chart.css, so a theme changes charts and the rest of the UI together. Every chart
 * carries a text summary and a table (the page's, beside it, or a visually hidden one made from the
 * option): the picture is never the only way to read the numbers. Series differ by pattern, symbol
 * and dash as well as colour (chart-a11y.ts), and the layout mirrors in right-to-left languages.
 */
echarts.use([
  AriaComponent,
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

/** Colours and font from the stylesheet, as they are now (the theme can change while the app runs). */
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

/**
 * The look of <html> that charts depend on: its theme and its direction. Charts subscribe to it so
 * a theme or language switch redraws them in the new colours and the new reading direction.
 */
function subscribeLook(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'dir'] });
  return () => observer.disconnect();
}
const lookKey = () => `${document.documentElement.dataset.theme ?? ''}|${document.documentElement.dir}`;
const serverLook = () => '';

function useLook(): string {
  return useSyncExternalStore(subscribeLook, lookKey, serverLook);
}

/** The theme for building options: ECharts needs concrete colours, not var(--x). */
export function useChartTheme(): ChartTheme {
  const look = useLook();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the look is why the variables are read again
  return useMemo(() => (typeof document === 'undefined' ? FALLBACK : readChartTheme()), [look]);
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

  const look = useLook();
  const intl = useIntl();
  useEffect(() => {
    const theme = readChartTheme();
    const shown = withLocaleNumbers(withDistinctSeries(option as Record<string, unknown>), (n) => intl.formatNumber(n));
    chartRef.current?.setOption(
      {
        textStyle: { fontFamily: theme.font, color: theme.text },
        color: theme.palette,
        // Moving bars help few and distract some: honour the system's reduced-motion setting.
        animation: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
        animationDuration: 250,
        animationDurationUpdate: 250,
        ...(document.documentElement.dir === 'rtl' ? mirrorForRtl(shown) : shown),
        // ECharts' tooltip is white whatever the theme: give it the theme's surface.
        ...(typeof shown.tooltip === 'object' && shown.tooltip !== null
          ? {
              tooltip: {
                backgroundColor: theme.surface,
                borderColor: theme.border,
                textStyle: { color: theme.text },
                ...shown.tooltip,
              },
            }
          : {}),
      },
      { notMerge: true },
    );
  }, [option, look, intl]);

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
      {table ? (
        // The table scrolls on its own when long: focusable, so a keyboard can scroll it too.
        <div className="chart-table" role="region" aria-label={label} tabIndex={0}>
          {table}
        </div>
      ) : (
        <ChartDataTable label={label} option={option} />
      )}
    </figure>
  );
}

/** The chart's numbers for screen readers, when the page shows no table of its own beside it. */
function ChartDataTable({ label, option }: { label: string; option: ChartOption }) {
  const t = useT();
  const intl = useIntl();
  const data = useMemo(
    () => chartData(option as Record<string, unknown>, (n) => intl.formatNumber(n, { maximumFractionDigits: 3 })),
    [option, intl],
  );
  if (!data) return null;
  // Hidden through a wrapper: a table takes the width of its content whatever inline-size says.
  return (
    <div className="visually-hidden">
      <table data-testid="chart-data-table">
        <caption>{t('a11y.chart.dataTable', { label })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('a11y.chart.category')}</th>
            {data.series.map((name, i) => (
              <th key={i} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r, i) => (
            <tr key={i}>
              <th scope="row">{r.category}</th>
              {r.values.map((v, j) => (
                <td key={j}>{v ?? t('a11y.chart.noValue')}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
