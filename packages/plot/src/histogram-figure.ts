import { scaleLinear } from 'd3-scale';
import { axes, frame, xTickLabels, yTickLabels, type AxisScale, type Frame } from './axes.js';
import { legend, legendSize, placeLegend, type Box, type LegendEntry } from './paths.js';
import { attrs, svgDocument } from './svg.js';

/** One histogram: its counts over the bins between consecutive `edges` (NumPy's `histogram` output). */
export interface HistogramSeries {
  readonly label: string;
  readonly counts: readonly number[];
  readonly edges: readonly number[];
  /** Fill colour; greys by default, as in the book's figure 11-8. */
  readonly color?: string;
  /** Diagonal hatching over the fill. */
  readonly hatch?: boolean;
}

/** What `histogramFigure` draws: histograms side by side over the same bins (figures 11-8 and 11-9). */
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
  const lo = Math.min(...o.series.map((s) => s.edges[0] as number));
  const hi = Math.max(...o.series.map((s) => s.edges[s.edges.length - 1] as number));
  const tallest = Math.max(1, ...o.series.flatMap((s) => s.counts));
  const pad = (hi - lo) * 0.05 || 0.5;
  const xData = scaleLinear().domain([lo - pad, hi + pad]);
  const fraction = o.barWidth ?? 0.8;
  const colour = (k: number) => o.series[k]?.color ?? (GREYS[k % GREYS.length] as string);
  const entries: LegendEntry[] = o.series.map((s, k) => ({ label: s.label, color: colour(k), swatch: { hatch: s.hatch === true } }));
  const bars = o.series.flatMap((s, k) =>
    s.counts.map((count, i) => {
      const a = s.edges[i] as number;
      const b = s.edges[i + 1] as number;
      const half = ((b - a) * fraction) / 2;
      return { k, count, from: (a + b) / 2 - half, to: (a + b) / 2 + half };
    }),
  );
  // Counts are whole numbers, so the y axis ticks only those. Its top is raised until the legend fits above the
  // bars in some place (a legend over a bar hides the very count the figure is about).
  const legendCovers = (l: HistogramLayout) => placeLegend(legendSize(entries), plotBox(l.fr), bars.map((bar) => barBox(bar, l))).covered > 0;
  let top = tallest * 1.1;
  let layout = histogramLayout(width, height, o.title, xData, top);
  while (legendCovers(layout) && top < tallest * 4) {
    top *= 1.12;
    layout = histogramLayout(width, height, o.title, xData, top);
  }
  const { fr, x, y } = layout;
  const defs = `<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#000000" stroke-width="1"/></pattern></defs>`;
  const drawn = bars.flatMap((bar) => {
    const { x0, y0, x1, y1 } = barBox(bar, layout);
    const box = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
    const rect = [`<rect${attrs({ ...box, fill: colour(bar.k), 'fill-opacity': 0.85, stroke: '#000000', 'stroke-width': 0.8, class: 'mark' })}/>`];
    if (o.series[bar.k]?.hatch === true) rect.push(`<rect${attrs({ ...box, fill: 'url(#hatch)', class: 'mark' })}/>`);
    return rect;
  });
  const obstacles = bars.map((bar) => barBox(bar, layout));
  const body = [
    defs,
    ...drawn,
    ...axes(fr, x, y, { x: o.xLabel ?? 'value', y: o.yLabel ?? 'count' }, { integerY: true }),
    ...legend(entries, fr, obstacles),
  ];
  return svgDocument(width, height, body, o.title);
}

interface HistogramLayout {
  readonly fr: Frame;
  readonly x: AxisScale;
  readonly y: AxisScale;
}

function histogramLayout(width: number, height: number, title: string | undefined, x: AxisScale, top: number): HistogramLayout {
  const y = scaleLinear().domain([0, top]).nice();
  const fr = frame(width, height, { title, yTickLabels: yTickLabels(y, true), xTickLabels: xTickLabels(x) });
  return { fr, x: x.copy().range([fr.left, fr.right]), y: y.range([fr.bottom, fr.top]) };
}

function barBox(bar: { count: number; from: number; to: number }, { fr, x, y }: HistogramLayout): Box {
  return { x0: x(bar.from), y0: y(bar.count), x1: x(bar.to), y1: fr.bottom };
}

const plotBox = (fr: Frame): Box => ({ x0: fr.left, y0: fr.top, x1: fr.right, y1: fr.bottom });
