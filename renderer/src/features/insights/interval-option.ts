import type { ChartTheme } from '../../components/Chart.js';

/**
 * A Wilson interval drawn with the two chart types the app registers: an invisible bar up to the
 * low end, then a light bar from low to high stacked on it (the interval), on a category axis.
 */
export function intervalSeries(
  intervals: readonly ({ low: number; high: number } | null)[],
  theme: ChartTheme,
  name: string,
  stack: string,
) {
  return [
    {
      type: 'bar',
      stack,
      silent: true,
      data: intervals.map((i) => (i ? i.low : null)),
      itemStyle: { color: 'transparent' },
      tooltip: { show: false },
      barWidth: 8,
    },
    {
      type: 'bar',
      stack,
      name,
      data: intervals.map((i) => (i ? i.high - i.low : null)),
      itemStyle: { color: theme.muted, opacity: 0.45, borderColor: theme.text, borderWidth: 1 },
      tooltip: { show: false },
      barWidth: 8,
    },
  ];
}

/** Points only (a line series with the line hidden): the estimate inside its interval. */
export function pointSeries(values: readonly (number | null)[], color: string, name: string, symbol = 'diamond') {
  return {
    type: 'line',
    name,
    data: values,
    symbol,
    symbolSize: 11,
    // Every point, even where they crowd: ECharts thins a line's symbols by default.
    showAllSymbol: true,
    lineStyle: { opacity: 0 },
    itemStyle: symbol === 'emptyCircle' ? { color, borderColor: color, borderWidth: 2 } : { color, borderColor: '#ffffff', borderWidth: 1 },
    z: 5,
  };
}
