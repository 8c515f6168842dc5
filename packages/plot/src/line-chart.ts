import { scaleLinear, scaleLog } from 'd3-scale';
import { axes, clipDefinition, frame, xTickLabels, yTickLabels, type AxisScale } from './axes.js';
import { legend, lineBoxes, PALETTE, type LegendEntry } from './paths.js';
import { attrs, num, svgDocument } from './svg.js';

/** One line of a `lineChart`: a value per step, from step 0. */
export interface LineSeries {
  readonly label: string;
  readonly values: readonly number[];
  readonly color?: string;
}

/** What `lineChart` draws: values against step (loss curves), on a linear or logarithmic y axis. */
export interface LineChartOptions {
  readonly series: readonly LineSeries[];
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Logarithmic y axis (loss curves); non-positive values are dropped. */
  readonly logY?: boolean;
  /** The x value of each index, shared by every series (τ, a step count); the index itself when absent. */
  readonly x?: readonly number[];
  readonly width?: number;
  readonly height?: number;
}

/** Several series against their index (loss against step), one colour each, with a legend. */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 360;
  const usable = (v: number) => Number.isFinite(v) && (!o.logY || v > 0);
  const all = o.series.flatMap((s) => s.values.filter(usable));
  const longest = Math.max(1, ...o.series.map((s) => s.values.length - 1));
  const xAt = (i: number) => o.x?.[i] ?? i;
  const xs = o.x === undefined || o.x.length === 0 ? [0, longest] : [Math.min(...o.x), Math.max(...o.x)];
  const x = scaleLinear().domain([xs[0] as number, xs[1] === xs[0] ? (xs[0] as number) + 1 : (xs[1] as number)]);
  const lo = all.length > 0 ? Math.min(...all) : 0;
  const hi = all.length > 0 ? Math.max(...all) : 1;
  const y = (o.logY ? scaleLog().domain([lo, hi === lo ? lo * 10 : hi]) : scaleLinear().domain([lo, hi === lo ? lo + 1 : hi])).nice() as AxisScale;
  const fr = frame(width, height, { title: o.title, yTickLabels: yTickLabels(y), xTickLabels: xTickLabels(x) });
  x.range([fr.left, fr.right]);
  y.range([fr.bottom, fr.top]);
  const colour = (k: number) => o.series[k]?.color ?? (PALETTE[(k + 1) % PALETTE.length] as string);
  const pixels = o.series.map((s) => s.values.flatMap((v, i) => (usable(v) ? [[x(xAt(i)), y(v)] as const] : [])));
  const lines = pixels.map((pts, k) => `<polyline${attrs({ points: pts.map(([a, b]) => `${num(a)},${num(b)}`).join(' '), fill: 'none', stroke: colour(k), 'stroke-width': 1.8, class: 'mark' })}/>`);
  const entries: LegendEntry[] = o.series.map((s, k) => ({ label: s.label, color: colour(k), line: { width: 1.8, dash: undefined } }));
  const body = [
    clipDefinition(fr, 'plot-area'),
    `<g clip-path="url(#plot-area)">`,
    ...lines,
    '</g>',
    ...axes(fr, x, y, { x: o.xLabel ?? 'step', y: o.yLabel ?? 'f' }),
    ...legend(entries, fr, pixels.flatMap((pts) => lineBoxes(pts))),
  ];
  return svgDocument(width, height, body, o.title);
}
