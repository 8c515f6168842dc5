import { scaleLinear, scaleLog } from 'd3-scale';
import { axes, clipDefinition, frame } from './axes.js';
import { legend, PALETTE, type PlotPath } from './paths.js';
import { attrs, num, svgDocument } from './svg.js';

export interface LineSeries {
  readonly label: string;
  readonly values: readonly number[];
  readonly color?: string;
}

export interface LineChartOptions {
  readonly series: readonly LineSeries[];
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Logarithmic y axis (loss curves); non-positive values are dropped. */
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/** Several series against their index (loss against step), one colour each, with a legend. */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 360;
  const fr = frame(width, height, o.title !== undefined);
  const usable = (v: number) => Number.isFinite(v) && (!o.logY || v > 0);
  const all = o.series.flatMap((s) => s.values.filter(usable));
  const longest = Math.max(1, ...o.series.map((s) => s.values.length - 1));
  const x = scaleLinear().domain([0, longest]).range([fr.left, fr.right]);
  const lo = all.length > 0 ? Math.min(...all) : 0;
  const hi = all.length > 0 ? Math.max(...all) : 1;
  const y = (o.logY ? scaleLog().domain([lo, hi === lo ? lo * 10 : hi]) : scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]))
    .range([fr.bottom, fr.top])
    .nice();
  const colour = (k: number) => o.series[k]?.color ?? (PALETTE[(k + 1) % PALETTE.length] as string);
  const lines = o.series.map((s, k) => {
    const pts = s.values.map((v, i) => (usable(v) ? `${num(x(i))},${num(y(v))}` : '')).filter((p) => p !== '');
    return `<polyline${attrs({ points: pts.join(' '), fill: 'none', stroke: colour(k), 'stroke-width': 1.8 })}/>`;
  });
  const asPaths: PlotPath[] = o.series.map((s, k) => ({ points: [], marker: 's', label: s.label, color: colour(k) }));
  const body = [
    clipDefinition(fr, 'plot-area'),
    `<g clip-path="url(#plot-area)">`,
    ...lines,
    '</g>',
    ...axes(fr, x as never, y as never, { x: o.xLabel ?? 'step', y: o.yLabel ?? 'f', title: o.title }),
    ...legend(asPaths, fr, colour, []),
  ];
  return svgDocument(width, height, body, o.title);
}
