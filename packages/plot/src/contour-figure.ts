import { contours } from 'd3-contour';
import { scaleLinear } from 'd3-scale';
import { axes, clipDefinition, frame, xTickLabels, yTickLabels, type Frame } from './axes.js';
import { markerPath } from './markers.js';
import { figureNote } from './note.js';
import { drawPaths, legend, lineBoxes, markerBoxes, PALETTE, pathLegendEntries, pathMarkers, type PlotPath } from './paths.js';
import { attrs, num, svgDocument } from './svg.js';

/** What `contourFigure` draws: a function of two variables as filled contours, with descent paths and marks over it. */
export interface ContourFigureOptions {
  /** The function whose contours are drawn. */
  readonly f: (x: number, y: number) => number;
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly paths?: readonly PlotPath[];
  /** Points marked with '+', as the book marks minima. */
  readonly marks?: readonly (readonly number[])[];
  /** Number of contour levels between the grid's minimum and maximum; default 10 (the book's). */
  readonly levels?: number;
  /** `log` spaces the levels geometrically above the minimum, for functions whose valley spans orders of magnitude. */
  readonly levelScale?: 'linear' | 'log';
  /**
   * Grid samples per axis; default 100 (the book's np.linspace(…, 100)), or 300 with `levelScale: 'log'`: the low
   * levels of a narrow valley are a few grid cells wide at 100, and marching squares draws them as jagged steps.
   */
  readonly gridSize?: number;
  readonly title?: string;
  /** A one-line remark drawn in a box inside the plot, where it hides the least (e.g. "diverged at step 7"). */
  readonly note?: string | undefined;
  readonly width?: number;
  readonly height?: number;
  /**
   * Which part to draw: the whole figure (the default), or one of two layers that, the paths drawn over the contours,
   * make the same picture. `contours` is everything that depends on f (the shading, lines, axes and title) and
   * `paths` everything that moves (the paths, marks, note and legend) on a transparent background, without evaluating
   * f. A live page caches the contours and redraws only the paths as they grow.
   */
  readonly layer?: 'all' | 'contours' | 'paths';
}

/** Evenly spaced levels strictly inside [lo, hi], as matplotlib picks them for `contourf(…, levels)`. */
export function contourLevels(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => lo + ((hi - lo) * (k + 1)) / (count + 1));
}

/** Levels spaced evenly in log(f − lo), so a deep narrow valley still shows its shape. */
export function logContourLevels(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  const first = span * 1e-4;
  return Array.from({ length: count }, (_, k) => lo + first * (span / first) ** ((k + 0.5) / count));
}

/** Grey for band k of n: light for low values, dark for high (the book: lighter shading means lower values). */
function grey(k: number, n: number): string {
  const level = Math.round(245 - (150 * k) / Math.max(1, n));
  return `rgb(${String(level)},${String(level)},${String(level)})`;
}

/**
 * Filled grey contours with contour lines, the axes x = 0 and y = 0, a '+' at each mark and descent paths on
 * top: figures 11-3, 11-4, 11-5, 11-7 and 11-10. Marching squares is d3-contour's.
 */
export function contourFigure(o: ContourFigureOptions): string {
  const width = o.width ?? 600;
  const height = o.height ?? 560;
  const layer = o.layer ?? 'all';
  const fr = contourFrame(o);
  const [x0, x1] = o.xDomain;
  const [y0, y1] = o.yDomain;
  const x = scaleLinear().domain([x0, x1]).range([fr.left, fr.right]);
  const y = scaleLinear().domain([y0, y1]).range([fr.bottom, fr.top]);
  const clipped = (inside: string[]) => [clipDefinition(fr, 'plot-area'), '<g clip-path="url(#plot-area)">', ...inside, '</g>'];
  const shading = layer === 'paths' ? [] : contourShading(o, fr, x, y);
  if (layer === 'contours') return svgDocument(width, height, [...clipped(shading), ...axes(fr, x, y, { x: 'x', y: 'y' })], o.title);
  const colour = (k: number) => PALETTE[k % PALETTE.length] as string;
  const toPixel = (p: readonly number[]) => [x(p[0] as number), y(p[1] as number)] as const;
  const paths = o.paths ?? [];
  const marks = (o.marks ?? []).map(toPixel);
  // What the legend must leave visible: every marker, every line, and the '+' marks.
  const obstacles = [
    ...markerBoxes(pathMarkers(paths, toPixel)),
    ...paths.flatMap((p) => lineBoxes(p.points.map(toPixel))),
    ...markerBoxes(marks.map(([px, py]) => ({ x: px, y: py, r: 10 }))),
  ];
  const note = figureNote(o.note, fr, obstacles);
  const moving = [
    ...drawPaths(paths, toPixel, colour),
    // The marks come last, over the paths that end on them, in black on a white halo so they show on any marker.
    ...marks.flatMap(([px, py]) => {
      const at = { d: markerPath('+', 9), transform: `translate(${num(px)} ${num(py)})`, fill: 'none' };
      return [`<path${attrs({ ...at, stroke: '#ffffff', 'stroke-width': 4.6, class: 'mark' })}/>`, `<path${attrs({ ...at, stroke: '#000000', 'stroke-width': 2.2, class: 'mark' })}/>`];
    }),
  ];
  const overlay = [...note.svg, ...legend(pathLegendEntries(paths, colour), fr, [...obstacles, ...note.boxes])];
  // Transparent, so that the contours drawn underneath show through.
  if (layer === 'paths') return svgDocument(width, height, [...clipped(moving), ...overlay], o.title, false);
  return svgDocument(width, height, [...clipped([...shading, ...moving]), ...axes(fr, x, y, { x: 'x', y: 'y' }), ...overlay], o.title);
}

