import { isOpenMarker, markerPath, type MarkerName } from './markers.js';
import { attrs, escapeXml, num } from './svg.js';
import { textWidth } from './text.js';

/** A descent path drawn over a figure: its points, their markers, a legend label and how they are joined. */
export interface PlotPath {
  /** Points in data coordinates: [x, y] (2D figures), or [x] on a curve figure where y = f(x). */
  readonly points: readonly (readonly number[])[];
  /** One marker for every point, or one per point (the last one repeats). */
  readonly marker: MarkerName | readonly MarkerName[];
  readonly label?: string;
  /** Join the points with a dotted line, as the book's `linestyle='dotted'` (the default); false draws them solid. */
  readonly dotted?: boolean;
  /** Any SVG colour; a palette colour by default. */
  readonly color?: string;
}

/** Distinct, colour-blind-safe colours (Okabe–Ito), black first as in the book's 2D figures. */
export const PALETTE = ['#000000', '#d55e00', '#0072b2', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#f0e442'] as const;

function markerAt(path: PlotPath, index: number): MarkerName {
  if (typeof path.marker === 'string') return path.marker as MarkerName;
  const list = path.marker as readonly MarkerName[];
  return list[Math.min(index, list.length - 1)] ?? 'o';
}

/** Paths with more points than this are drawn as lines with markers at their ends only. */
const LONG_PATH = 60;

interface LineStyle {
  readonly width: number;
  /** An SVG stroke-dasharray, or undefined for a solid line. */
  readonly dash: string | undefined;
}

// Dash patterns for the solid paths after the first: solid, dashed, dotted, dash-dot (matplotlib's four styles).
const SOLID_DASHES = [undefined, '7 3', '1.5 2.5', '8 3 1.5 3'] as const;

/**
 * How path k of n is stroked. Dotted paths (the book's figures) are thin dots. Solid paths are what `descent race`
 * draws, and several optimizers often run down the same valley: the earlier ones are drawn wider and the later ones
 * dashed on top, so every path stays visible where they coincide.
 */
function lineStyle(path: PlotPath, k: number, n: number): LineStyle {
  if (path.dotted !== false) return { width: 1.3, dash: '1.5 3' };
  if (n === 1) return { width: 1.6, dash: undefined };
  return { width: Math.max(1.4, 3.8 - 0.8 * k), dash: SOLID_DASHES[k % SOLID_DASHES.length] };
}

/**
 * The radius of the end markers of path k of n. Long paths (races) usually share their start, so their end markers
 * are nested: the first largest, each later one smaller and drawn on top.
 */
function endMarkerRadius(base: number, k: number, n: number): number {
  return n > 1 ? base + Math.min(8, 2 * (n - 1 - k)) : base;
}

/** Which points of a path get a marker: all of them, or only both ends of a long path (markers would bury it). */
function markedIndices(length: number): number[] {
  return length > LONG_PATH ? [0, length - 1] : Array.from({ length }, (_, i) => i);
}

export interface PathMarker {
  readonly x: number;
  readonly y: number;
  readonly r: number;
}

/** Where drawPaths puts a marker, in pixels: what a legend must not cover. */
export function pathMarkers(
  paths: readonly PlotPath[],
  toPixel: (p: readonly number[]) => readonly [number, number],
  markerRadius = 5,
): PathMarker[] {
  return paths.flatMap((path, k) => {
    const pixels = path.points.map(toPixel);
    const r = pixels.length > LONG_PATH ? endMarkerRadius(markerRadius, k, paths.length) : markerRadius;
    return markedIndices(pixels.length).map((i) => {
      const [x, y] = pixels[i] as readonly [number, number];
      return { x, y, r };
    });
  });
}

/** Draws the paths (every line first, then every marker on top) and returns SVG elements. */
export function drawPaths(
  paths: readonly PlotPath[],
  toPixel: (p: readonly number[]) => readonly [number, number],
  defaultColor: (index: number) => string,
  markerRadius = 5,
): string[] {
  const lines: string[] = [];
  const markers: string[] = [];
  paths.forEach((path, k) => {
    const color = path.color ?? defaultColor(k);
    const pixels = path.points.map(toPixel);
    const style = lineStyle(path, k, paths.length);
    for (const run of clippedPolylines(pixels)) {
      lines.push(
        `<polyline${attrs({
          points: run.map(([x, y]) => `${num(x)},${num(y)}`).join(' '),
          fill: 'none',
          stroke: color,
          'stroke-width': style.width,
          'stroke-dasharray': style.dash,
          'stroke-linecap': 'round',
          class: 'mark',
        })}/>`,
      );
    }
    const r = pixels.length > LONG_PATH ? endMarkerRadius(markerRadius, k, paths.length) : markerRadius;
    for (const i of markedIndices(pixels.length)) {
      const [x, y] = pixels[i] as readonly [number, number];
      if (!(Math.abs(x) <= FAR && Math.abs(y) <= FAR)) continue; // far outside the plot box, and too far for resvg
      const name = markerAt(path, i);
      const open = isOpenMarker(name);
      markers.push(
        `<path${attrs({
          d: markerPath(name, r),
          transform: `translate(${num(x)} ${num(y)})`,
          fill: open ? 'none' : color,
          stroke: open ? color : '#ffffff',
          'stroke-width': open ? 1.8 : 0.6,
          class: 'mark',
        })}/>`,
      );
    }
  });
  return [...lines, ...markers];
}

/** One row of a legend: a marker, a line sample, a bar swatch (hatched or not), or a combination. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly marker?: MarkerName;
  readonly line?: LineStyle;
  /** A filled square, as the bars of a histogram are drawn. */
  readonly swatch?: { readonly hatch: boolean };
}

