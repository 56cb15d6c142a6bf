import { describe, expect, it } from 'vitest';
import { chartData, mirrorForRtl, withDistinctSeries, withLocaleNumbers } from '../../renderer/src/components/chart-a11y.js';

const vertical = {
  grid: { left: 48, right: 16 },
  legend: { left: 'left', top: 0 },
  xAxis: { type: 'category', data: ['Leads', 'MQL', 'SAL'] },
  yAxis: { type: 'value' },
  series: [
    { type: 'bar', name: 'Count', data: [3000, 630, { value: 314 }] },
    { type: 'line', name: 'Rate', data: [1, 0.21, null] },
    { type: 'line', name: 'Target', data: [1, 0.3, 0.15], lineStyle: { type: 'dotted', width: 2 }, symbol: 'none' },
  ],
};

describe('chart accessibility decorations', () => {
  it('gives line series distinct symbols and dashes, keeps what a page chose, and turns on decal patterns without ECharts’ English label', () => {
    const out = withDistinctSeries(vertical) as typeof vertical & { aria: Record<string, unknown> };
    const [bar, rate, target] = out.series as Record<string, unknown>[];
    expect(bar).toBe(vertical.series[0]);
    expect(rate).toMatchObject({ symbol: 'circle', showSymbol: true, lineStyle: { type: 'solid' } });
    expect(target).toMatchObject({ symbol: 'none', lineStyle: { type: 'dotted', width: 2 } });
    expect(out.aria).toEqual({ enabled: true, label: { enabled: false }, decal: { show: true } });
    // The invisible spacer of a stacked interval gets an invisible pattern; a visible bar keeps its own.
    const interval = withDistinctSeries({
      series: [
        { type: 'bar', stack: 'i', data: [1], itemStyle: { color: 'transparent' } },
        { type: 'bar', stack: 'i', data: [2], itemStyle: { color: '#888' } },
      ],
    });
    expect((interval.series as { itemStyle: unknown }[]).map((x) => x.itemStyle)).toEqual([
      { color: 'transparent', decal: { color: 'transparent' } },
      { color: '#888' },
    ]);
    // A line drawn only for its area or points is left alone and does not use up a dash.
    const band = withDistinctSeries({
      series: [
        { type: 'line', data: [], lineStyle: { opacity: 0 }, symbol: 'none' },
        { type: 'line', name: 'Win rate', data: [] },
      ],
    });
    expect((band.series as { lineStyle: unknown }[]).map((x) => x.lineStyle)).toEqual([{ opacity: 0 }, { type: 'solid' }]);
    // Two unstyled line series never look alike.
    const two = withDistinctSeries({ series: [{ type: 'line', data: [] }, { type: 'line', data: [] }] });
    const [a, b] = two.series as { symbol: string; lineStyle: { type: string } }[];
    expect(a!.symbol).not.toBe(b!.symbol);
    expect(a!.lineStyle.type).not.toBe(b!.lineStyle.type);
  });

  it('mirrors a vertical chart for right-to-left: categories from the right, the value axis on the right, legend and margins swapped', () => {
    const out = mirrorForRtl(vertical) as Record<string, Record<string, unknown>>;
    expect(out.xAxis).toMatchObject({ type: 'category', inverse: true });
    expect(out.yAxis).toMatchObject({ type: 'value', position: 'right' });
    expect(out.grid).toEqual({ left: 16, right: 48 });
    expect(out.legend).toEqual({ left: 'right', top: 0, align: 'right' });
    // Mirroring twice is the identity on the axes' direction.
    const back = mirrorForRtl(out) as Record<string, Record<string, unknown>>;
    expect(back.xAxis!.inverse).toBe(false);
    expect(back.yAxis!.position).toBe('left');
  });

  it('mirrors a chart with two value axes (a Pareto): each goes to the other side, the unplaced second one included', () => {
    const out = mirrorForRtl({ yAxis: [{ type: 'value' }, { type: 'value', max: 1 }] }) as { yAxis: Record<string, unknown>[] };
    expect(out.yAxis.map((a) => a.position)).toEqual(['right', 'left']);
  });

  it('mirrors a horizontal bar chart: values grow to the left, the category labels stand on the right', () => {
    const out = mirrorForRtl({
      xAxis: { type: 'value' },
      yAxis: [{ type: 'category', data: ['a', 'b'], inverse: true }],
      grid: { left: 150 },
      series: [{ type: 'bar', data: [1, 2], label: { show: true, position: 'right' } }, { type: 'bar', data: [1, 2], label: { position: 'insideTopLeft' } }],
    }) as { xAxis: Record<string, unknown>; yAxis: Record<string, unknown>[]; grid: Record<string, unknown>; series: { label: unknown }[] };
    expect(out.xAxis.inverse).toBe(true);
    // The value printed past a bar's end follows the bar to its new end.
    expect(out.series.map((x) => x.label)).toEqual([{ show: true, position: 'left' }, { position: 'insideTopRight' }]);
    expect(out.yAxis[0]).toMatchObject({ position: 'right', inverse: true });
    expect(out.grid).toEqual({ right: 150 });
  });

  it('formats value-axis ticks in the UI language and leaves category axes and a page\'s own formatter alone', () => {
    const fa = new Intl.NumberFormat('fa');
    const own = (v: number) => `${v} %`;
    const o = withLocaleNumbers(
      { xAxis: { type: 'category', data: ['a'] }, yAxis: [{ type: 'value' }, { type: 'value', axisLabel: { formatter: own, color: 'red' } }, {}] },
      (n) => fa.format(n),
    );
    expect((o.xAxis as Record<string, unknown>).axisLabel).toBeUndefined();
    const [first, second, third] = o.yAxis as { axisLabel: { formatter: (v: number) => string; color?: string } }[];
    expect(first!.axisLabel.formatter(3000)).toBe('۳٬۰۰۰');
    expect(second!.axisLabel.formatter).toBe(own);
    // An axis without a type is a value axis on y.
    expect(third!.axisLabel.formatter(12.5)).toBe('۱۲٫۵');
    // A horizontal bar chart: the value axis is x.
    const h = withLocaleNumbers({ xAxis: { type: 'value' }, yAxis: { type: 'category' } }, (n) => new Intl.NumberFormat('nl').format(n));
    expect((h.xAxis as { axisLabel: { formatter: (v: number) => string } }).axisLabel.formatter(3000)).toBe('3.000');
  });

  it('lists the numbers by category and series for the hidden table', () => {
    const fmt = (n: number) => n.toLocaleString('en-US');
    expect(chartData(vertical, fmt)).toEqual({
      series: ['Count', 'Rate', 'Target'],
      rows: [
        { category: 'Leads', values: ['3,000', '1', '1'] },
        { category: 'MQL', values: ['630', '0.21', '0.3'] },
        { category: 'SAL', values: ['314', null, '0.15'] },
      ],
    });
    // Points without a category axis (a scatter of [x, y]) are numbered, their pair joined.
    expect(chartData({ xAxis: { type: 'value' }, series: [{ type: 'line', data: [[0.1, 0.2]] }] }, fmt)).toEqual({
      series: ['1'],
      rows: [{ category: '1', values: ['0.1 · 0.2'] }],
    });
    expect(chartData({ series: [] }, fmt)).toBeNull();
    // The tooltip's formatter (a rate as a percentage) words the table too; a series' own wins.
    const pct = (v: unknown) => `${((v as number) * 100).toFixed(1)}%`;
    const rates = {
      tooltip: { valueFormatter: pct },
      xAxis: { type: 'category', data: ['A'] },
      series: [
        { name: 'Won', data: [0.731] },
        { name: 'Days', data: [12], tooltip: { valueFormatter: (v: unknown) => `${String(v)} days` } },
      ],
    };
    expect(chartData(rates, fmt)).toEqual({ series: ['Won', 'Days'], rows: [{ category: 'A', values: ['73.1%', '12 days'] }] });
  });
});
