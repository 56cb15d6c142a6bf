/*
 * What every chart gets on top of the option its page builds, so no page has to remember it:
 * patterns and symbols so colour is never the only way to tell series apart, a mirrored layout in
 * right-to-left languages, and the numbers as a table for screen readers.
 */

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): Obj[] => (Array.isArray(x) ? x.filter(isObj) : isObj(x) ? [x] : []);

/** Point shapes and line dashes in series order: two series never differ by colour alone. */
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin', 'arrow', 'emptyCircle'];
const DASHES = ['solid', 'dashed', 'dotted'] as const;

/**
 * Distinct symbols and dashes for line series, ECharts' decal patterns for bars (aria.decal), and no
 * ECharts-written aria label: its text is English and the chart's own label and summary say more.
 */
export function withDistinctSeries(option: Obj): Obj {
  let line = 0;
  const series = list(option.series).map((s) => {
    const itemStyle = isObj(s.itemStyle) ? s.itemStyle : null;
    // An invisible helper (the spacer under a stacked interval bar) must stay invisible: no pattern on it.
    if (s.type === 'bar' && itemStyle && (itemStyle.color === 'transparent' || itemStyle.color === 'none' || itemStyle.opacity === 0))
      return { ...s, itemStyle: { ...itemStyle, decal: { ...(isObj(itemStyle.decal) ? itemStyle.decal : {}), color: 'transparent' } } };
    if (s.type !== 'line') return s;
    const lineStyle = isObj(s.lineStyle) ? s.lineStyle : {};
    // A line drawn only for its area or its points (a band's edge, an estimate's marker) keeps its look.
    if (lineStyle.opacity === 0) return s;
    const i = line++;
    return {
      ...s,
      symbol: s.symbol ?? SYMBOLS[i % SYMBOLS.length],
      showSymbol: s.showSymbol ?? true,
      lineStyle: { ...lineStyle, type: lineStyle.type ?? DASHES[i % DASHES.length] },
    };
  });
  const aria = isObj(option.aria) ? option.aria : {};
  return {
    ...option,
    ...(option.series === undefined ? {} : { series: Array.isArray(option.series) ? series : series[0] }),
    aria: { enabled: true, ...aria, label: { enabled: false }, decal: { show: true } },
  };
}

const KEYWORD: Record<string, string> = { left: 'right', right: 'left', center: 'center' };

/** `left: 40` becomes `right: 40`, and `left: 'left'` becomes `left: 'right'` (a keyword names the edge). */
function swapSides(o: Obj): Obj {
  const out: Obj = { ...o };
  delete out.left;
  delete out.right;
  if (o.left !== undefined) {
    if (typeof o.left === 'string' && KEYWORD[o.left]) out.left = KEYWORD[o.left];
    else out.right = o.left;
  }
  if (o.right !== undefined) out.left = o.right;
  return out;
}

/** A label placed on one side of its bar goes to the other: 'right' ↔ 'left', 'insideTopRight' ↔ 'insideTopLeft'. */
const flipPosition = (p: string): string =>
  p.replace(/Right|Left|right|left/g, (m) => ({ Right: 'Left', Left: 'Right', right: 'left', left: 'right' })[m] ?? m);

/**
 * Right-to-left: the horizontal axis runs from the right (categories read in reading order, values
 * grow leftwards on horizontal bars), the vertical axis stands on the right, and the legend, the
 * grid margins and labels beside bars swap sides. (The picture itself is drawn left-to-right, see
 * chart.css, so ECharts' own text alignment is not flipped a second time by the page's direction.)
 */
