import { scaleLinear } from 'd3-scale';
import { axes, clipDefinition, frame } from './axes.js';
import { markerPath } from './markers.js';
import { drawPaths, legend, type PlotPath } from './paths.js';
import { attrs, num, svgDocument } from './svg.js';

export interface CurveFigureOptions {
  /** The function drawn as a curve. */
  readonly f: (x: number) => number;
  readonly xDomain: readonly [number, number];
  /** Steps along the curve: each point's x; its y is f(x). */
  readonly paths?: readonly PlotPath[];
  /** Points marked with a black 'X' (the book's end marker in figure 11-6). */
  readonly marks?: readonly (readonly number[])[];
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
}

/** A function curve with descent steps on it, as figures 11-1, 11-2 and 11-6 draw them. */
export function curveFigure(o: CurveFigureOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 440;
  const fr = frame(width, height, o.title !== undefined);
  const [x0, x1] = o.xDomain;
  const samples = 400;
  const curve = Array.from({ length: samples + 1 }, (_, i) => {
    const x = x0 + ((x1 - x0) * i) / samples;
    return [x, o.f(x)] as const;
  });
  const ys = curve.map(([, y]) => y);
  const x = scaleLinear().domain([x0, x1]).range([fr.left, fr.right]);
  const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
  // A little room below the minimum, so points at the bottom of the curve are not cut by the frame.
  const y = scaleLinear()
    .domain([lo - 0.04 * (hi - lo || 1), hi])
    .range([fr.bottom, fr.top])
    .nice();
  const toPixel = (p: readonly number[]) => [x(p[0] as number), y(o.f(p[0] as number))] as const;
  const red = () => '#d62728';
  const body = [
    clipDefinition(fr, 'plot-area'),
    ...axes(fr, x, y, { x: o.xLabel ?? 'x', y: o.yLabel ?? 'f(x)', title: o.title }),
    `<g clip-path="url(#plot-area)">`,
    `<polyline${attrs({ points: curve.map((p) => `${num(x(p[0]))},${num(y(p[1]))}`).join(' '), fill: 'none', stroke: '#1f77b4', 'stroke-width': 2 })}/>`,
    ...drawPaths(o.paths ?? [], toPixel, red),
    ...(o.marks ?? []).map((p) => {
      const [px, py] = toPixel(p);
      return `<path${attrs({ d: markerPath('X', 8), transform: `translate(${num(px)} ${num(py)})`, fill: '#000000' })}/>`;
    }),
    '</g>',
    ...legend(o.paths ?? [], fr, red, (o.paths ?? []).flatMap((p) => p.points.map(toPixel))),
  ];
  return svgDocument(width, height, body, o.title);
}
