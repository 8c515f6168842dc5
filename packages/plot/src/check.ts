import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { clipSegment, type Box } from './paths.js';

// Checks a figure the way a reader looks at it: is every piece of text inside the figure, does the legend hide a
// bar, a marker or a line, is a marker cut in half by the frame? Text is measured by rendering it with resvg (the
// renderer behind svgToPng) in DejaVu Sans, the figures' first font, so the check sees the glyphs a PNG shows.
// Node only, like svgToPng: `@descent/plot/check`.

interface Mark {
  readonly box: Box;
  /** A polyline's points; a mark without them is its box. */
  readonly points?: readonly (readonly [number, number])[];
  /** A marker (a shape placed with translate, or a circle): it should not be cut by the frame. */
  readonly marker: boolean;
  readonly what: string;
}

interface TextElement {
  readonly source: string;
  readonly content: string;
  /** The `<g …>` tags around it, outermost first, so it can be rendered alone where it stands. */
  readonly ancestors: readonly string[];
  readonly inLegend: boolean;
}

interface ParsedFigure {
  readonly root: string;
  readonly width: number;
  readonly height: number;
  readonly frames: Box[];
  readonly legends: Box[];
  readonly marks: Mark[];
  readonly texts: TextElement[];
}

const attribute = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const numberAttribute = (tag: string, name: string): number => Number(attribute(tag, name) ?? 'NaN');

function translation(tag: string): [number, number] {
  const m = /translate\(\s*([-\d.e]+)[\s,]+([-\d.e]+)\s*\)/.exec(attribute(tag, 'transform') ?? '');
  return m === null ? [0, 0] : [Number(m[1]), Number(m[2])];
}

/** Half the size of a marker drawn from a path centred on (0, 0), plus half its stroke. */
function markerExtent(tag: string): number {
  const coordinates = (attribute(tag, 'd') ?? '').match(/-?\d+(\.\d+)?/g) ?? [];
  const stroke = Number(attribute(tag, 'stroke-width') ?? 0);
  return Math.max(0, ...coordinates.map((c) => Math.abs(Number(c)))) + stroke / 2;
}

function parse(svg: string): ParsedFigure {
  const root = /<svg[^>]*>/.exec(svg)?.[0] ?? '<svg xmlns="http://www.w3.org/2000/svg">';
  const figure: ParsedFigure = {
    root,
    width: numberAttribute(root, 'width'),
    height: numberAttribute(root, 'height'),
    frames: [],
    legends: [],
    marks: [],
    texts: [],
  };
  const stack: { tag: string; dx: number; dy: number; legend: boolean }[] = [];
  const offset = (): [number, number] => [stack.reduce((x, g) => x + g.dx, 0), stack.reduce((y, g) => y + g.dy, 0)];
  const tags = /<(\/?)([a-zA-Z]+)((?:[^>"]|"[^"]*")*?)(\/?)>/g;
  for (let m = tags.exec(svg); m !== null; m = tags.exec(svg)) {
    const [tag, closing, name] = m as unknown as [string, string, string];
    const [ox, oy] = offset();
    const inLegend = stack.some((g) => g.legend);
    if (name === 'g') {
      if (closing === '/') stack.pop();
      else {
        const [dx, dy] = translation(tag);
        stack.push({ tag, dx, dy, legend: attribute(tag, 'class') === 'legend' });
      }
      continue;
    }
    if (name === 'text' && closing === '') {
      const end = svg.indexOf('</text>', tags.lastIndex);
      figure.texts.push({ source: svg.slice(m.index, end + 7), content: svg.slice(tags.lastIndex, end), ancestors: stack.map((g) => g.tag), inLegend });
      continue;
    }
    const cls = attribute(tag, 'class');
    if (name === 'rect' && cls === 'frame') {
      const [x, y] = [ox + numberAttribute(tag, 'x'), oy + numberAttribute(tag, 'y')];
      figure.frames.push({ x0: x, y0: y, x1: x + numberAttribute(tag, 'width'), y1: y + numberAttribute(tag, 'height') });
    } else if (name === 'rect' && inLegend && isLegendBox(tag)) {
      const [x, y] = [ox + numberAttribute(tag, 'x'), oy + numberAttribute(tag, 'y')];
      figure.legends.push({ x0: x, y0: y, x1: x + numberAttribute(tag, 'width'), y1: y + numberAttribute(tag, 'height') });
    } else if (cls === 'mark') {
      const mark = markOf(name, tag, ox, oy);
      if (mark !== undefined) figure.marks.push(mark);
    }
  }
  return figure;
}

/** A legend's box is its rectangle with the grey outline; its swatches have black ones. */
const isLegendBox = (tag: string) => attribute(tag, 'stroke') === '#888888';

function markOf(name: string, tag: string, ox: number, oy: number): Mark | undefined {
  if (name === 'rect') {
    const [x, y] = [ox + numberAttribute(tag, 'x'), oy + numberAttribute(tag, 'y')];
    return { box: { x0: x, y0: y, x1: x + numberAttribute(tag, 'width'), y1: y + numberAttribute(tag, 'height') }, marker: false, what: 'a bar' };
  }
  if (name === 'circle') {
    const [x, y, r] = [ox + numberAttribute(tag, 'cx'), oy + numberAttribute(tag, 'cy'), numberAttribute(tag, 'r')];
    return { box: { x0: x - r, y0: y - r, x1: x + r, y1: y + r }, marker: true, what: `the point at (${x.toFixed(0)}, ${y.toFixed(0)})` };
  }
  if (name === 'path') {
    const [tx, ty] = translation(tag);
    const [x, y, r] = [ox + tx, oy + ty, markerExtent(tag)];
    return { box: { x0: x - r, y0: y - r, x1: x + r, y1: y + r }, marker: true, what: `the marker at (${x.toFixed(0)}, ${y.toFixed(0)})` };
  }
  if (name === 'polyline') {
    const points = (attribute(tag, 'points') ?? '')
      .trim()
      .split(/\s+/)
      .filter((p) => p !== '')
      .map((p) => {
        const [a, b] = p.split(',').map(Number) as [number, number];
        return [ox + a, oy + b] as const;
      });
    if (points.length === 0) return undefined;
    const xs = points.map(([a]) => a);
    const ys = points.map(([, b]) => b);
    return { box: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) }, points, marker: false, what: 'a line' };
  }
  return undefined;
}

