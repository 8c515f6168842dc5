import type { ScaleLinear } from 'd3-scale';
import { attrs, escapeXml, num } from './svg.js';

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export function frame(width: number, height: number, hasTitle: boolean): Frame {
  return { width, height, left: 58, right: width - 18, top: hasTitle ? 36 : 16, bottom: height - 44 };
}

/** The plot box, ticks with labels on the left and bottom, axis labels and the title. */
export function axes(
  fr: Frame,
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  labels: { x?: string; y?: string; title?: string },
): string[] {
  const out: string[] = [];
  const tick = (v: number) => Number(v.toPrecision(6)).toString();
  for (const t of x.ticks(8)) {
    const px = x(t);
    out.push(`<line${attrs({ x1: px, x2: px, y1: fr.bottom, y2: fr.bottom + 5, stroke: '#000' })}/>`);
    out.push(`<text${attrs({ x: px, y: fr.bottom + 18, 'text-anchor': 'middle' })}>${tick(t)}</text>`);
  }
  // A log axis (d3's log scales have a base) gets a tick at every 1–9 × 10ᵏ but a label only at the powers of ten;
  // labelling them all writes numbers over each other.
  const logAxis = 'base' in y;
  for (const t of y.ticks(8)) {
    const py = y(t);
    const major = !logAxis || Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9;
    out.push(`<line${attrs({ x1: fr.left - (major ? 5 : 3), x2: fr.left, y1: py, y2: py, stroke: '#000' })}/>`);
    if (major) out.push(`<text${attrs({ x: fr.left - 8, y: py + 4, 'text-anchor': 'end' })}>${tick(t)}</text>`);
  }
  out.push(`<rect${attrs({ x: fr.left, y: fr.top, width: fr.right - fr.left, height: fr.bottom - fr.top, fill: 'none', stroke: '#000' })}/>`);
  if (labels.x !== undefined) {
    out.push(`<text${attrs({ x: (fr.left + fr.right) / 2, y: fr.height - 8, 'text-anchor': 'middle', 'font-size': 13 })}>${escapeXml(labels.x)}</text>`);
  }
  if (labels.y !== undefined) {
    const cy = (fr.top + fr.bottom) / 2;
    out.push(`<text${attrs({ x: 14, y: cy, 'text-anchor': 'middle', 'font-size': 13, transform: `rotate(-90 14 ${num(cy)})` })}>${escapeXml(labels.y)}</text>`);
  }
  if (labels.title !== undefined) {
    out.push(`<text${attrs({ x: (fr.left + fr.right) / 2, y: 22, 'text-anchor': 'middle', 'font-size': 14, 'font-weight': 'bold' })}>${escapeXml(labels.title)}</text>`);
  }
  return out;
}

/** A clip path for the plot box, so contours and paths that leave the window are cut at its edge. */
export function clipDefinition(fr: Frame, id: string): string {
  return `<defs><clipPath id="${id}"><rect${attrs({ x: fr.left, y: fr.top, width: fr.right - fr.left, height: fr.bottom - fr.top })}/></clipPath></defs>`;
}
