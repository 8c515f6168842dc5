import { scaleLinear } from 'd3-scale';
import { axes, frame } from './axes.js';
import { attrs, escapeXml, num, svgDocument } from './svg.js';

export interface ErrorBarPanel {
  /** The y axis label, e.g. "test accuracy". */
  readonly label: string;
  /** One mean per category. */
  readonly means: readonly number[];
  /** Half the bar per category (a standard error); NaN draws no bar. */
  readonly errors: readonly number[];
}

export interface ErrorBarFigureOptions {
  readonly categories: readonly string[];
  /** Stacked top to bottom, sharing the categories (figure 11-11: accuracy above, time below). */
  readonly panels: readonly ErrorBarPanel[];
  readonly title?: string;
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
  const titleSpace = o.title === undefined ? 0 : 24;
  const height = titleSpace + panelHeight * o.panels.length;
  const n = o.categories.length;
  const body: string[] = [];
  o.panels.forEach((panel, k) => {
    const top = titleSpace + k * panelHeight;
    const fr = { ...frame(width, panelHeight, false), height: panelHeight };
    const lows = panel.means.map((m, i) => m - (Number.isFinite(panel.errors[i]) ? (panel.errors[i] as number) : 0));
    const highs = panel.means.map((m, i) => m + (Number.isFinite(panel.errors[i]) ? (panel.errors[i] as number) : 0));
    const finite = [...lows, ...highs].filter(Number.isFinite);
    const lo = finite.length > 0 ? Math.min(...finite) : 0;
    const hi = finite.length > 0 ? Math.max(...finite) : 1;
    const pad = hi > lo ? (hi - lo) * 0.15 : Math.max(Math.abs(hi) * 0.05, 1e-3);
    const y = scaleLinear().domain([lo - pad, hi + pad]).range([fr.bottom, fr.top]).nice();
    // Categories at 1 … n on a linear axis with half a step of margin; the numeric ticks are replaced by names.
    const x = scaleLinear().domain([0.5, n + 0.5]).range([fr.left, fr.right]);
    const noTicks = Object.assign(x.copy(), { ticks: () => [] as number[] });
    const parts = axes(fr, noTicks as never, y as never, { y: panel.label });
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
      parts.push(`<circle${attrs({ cx: px, cy: y(mean), r: 4.5, fill: '#000' })}/>`);
    });
    body.push(`<g transform="translate(0 ${num(top)})">`, ...parts, '</g>');
  });
  if (o.title !== undefined) {
    body.push(`<text${attrs({ x: width / 2, y: 18, 'text-anchor': 'middle', 'font-size': 14, 'font-weight': 'bold' })}>${escapeXml(o.title)}</text>`);
  }
  return svgDocument(width, height, body, o.title);
}