const overlaps = (a: Box, b: Box, slack = 0.5) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > slack && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > slack;
const inside = (inner: Box, outer: Box, slack = 0.5) => inner.x0 >= outer.x0 - slack && inner.y0 >= outer.y0 - slack && inner.x1 <= outer.x1 + slack && inner.y1 <= outer.y1 + slack;

function covers(legend: Box, mark: Mark): boolean {
  if (mark.points === undefined) return overlaps(legend, mark.box);
  const shrunk = { x0: legend.x0 + 0.5, y0: legend.y0 + 0.5, x1: legend.x1 - 0.5, y1: legend.y1 - 0.5 };
  return mark.points.some((p, i) => i > 0 && clipSegment(mark.points?.[i - 1] as readonly [number, number], p, shrunk) !== undefined);
}

// Debian's DejaVu files, loaded alone when present: scanning every system font for each text costs ~10 ms.
const DEJAVU = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'];
const fontOptions = DEJAVU.every((f) => existsSync(f))
  ? { fontFiles: DEJAVU, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }
  : { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };

/** The box of one text element as resvg draws it, or undefined if nothing was drawn (no font). */
function renderedTextBox(figure: ParsedFigure, text: TextElement): Box | undefined {
  const alone = `${figure.root}${text.ancestors.join('')}${text.source}${'</g>'.repeat(text.ancestors.length)}</svg>`;
  const box = new Resvg(alone, { font: fontOptions }).getBBox();
  return box === undefined ? undefined : { x0: box.x, y0: box.y, x1: box.x + box.width, y1: box.y + box.height };
}

/**
 * What a reader would object to in a figure from this package, one sentence each (none: an empty list): text
 * outside the figure, legend text outside its box, a legend over a bar, marker or line, a marker cut by the frame.
 */
export function figureLayoutFaults(svg: string): string[] {
  const figure = parse(svg);
  const faults: string[] = [];
  const canvas = { x0: 0, y0: 0, x1: figure.width, y1: figure.height };
  for (const text of figure.texts) {
    if (text.content.trim() === '') continue;
    const box = renderedTextBox(figure, text);
    if (box === undefined) {
      faults.push(`text '${text.content}' drew nothing: is the DejaVu Sans font installed?`);
      continue;
    }
    const where = `[${box.x0.toFixed(1)}, ${box.x1.toFixed(1)}] × [${box.y0.toFixed(1)}, ${box.y1.toFixed(1)}]`;
    if (!inside(box, canvas)) faults.push(`text '${text.content}' at ${where} leaves the ${String(figure.width)} × ${String(figure.height)} figure`);
    if (text.inLegend && !figure.legends.some((l) => inside(box, l))) faults.push(`legend text '${text.content}' at ${where} leaves the legend's box`);
  }
  for (const legend of figure.legends) {
    for (const mark of figure.marks) if (covers(legend, mark)) faults.push(`the legend covers ${mark.what}`);
  }
  for (const mark of figure.marks.filter((m) => m.marker)) {
    const centre = { x0: (mark.box.x0 + mark.box.x1) / 2, y0: (mark.box.y0 + mark.box.y1) / 2, x1: (mark.box.x0 + mark.box.x1) / 2, y1: (mark.box.y0 + mark.box.y1) / 2 };
    // A marker whose centre is outside every frame belongs to a path that left the window: cut on purpose.
    const frame = figure.frames.find((f) => inside(centre, f, 0));
    if (frame !== undefined && !inside(mark.box, frame, 1)) faults.push(`${mark.what} is cut by the frame`);
  }
  return faults;
}