/** The shading of f: the background, the filled bands, the contour lines and the axes x = 0 and y = 0. */
function contourShading(o: ContourFigureOptions, fr: Frame, x: (v: number) => number, y: (v: number) => number): string[] {
  const n = o.gridSize ?? (o.levelScale === 'log' ? 300 : 100);
  const levelCount = o.levels ?? 10;
  const [x0, x1] = o.xDomain;
  const [y0, y1] = o.yDomain;
  const dx = (x1 - x0) / (n - 1);
  const dy = (y1 - y0) / (n - 1);
  const values = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) values[i + j * n] = o.f(x0 + i * dx, y0 + j * dy);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const thresholds = o.levelScale === 'log' ? logContourLevels(lo, hi, levelCount) : contourLevels(lo, hi, levelCount);
  // d3-contour places sample (i, j) at the centre of grid cell [i, i + 1] × [j, j + 1].
  const gx = (g: number) => x(x0 + (g - 0.5) * dx);
  const gy = (g: number) => y(y0 + (g - 0.5) * dy);
  const polygons = contours().size([n, n]).thresholds(thresholds)(Array.from(values));
  const pathOf = (coordinates: number[][][][]) =>
    coordinates
      .map((polygon) => polygon.map((ring) => `M${ring.map(([a, b]) => `${num(gx(a as number))},${num(gy(b as number))}`).join('L')}Z`).join(''))
      .join('');
  const fills = polygons.map((c, k) => `<path${attrs({ d: pathOf(c.coordinates), fill: grey(k + 1, levelCount), 'fill-rule': 'evenodd' })}/>`);
  const lines = polygons.map((c) => `<path${attrs({ d: pathOf(c.coordinates), fill: 'none', stroke: '#333333', 'stroke-width': 0.6 })}/>`);
  const axisLines: string[] = [];
  if (x0 < 0 && x1 > 0) axisLines.push(`<line${attrs({ x1: x(0), x2: x(0), y1: fr.top, y2: fr.bottom, stroke: '#000', 'stroke-width': 0.8 })}/>`);
  if (y0 < 0 && y1 > 0) axisLines.push(`<line${attrs({ x1: fr.left, x2: fr.right, y1: y(0), y2: y(0), stroke: '#000', 'stroke-width': 0.8 })}/>`);
  return [`<rect${attrs({ x: fr.left, y: fr.top, width: fr.right - fr.left, height: fr.bottom - fr.top, fill: grey(0, levelCount) })}/>`, ...fills, ...lines, ...axisLines];
}

/** The plot box of a contour figure: shared by the figure and by contourFigureDataAt, so clicks map exactly. */
function contourFrame(o: Pick<ContourFigureOptions, 'xDomain' | 'yDomain' | 'title' | 'width' | 'height'>): Frame {
  return frame(o.width ?? 600, o.height ?? 560, {
    title: o.title,
    yTickLabels: yTickLabels(scaleLinear().domain(o.yDomain)),
    xTickLabels: xTickLabels(scaleLinear().domain(o.xDomain)),
  });
}

/**
 * The data point under pixel (px, py) of a contour figure drawn with these options, or null outside the plot box:
 * how a live page turns a click on the map into a start point.
 */
export function contourFigureDataAt(
  o: Pick<ContourFigureOptions, 'xDomain' | 'yDomain' | 'title' | 'width' | 'height'>,
  px: number,
  py: number,
): [number, number] | null {
  const fr = contourFrame(o);
  if (px < fr.left || px > fr.right || py < fr.top || py > fr.bottom) return null;
  const x = scaleLinear().domain(o.xDomain).range([fr.left, fr.right]);
  const y = scaleLinear().domain(o.yDomain).range([fr.bottom, fr.top]);
  return [x.invert(px), y.invert(py)];
}