/** The legend rows for labelled paths, showing each path's marker and (for paths of several points) its line. */
export function pathLegendEntries(paths: readonly PlotPath[], defaultColor: (index: number) => string): LegendEntry[] {
  return paths.flatMap((p, k) =>
    p.label === undefined
      ? []
      : [{ label: p.label, color: p.color ?? defaultColor(k), marker: markerAt(p, 0), line: p.points.length > 1 ? lineStyle(p, k, paths.length) : undefined }],
  );
}

/** A rectangle in pixels that a legend should not cover: a bar, a marker, a piece of a line. */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export const markerBoxes = (markers: readonly PathMarker[]): Box[] => markers.map(({ x, y, r }) => ({ x0: x - r, y0: y - r, x1: x + r, y1: y + r }));

/**
 * Far beyond any figure's edge: lines are cut here and markers past it left out. resvg (the PNG renderer) drops a
 * whole clipped group, contours and all, when one of its elements reaches coordinates of about 1e19.
 */
const FAR = 1e5;
const FAR_BOX: Box = { x0: -FAR, y0: -FAR, x1: FAR, y1: FAR };

/**
 * The part of the segment a→b inside the box (Liang–Barsky), or undefined when there is none. Line boxes are made
 * from segments cut at FAR pixels: a diverging run leaves the figure for points 1e57 pixels away, and split whole,
 * one such segment would be 1e56 boxes.
 */
export function clipSegment(
  [ax, ay]: readonly [number, number],
  [bx, by]: readonly [number, number],
  box: Box = FAR_BOX,
): [number, number, number, number] | undefined {
  const dx = bx - ax;
  const dy = by - ay;
  // A point beyond double range (a pixel of ±Infinity) leaves nothing that can be drawn.
  if (!Number.isFinite(dx) || !Number.isFinite(dy)) return undefined;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [[-dx, ax - box.x0], [dx, box.x1 - ax], [-dy, ay - box.y0], [dy, box.y1 - ay]] as const) {
    if (p === 0) {
      if (q < 0) return undefined;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
  }
  if (t0 > t1) return undefined;
  // An end that is not cut stays exactly the point given: ax + 1·(bx − ax) need not round back to bx, and
  // clippedPolylines joins segments only where one ends exactly where the next begins.
  return [t0 === 0 ? ax : ax + t0 * dx, t0 === 0 ? ay : ay + t0 * dy, t1 === 1 ? bx : ax + t1 * dx, t1 === 1 ? by : ay + t1 * dy];
}

/** The parts of a polyline within FAR pixels, each a polyline of its own (a path may leave and come back). */
export function clippedPolylines(pixels: readonly (readonly [number, number])[]): [number, number][][] {
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  for (let i = 0; i + 1 < pixels.length; i++) {
    const clipped = clipSegment(pixels[i] as readonly [number, number], pixels[i + 1] as readonly [number, number]);
    const last = run[run.length - 1];
    if (clipped === undefined || last === undefined || last[0] !== clipped[0] || last[1] !== clipped[1]) {
      if (run.length > 1) runs.push(run);
      run = clipped === undefined ? [] : [[clipped[0], clipped[1]]];
    }
    if (clipped !== undefined) run.push([clipped[2], clipped[3]]);
  }
  if (run.length > 1) runs.push(run);
  return runs;
}

/** A polyline as small boxes every few pixels along it, so a legend that would sit on the line counts as covering it. */
export function lineBoxes(pixels: readonly (readonly [number, number])[], halfWidth = 1.5): Box[] {
  const out: Box[] = [];
  for (let i = 0; i < pixels.length; i++) {
    const clipped = clipSegment(pixels[i] as readonly [number, number], pixels[Math.min(i + 1, pixels.length - 1)] as readonly [number, number]);
    if (clipped === undefined) continue;
    const [ax, ay, bx, by] = clipped;
    const pieces = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 4));
    for (let s = 0; s < pieces; s++) {
      const x = ax + ((bx - ax) * s) / pieces;
      const y = ay + ((by - ay) * s) / pieces;
      out.push({ x0: x - halfWidth, y0: y - halfWidth, x1: x + halfWidth, y1: y + halfWidth });
    }
  }
  return out;
}

