import { placeLegend, type Box } from './paths.js';
import { attrs, escapeXml } from './svg.js';
import { textWidth } from './text.js';

const FONT_SIZE = 12;
const PADDING = 6;

/**
 * A one-line remark inside the plot box ("diverged at step 7"): text on a white box, placed as a legend is, where it
 * covers the least of the obstacles. It is drawn as a legend (`class="legend"`), so the layout check holds it to the
 * same rules: inside the figure, over no marker or line. The legend placed after it must avoid `boxes`.
 */
export function figureNote(
  text: string | undefined,
  fr: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number },
  obstacles: readonly Box[],
): { svg: string[]; boxes: Box[] } {
  if (text === undefined || text === '') return { svg: [], boxes: [] };
  const size = { width: Math.ceil(textWidth(text, FONT_SIZE) + 2 * PADDING), height: FONT_SIZE + 2 * PADDING };
  const at = placeLegend(size, { x0: fr.left, y0: fr.top, x1: fr.right, y1: fr.bottom }, obstacles);
  const svg = [
    '<g class="legend">',
    `<rect${attrs({ x: at.x0, y: at.y0, width: size.width, height: size.height, fill: '#ffffff', 'fill-opacity': 0.9, stroke: '#888888', rx: 3 })}/>`,
    `<text${attrs({ x: at.x0 + PADDING, y: at.y1 - PADDING - 2, 'font-style': 'italic' })}>${escapeXml(text)}</text>`,
    '</g>',
  ];
  return { svg, boxes: [{ x0: at.x0, y0: at.y0, x1: at.x1, y1: at.y1 }] };
}
