import type { ScaleLinear } from 'd3-scale';
import { attrs, escapeXml, num } from './svg.js';
import { textWidth, wrapText } from './text.js';

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** The title, wrapped to fit inside the figure; drawn centred over the plot box by `axes`. */
  readonly titleLines: readonly string[];
}

/** The scale of one axis, as far as the frame needs it: d3's linear and log scales both fit. */
export type AxisScale = ScaleLinear<number, number>;

const TICK_FONT_SIZE = 12;
const TITLE_FONT_SIZE = 14;
const TITLE_LINE_HEIGHT = 18;

export interface FrameOptions {
  readonly title?: string | undefined;
  /** The y tick labels that will be drawn: the left margin grows to fit the widest. */
  readonly yTickLabels?: readonly string[];
  /** The x tick labels that will be drawn: the right margin grows to fit half the last one (it is centred on the edge). */
  readonly xTickLabels?: readonly string[];
}

/**
 * The plot box inside a figure of width × height: room on the left for the y tick labels and the rotated y label,
 * below for the x ticks and label, above for the title (wrapped to as many lines as it needs).
 */
export function frame(width: number, height: number, o: FrameOptions = {}): Frame {
  const widestY = Math.max(0, ...(o.yTickLabels ?? []).map((t) => textWidth(t, TICK_FONT_SIZE)));
  // The y label is centred on x = 14 (its glyphs reach about 24); tick labels end 8 px left of the box.
  const left = Math.max(58, Math.ceil(26 + widestY + 8));
  const lastX = o.xTickLabels?.[o.xTickLabels.length - 1];
  const right = width - Math.max(18, lastX === undefined ? 0 : Math.ceil(textWidth(lastX, TICK_FONT_SIZE) / 2 + 4));
  // The title is centred over the plot box, so each line may be at most twice the distance to the nearer edge.
  const centre = (left + right) / 2;
  const titleWidth = 2 * Math.min(centre, width - centre) - 16;
  const titleLines = o.title === undefined ? [] : wrapText(o.title, titleWidth, TITLE_FONT_SIZE, true);
  const top = titleLines.length === 0 ? 16 : 18 + TITLE_LINE_HEIGHT * titleLines.length;
  return { width, height, left, right, top, bottom: height - 44, titleLines };
}

/** A tick value as a short label: at most six significant digits, no trailing zeros. */
function tickLabel(v: number): string {
  return Number(v.toPrecision(6)).toString();
}

/** Whether a tick of a log axis is a power of ten: only those get labels (labelling 2…9 × 10ᵏ too writes them over each other). */
function isPowerOfTen(v: number): boolean {
  return Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
}

/** The y ticks of a scale, and which of them get labels. `integers` keeps whole numbers only (counts). */
function yTicks(y: AxisScale, integers = false): { value: number; labelled: boolean }[] {
  const logAxis = 'base' in y;
  return y
    .ticks(8)
    .filter((t) => !integers || Number.isInteger(t))
    .map((value) => ({ value, labelled: !logAxis || isPowerOfTen(value) }));
}

/** The labels `axes` will write on the y axis: what `frame` needs to size the left margin. */
export function yTickLabels(y: AxisScale, integers = false): string[] {
  return yTicks(y, integers)
    .filter((t) => t.labelled)
    .map((t) => tickLabel(t.value));
}

export function xTickLabels(x: AxisScale): string[] {
  return x.ticks(8).map(tickLabel);
}

/** The plot box, ticks with labels on the left and bottom, axis labels and the title. */
export function axes(
  fr: Frame,
  x: AxisScale,
  y: AxisScale,
  labels: { x?: string | undefined; y?: string | undefined },
  options: { integerY?: boolean } = {},
): string[] {
  const out: string[] = [];
  for (const t of x.ticks(8)) {
    const px = x(t);
    out.push(`<line${attrs({ x1: px, x2: px, y1: fr.bottom, y2: fr.bottom + 5, stroke: '#000' })}/>`);
    out.push(`<text${attrs({ x: px, y: fr.bottom + 18, 'text-anchor': 'middle' })}>${tickLabel(t)}</text>`);
  }
  for (const { value, labelled } of yTicks(y, options.integerY)) {
    const py = y(value);
    out.push(`<line${attrs({ x1: fr.left - (labelled ? 5 : 3), x2: fr.left, y1: py, y2: py, stroke: '#000' })}/>`);
    if (labelled) out.push(`<text${attrs({ x: fr.left - 8, y: py + 4, 'text-anchor': 'end' })}>${tickLabel(value)}</text>`);
  }
  out.push(`<rect${attrs({ x: fr.left, y: fr.top, width: fr.right - fr.left, height: fr.bottom - fr.top, fill: 'none', stroke: '#000', class: 'frame' })}/>`);
  if (labels.x !== undefined) {
    out.push(`<text${attrs({ x: (fr.left + fr.right) / 2, y: fr.height - 8, 'text-anchor': 'middle', 'font-size': 13 })}>${escapeXml(labels.x)}</text>`);
  }
  if (labels.y !== undefined) {
    const cy = (fr.top + fr.bottom) / 2;
    out.push(`<text${attrs({ x: 14, y: cy, 'text-anchor': 'middle', 'font-size': 13, transform: `rotate(-90 14 ${num(cy)})` })}>${escapeXml(labels.y)}</text>`);
  }
  out.push(...titleText(fr.titleLines, (fr.left + fr.right) / 2));
  return out;
}

/** Title lines centred on x, the first baseline at y = 22. */
export function titleText(lines: readonly string[], x: number, firstBaseline = 22): string[] {
  return lines.map(
    (line, i) =>
      `<text${attrs({ x, y: firstBaseline + TITLE_LINE_HEIGHT * i, 'text-anchor': 'middle', 'font-size': TITLE_FONT_SIZE, 'font-weight': 'bold' })}>${escapeXml(line)}</text>`,
  );
}

/** A clip path for the plot box, so contours and paths that leave the window are cut at its edge. */
export function clipDefinition(fr: Frame, id: string): string {
  return `<defs><clipPath id="${id}"><rect${attrs({ x: fr.left, y: fr.top, width: fr.right - fr.left, height: fr.bottom - fr.top })}/></clipPath></defs>`;
}
