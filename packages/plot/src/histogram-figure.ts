import { scaleLinear } from 'd3-scale';
import { axes, frame } from './axes.js';
import { legend, type PlotPath } from './paths.js';
import { attrs, svgDocument } from './svg.js';

export interface HistogramSeries {
  readonly label: string;
  readonly counts: readonly number[];
  readonly edges: readonly number[];
  /** Fill colour; greys by default, as in the book's figure 11-8. */
  readonly color?: string;
  /** Diagonal hatching over the fill. */
  readonly hatch?: boolean;
}

export interface HistogramFigureOptions {
  readonly series: readonly HistogramSeries[];
  /** Bar width as a fraction of the bin width (the book: 0.8). */
  readonly barWidth?: number;
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
}

const GREYS = ['#555555', '#bbbbbb', '#888888', '#dddddd'] as const;

/** Histograms drawn over each other on one axis: figures 11-8 and 11-9. */
export function histogramFigure(o: HistogramFigureOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 420;
  const fr = frame(width, height, o.title !== undefined);
  const lo = Math.min(...o.series.map((s) => s.edges[0] as number));
  const hi = Math.max(...o.series.map((s) => s.edges[s.edges.length - 1] as number));
  const top = Math.max(1, ...o.series.flatMap((s) => s.counts));
  const pad = (hi - lo) * 0.05 || 0.5;
  const x = scaleLinear().domain([lo - pad, hi + pad]).range([fr.left, fr.right]);
  const y = scaleLinear().domain([0, top * 1.1]).range([fr.bottom, fr.top]).nice();
  const fraction = o.barWidth ?? 0.8;
  const colour = (k: number) => o.series[k]?.color ?? (GREYS[k % GREYS.length] as string);
  const defs = `<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#000000" stroke-width="1"/></pattern></defs>`;
  const bars = o.series.flatMap((s, k) =>
    s.counts.flatMap((count, i) => {
      const a = s.edges[i] as number;
      const b = s.edges[i + 1] as number;
      const mid = (a + b) / 2;
      const half = ((b - a) * fraction) / 2;
      const box = { x: x(mid - half), y: y(count), width: x(mid + half) - x(mid - half), height: fr.bottom - y(count) };
      const rect = [`<rect${attrs({ ...box, fill: colour(k), 'fill-opacity': 0.85, stroke: '#000000', 'stroke-width': 0.8 })}/>`];
      if (s.hatch === true) rect.push(`<rect${attrs({ ...box, fill: 'url(#hatch)' })}/>`);
      return rect;
    }),
  );
  const keys: PlotPath[] = o.series.map((s, k) => ({ points: [], marker: 's', label: s.label, color: colour(k) }));
  const body = [defs, ...bars, ...axes(fr, x, y, { x: o.xLabel ?? 'value', y: o.yLabel ?? 'count', title: o.title }), ...legend(keys, fr, colour, [])];
  return svgDocument(width, height, body, o.title);
}