const ROW = 18;
const KEY = 30;

/** The legend's size for these rows (text measured as DejaVu Sans 12 px draws it). */
export function legendSize(entries: readonly LegendEntry[]): { width: number; height: number } {
  return { width: Math.ceil(KEY + 10 + Math.max(0, ...entries.map((e) => textWidth(e.label, 12))) + 8), height: entries.length * ROW + 8 };
}

/** The area of the obstacles that a box (grown by a margin of 4 px) would cover. */
function coveredArea(box: Box, obstacles: readonly Box[]): number {
  let area = 0;
  for (const o of obstacles) {
    const w = Math.min(box.x1 + 4, o.x1) - Math.max(box.x0 - 4, o.x0);
    const h = Math.min(box.y1 + 4, o.y1) - Math.max(box.y0 - 4, o.y0);
    if (w > 0 && h > 0) area += w * h;
  }
  return area;
}

/**
 * Where a legend of this size goes inside the plot box: the first of matplotlib's 'best' positions (upper right,
 * upper left, lower left, lower right, then the middles of the sides) that covers nothing, or else the one that
 * covers the least.
 */
export function placeLegend(size: { width: number; height: number }, plot: Box, obstacles: readonly Box[]): Box & { covered: number } {
  const { width, height } = size;
  const [l, r] = [plot.x0 + 8, plot.x1 - width - 8];
  const [t, b] = [plot.y0 + 8, plot.y1 - height - 8];
  const [cx, cy] = [(plot.x0 + plot.x1 - width) / 2, (plot.y0 + plot.y1 - height) / 2];
  const positions = [[r, t], [l, t], [l, b], [r, b], [r, cy], [l, cy], [cx, b], [cx, t]] as const;
  let best: (Box & { covered: number }) | undefined;
  for (const [x, y] of positions) {
    const box = { x0: x, y0: y, x1: x + width, y1: y + height };
    const covered = coveredArea(box, obstacles);
    if (best === undefined || covered < best.covered) best = { ...box, covered };
    if (covered === 0) break;
  }
  return best as Box & { covered: number };
}

/** Draws a legend (in a `<g class="legend">`, its frame first) at a place chosen by placeLegend. */
function drawLegend(entries: readonly LegendEntry[], at: Box): string[] {
  if (entries.length === 0) return [];
  const out = [
    '<g class="legend">',
    `<rect${attrs({ x: at.x0, y: at.y0, width: at.x1 - at.x0, height: at.y1 - at.y0, fill: '#ffffff', 'fill-opacity': 0.9, stroke: '#888888', rx: 3 })}/>`,
  ];
  entries.forEach((e, row) => {
    const cy = at.y0 + 13 + row * ROW;
    const kx = at.x0 + 6;
    if (e.swatch !== undefined) {
      const swatch = { x: kx + 4, y: cy - 6, width: KEY - 8, height: 12 };
      out.push(`<rect${attrs({ ...swatch, fill: e.color, stroke: '#000000', 'stroke-width': 0.8 })}/>`);
      if (e.swatch.hatch) out.push(`<rect${attrs({ ...swatch, fill: 'url(#hatch)' })}/>`);
    }
    if (e.line !== undefined) {
      out.push(`<line${attrs({ x1: kx, x2: kx + KEY - 4, y1: cy, y2: cy, stroke: e.color, 'stroke-width': e.line.width, 'stroke-dasharray': e.line.dash, 'stroke-linecap': 'round' })}/>`);
    }
    if (e.marker !== undefined) {
      const open = isOpenMarker(e.marker);
      out.push(
        `<path${attrs({ d: markerPath(e.marker, 5), transform: `translate(${num(kx + (KEY - 4) / 2)} ${num(cy)})`, fill: open ? 'none' : e.color, stroke: open ? e.color : '#ffffff', 'stroke-width': open ? 1.8 : 0.6 })}/>`,
      );
    }
    out.push(`<text${attrs({ x: at.x0 + KEY + 10, y: cy + 4 })}>${escapeXml(e.label)}</text>`);
  });
  out.push('</g>');
  return out;
}

/** A legend for the entries, placed where it covers the least of the obstacles. */
export function legend(entries: readonly LegendEntry[], fr: { left: number; right: number; top: number; bottom: number }, obstacles: readonly Box[]): string[] {
  if (entries.length === 0) return [];
  const at = placeLegend(legendSize(entries), { x0: fr.left, y0: fr.top, x1: fr.right, y1: fr.bottom }, obstacles);
  return drawLegend(entries, at);
}
