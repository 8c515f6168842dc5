import { scaleLinear } from 'd3-scale';
import { axes, clipDefinition, frame, xTickLabels, yTickLabels } from './axes.js';
import { markerPath } from './markers.js';
import { figureNote } from './note.js';
import { drawPaths, legend, lineBoxes, markerBoxes, pathLegendEntries, pathMarkers, type PlotPath } from './paths.js';
import { attrs, num, svgDocument } from './svg.js';

/** What `curveFigure` draws: a function of one variable as a curve, with descent steps on it. */
export interface CurveFigureOptions {
  /** The function drawn as a curve. */
  readonly f: (x: number) => number;
  readonly xDomain: readonly [number, number];
  /** Steps along the curve: each point's x; its y is f(x). */
  readonly paths?: readonly PlotPath[];
  /** Points marked with a black 'X' (the book's end marker in figure 11-6). */
  readonly marks?: readonly (readonly number[])[];
  readonly title?: string;
  /** A one-line remark drawn in a box inside the plot, where it hides the least (e.g. "diverged at step 7"). */
  readonly note?: string | undefined;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
}

/** Matplotlib's default margin: the data fill 90 % of each axis, so markers at the ends of the range are not cut. */
const MARGIN = 0.05;

/** A function curve with descent steps on it, as figures 11-1, 11-2 and 11-6 draw them. */
export function curveFigure(o: CurveFigureOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 440;
  const [x0, x1] = o.xDomain;
  const samples = 400;
  const curve = Array.from({ length: samples + 1 }, (_, i) => {
    const x = x0 + ((x1 - x0) * i) / samples;
    return [x, o.f(x)] as const;
  });
  const paths = o.paths ?? [];
  // The axes cover the curve over xDomain with a margin all round; steps that leave xDomain by more are cut.
  const ys = curve.map(([, v]) => v).filter(Number.isFinite);
  const padded = (lo: number, hi: number) => [lo - MARGIN * (hi - lo || 1), hi + MARGIN * (hi - lo || 1)];
  const x = scaleLinear().domain(padded(x0, x1));
  const y = scaleLinear().domain(padded(Math.min(...ys), Math.max(...ys)));
  const fr = frame(width, height, { title: o.title, yTickLabels: yTickLabels(y), xTickLabels: xTickLabels(x) });
  x.range([fr.left, fr.right]);
  y.range([fr.bottom, fr.top]);
  const toPixel = (p: readonly number[]) => [x(p[0] as number), y(o.f(p[0] as number))] as const;
  const red = () => '#d62728';
  const curvePixels = curve.map(([a, b]) => [x(a), y(b)] as const);
  const marks = (o.marks ?? []).map(toPixel);
  const obstacles = [...markerBoxes(pathMarkers(paths, toPixel)), ...lineBoxes(curvePixels), ...markerBoxes(marks.map(([px, py]) => ({ x: px, y: py, r: 8 })))];
  const note = figureNote(o.note, fr, obstacles);
  const body = [
    clipDefinition(fr, 'plot-area'),
    ...axes(fr, x, y, { x: o.xLabel ?? 'x', y: o.yLabel ?? 'f(x)' }),
    `<g clip-path="url(#plot-area)">`,
    `<polyline${attrs({ points: curvePixels.map(([a, b]) => `${num(a)},${num(b)}`).join(' '), fill: 'none', stroke: '#1f77b4', 'stroke-width': 2, class: 'mark' })}/>`,
    ...drawPaths(paths, toPixel, red),
    ...marks.map(([px, py]) => `<path${attrs({ d: markerPath('X', 8), transform: `translate(${num(px)} ${num(py)})`, fill: '#000000', stroke: '#ffffff', 'stroke-width': 0.8, class: 'mark' })}/>`),
    '</g>',
    ...note.svg,
    ...legend(pathLegendEntries(paths, red), fr, [...obstacles, ...note.boxes]),
  ];
  return svgDocument(width, height, body, o.title);
}