export function mirrorForRtl(option: Obj): Obj {
  const mapAxes = (axes: unknown, f: (a: Obj) => Obj) =>
    axes === undefined ? undefined : Array.isArray(axes) ? list(axes).map(f) : isObj(axes) ? f(axes) : axes;
  const out: Obj = { ...option };
  if (option.xAxis !== undefined) out.xAxis = mapAxes(option.xAxis, (a) => ({ ...a, inverse: !a.inverse }));
  if (option.yAxis !== undefined) {
    // ECharts puts a first y-axis on the left and a second one opposite it, unless told.
    let i = 0;
    out.yAxis = mapAxes(option.yAxis, (a) => {
      const side = a.position ?? (i++ === 0 ? 'left' : 'right');
      return { ...a, position: side === 'right' ? 'left' : 'right' };
    });
  }
  if (option.series !== undefined) {
    const series = list(option.series).map((x) => {
      const label = isObj(x.label) ? x.label : null;
      const position = typeof label?.position === 'string' ? label.position : null;
      return position && flipPosition(position) !== position ? { ...x, label: { ...label, position: flipPosition(position) } } : x;
    });
    out.series = Array.isArray(option.series) ? series : series[0];
  }
  if (option.grid !== undefined) out.grid = Array.isArray(option.grid) ? list(option.grid).map(swapSides) : isObj(option.grid) ? swapSides(option.grid) : option.grid;
  if (option.legend !== undefined) {
    const legends = list(option.legend).map((l) => ({
      ...swapSides(l),
      // The marker follows the text in reading order: on its right in a right-to-left language.
      align: l.align === 'left' ? 'right' : l.align === 'right' ? 'left' : 'right',
    }));
    out.legend = Array.isArray(option.legend) ? legends : legends[0];
  }
  return out;
}

export interface ChartData {
  /** Column heads after the category column: one per series. */
  series: string[];
  rows: { category: string; values: (number | string | null)[] }[];
}

const valueOf = (d: unknown): unknown => (isObj(d) ? d.value : d);

function cell(v: unknown, fmt: (n: number) => string): number | string | null {
  if (v === null || v === undefined || v === '-') return null;
  if (typeof v === 'number') return fmt(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? fmt(x) : String(x))).join(' · ');
  return String(v);
}

/**
 * The option's numbers as rows (one per category of the category axis, else one per point) and
 * columns (one per named series), for the visually hidden table beside the picture.
 */
export function chartData(option: Obj, fmt: (n: number) => string, maxRows = 200): ChartData | null {
  const series = list(option.series).filter((s) => Array.isArray(s.data));
  if (!series.length) return null;
  const axis = [...list(option.xAxis), ...list(option.yAxis)].find((a) => a.type === 'category' && Array.isArray(a.data));
  const categories = axis ? (axis.data as unknown[]).map((c) => String(valueOf(c) ?? '')) : null;
  const length = categories?.length ?? Math.max(...series.map((s) => (s.data as unknown[]).length));
  const rows: ChartData['rows'] = [];
  // The tooltip's formatter is how the page says its values (73.1 %, 4 days): the table says them alike.
  const formatterOf = (o: unknown): ((n: number) => string) | null => {
    const f = isObj(o) && isObj(o.tooltip) ? o.tooltip.valueFormatter : undefined;
    return typeof f === 'function' ? (n: number) => String((f as (v: unknown) => unknown)(n)) : null;
  };
  const shared = formatterOf(option) ?? fmt;
  const formats = series.map((s) => formatterOf(s) ?? shared);
  for (let i = 0; i < Math.min(length, maxRows); i++) {
    const values = series.map((s, k) => cell(valueOf((s.data as unknown[])[i]), formats[k]!));
    const named = (series[0]!.data as unknown[])[i];
    const category = categories?.[i] ?? (isObj(named) && typeof named.name === 'string' ? named.name : String(i + 1));
    rows.push({ category, values });
  }
  return { series: series.map((s, i) => (typeof s.name === 'string' && s.name ? s.name : String(i + 1))), rows };
}

/**
 * Value-axis ticks in the UI language (Persian digits, "3.000" in Dutch): ECharts formats them in
 * English. An axis whose page set its own formatter keeps it; category axes are left alone.
 */
export function withLocaleNumbers(option: Obj, fmt: (n: number) => string): Obj {
  const fix = (axes: unknown, defaultType: string): unknown => {
    const one = (a: unknown): unknown => {
      if (!isObj(a)) return a;
      const type = typeof a.type === 'string' ? a.type : defaultType;
      if (type !== 'value' && type !== 'log') return a;
      const label = isObj(a.axisLabel) ? a.axisLabel : {};
      if (label.formatter !== undefined) return a;
      return { ...a, axisLabel: { ...label, formatter: (v: number) => fmt(v) } };
    };
    return Array.isArray(axes) ? axes.map(one) : one(axes);
  };
  const out: Obj = { ...option };
  if (option.xAxis !== undefined) out.xAxis = fix(option.xAxis, 'category');
  if (option.yAxis !== undefined) out.yAxis = fix(option.yAxis, 'value');
  return out;
}
