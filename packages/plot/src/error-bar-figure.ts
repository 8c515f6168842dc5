import { scaleLinear } from 'd3-scale';
import { axes, frame, titleText, yTickLabels, type AxisScale, type Frame } from './axes.js';
import { attrs, escapeXml, num, svgDocument } from './svg.js';

/** One panel of an `errorBarFigure`: a mean ± error per category. */
export interface ErrorBarPanel {
  /** The y axis label, e.g. "test accuracy". */
  readonly label: string;
  /** One mean per category. */
  readonly means: readonly number[];
  /** Half the bar per category (a standard error); NaN draws no bar. */
  readonly errors: readonly number[];
}

/** What `errorBarFigure` draws: means ± errors per category in stacked panels (figure 11-11). */
export interface ErrorBarFigureOptions {
  readonly categories: readonly string[];
  /** Stacked top to bottom, sharing the categories (figure 11-11: accuracy above, time below). */
  readonly panels: readonly ErrorBarPanel[];
  readonly title?: string;
  /** Under the bottom panel, naming what the categories are (e.g. "optimizer"). */
  readonly xLabel?: string;
  readonly width?: number;
  /** Height of each panel. */
  readonly panelHeight?: number;
}

/**
 * Means with ±error bars per category, in one or more stacked panels that share the categories: figure 11-11's
 * comparison of optimizers (mean ± SE of test accuracy, and of training time).
 */
export function errorBarFigure(o: ErrorBarFigureOptions): string {
  const width = o.width ?? 560;
  const panelHeight = o.panelHeight ?? 240;
  const n = o.categories.length;
  const ys = o.panels.map(panelScale);
  // One frame for all panels, so their plot boxes line up: wide enough on the left for every panel's tick labels.
  const shared = frame(width, panelHeight, { title: o.title, yTickLabels: ys.flatMap((y) => yTickLabels(y)) });
  const titleSpace = shared.titleLines.length === 0 ? 0 : shared.top - 12;
  const xLabelSpace = o.xLabel === undefined ? 0 : 22;
  const height = titleSpace + panelHeight * o.panels.length + xLabelSpace;
  const fr: Frame = { ...shared, top: 12, bottom: panelHeight - 30, height: panelHeight, titleLines: [] };
  // Categories at 1 … n on a linear axis with half a step of margin; the numeric ticks are replaced by names.
  const x = scaleLinear().domain([0.5, n + 0.5]).range([fr.left, fr.right]);
  const noTicks = Object.assign(x.copy(), { ticks: () => [] as number[] });
  const body: string[] = [];
  o.panels.forEach((panel, k) => {
    const y = (ys[k] as AxisScale).range([fr.bottom, fr.top]);
    const parts = axes(fr, noTicks, y, { y: panel.label });
    o.categories.forEach((name, i) => {
      const px = x(i + 1);
      parts.push(`<line${attrs({ x1: px, x2: px, y1: fr.bottom, y2: fr.bottom + 5, stroke: '#000' })}/>`);
      parts.push(`<text${attrs({ x: px, y: fr.bottom + 18, 'text-anchor': 'middle' })}>${escapeXml(name)}</text>`);
      const mean = panel.means[i] as number;
      if (!Number.isFinite(mean)) return;
      const error = panel.errors[i] as number;
      if (Number.isFinite(error) && error > 0) {
        const [y0, y1] = [y(mean - error), y(mean + error)];
        parts.push(`<line${attrs({ x1: px, x2: px, y1: y0, y2: y1, stroke: '#000', 'stroke-width': 1.4 })}/>`);
        for (const yy of [y0, y1]) parts.push(`<line${attrs({ x1: px - 8, x2: px + 8, y1: yy, y2: yy, stroke: '#000', 'stroke-width': 1.4 })}/>`);
      }
      parts.push(`<circle${attrs({ cx: px, cy: y(mean), r: 4.5, fill: '#000', class: 'mark' })}/>`);
    });
    body.push(`<g transform="translate(0 ${num(titleSpace + k * panelHeight)})">`, ...parts, '</g>');
  });
  body.push(...titleText(shared.titleLines, (fr.left + fr.right) / 2));
  if (o.xLabel !== undefined) {
    body.push(`<text${attrs({ x: (fr.left + fr.right) / 2, y: height - 8, 'text-anchor': 'middle', 'font-size': 13 })}>${escapeXml(o.xLabel)}</text>`);
  }
  return svgDocument(width, height, body, o.title);
}

/** A panel's y scale: the means ± errors with 15 % to spare, made nice. */
function panelScale(panel: ErrorBarPanel): AxisScale {
  const lows = panel.means.map((m, i) => m - (Number.isFinite(panel.errors[i]) ? (panel.errors[i] as number) : 0));
  const highs = panel.means.map((m, i) => m + (Number.isFinite(panel.errors[i]) ? (panel.errors[i] as number) : 0));
  const finite = [...lows, ...highs].filter(Number.isFinite);
  const lo = finite.length > 0 ? Math.min(...finite) : 0;
  const hi = finite.length > 0 ? Math.max(...finite) : 1;
  const pad = hi > lo ? (hi - lo) * 0.15 : Math.max(Math.abs(hi) * 0.05, 1e-3);
  return scaleLinear().domain([lo - pad, hi + pad]).nice();
}
