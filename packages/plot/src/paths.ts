import { isOpenMarker, markerPath, type MarkerName } from './markers.js';
import { attrs, escapeXml, num } from './svg.js';

export interface PlotPath {
  /** Points in data coordinates: [x, y] (2D figures), or [x] on a curve figure where y = f(x). */
  readonly points: readonly (readonly number[])[];
  /** One marker for every point, or one per point (the last one repeats). */
  readonly marker: MarkerName | readonly MarkerName[];
  readonly label?: string;
  /** Join the points with a dotted line, as the book's `linestyle='dotted'`. */
  readonly dotted?: boolean;
  /** Any SVG colour; a palette colour by default. */
  readonly color?: string;
}

/** Distinct, colour-blind-safe colours (Okabe–Ito), black first as in the book's 2D figures. */
export const PALETTE = ['#000000', '#d55e00', '#0072b2', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#f0e442'] as const;

export function markerAt(path: PlotPath, index: number): MarkerName {
  if (typeof path.marker === 'string') return path.marker as MarkerName;
  const list = path.marker as readonly MarkerName[];
  return list[Math.min(index, list.length - 1)] ?? 'o';
}

/** Paths with more points than this are drawn as lines with markers at their ends only. */
export const LONG_PATH = 60;

/** Draws the paths (lines first, then markers on top) and returns SVG elements. */
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
    if (pixels.length > 1) {
      lines.push(
        `<polyline${attrs({
          points: pixels.map(([x, y]) => `${num(x)},${num(y)}`).join(' '),
          fill: 'none',
          stroke: color,
          'stroke-width': 1.3,
          'stroke-dasharray': path.dotted === false ? undefined : '1.5 3',
          'stroke-linecap': 'round',
        })}/>`,
      );
    }
    // A long path is a line with its two ends marked; markers on every point would bury it.
    const marked = pixels.length > LONG_PATH ? [0, pixels.length - 1] : pixels.map((_, i) => i);
    marked.forEach((i) => {
      const [x, y] = pixels[i] as readonly [number, number];
      const name = markerAt(path, i);
      const open = isOpenMarker(name);
      markers.push(
        `<path${attrs({
          d: markerPath(name, markerRadius),
          transform: `translate(${num(x)} ${num(y)})`,
          fill: open ? 'none' : color,
          stroke: open ? color : '#ffffff',
          'stroke-width': open ? 1.8 : 0.6,
        })}/>`,
      );
    });
  });
  return [...lines, ...markers];
}

/**
 * A legend box for the paths that have labels, in whichever corner of the plot box covers the fewest of the
 * drawn points (top-right when there is a tie).
 */
export function legend(
  paths: readonly PlotPath[],
  box: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number },
  defaultColor: (index: number) => string,
  drawn: readonly (readonly [number, number])[],
): string[] {
  const labelled = paths.map((p, k) => ({ p, k })).filter(({ p }) => p.label !== undefined);
  if (labelled.length === 0) return [];
  const width = 20 + Math.max(...labelled.map(({ p }) => (p.label ?? '').length)) * 7 + 22;
  const height = labelled.length * 18 + 8;
  const corners = [
    [box.right - width - 8, box.top + 8],
    [box.left + 8, box.top + 8],
    [box.right - width - 8, box.bottom - height - 8],
    [box.left + 8, box.bottom - height - 8],
  ] as const;
  const covered = ([cx, cy]: readonly [number, number]) =>
    drawn.filter(([px, py]) => px >= cx - 6 && px <= cx + width + 6 && py >= cy - 6 && py <= cy + height + 6).length;
  const [x0, y0] = corners.reduce((best, c) => (covered(c) < covered(best) ? c : best));
  const out = [`<rect${attrs({ x: x0, y: y0, width, height, fill: '#ffffff', 'fill-opacity': 0.85, stroke: '#888888', rx: 3 })}/>`];
  labelled.forEach(({ p, k }, row) => {
    const color = p.color ?? defaultColor(k);
    const cy = y0 + 13 + row * 18;
    const name = markerAt(p, 0);
    const open = isOpenMarker(name);
    out.push(
      `<path${attrs({ d: markerPath(name, 5), transform: `translate(${num(x0 + 14)} ${num(cy)})`, fill: open ? 'none' : color, stroke: open ? color : 'none', 'stroke-width': 1.8 })}/>`,
    );
    out.push(`<text${attrs({ x: x0 + 26, y: cy + 4 })}>${escapeXml(p.label ?? '')}</text>`);
  });
  return out;
}
