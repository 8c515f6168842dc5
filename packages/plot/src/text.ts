// Text widths for laying out figures without a renderer (the same code runs in browsers, where there is no resvg).
//
// The figures ask for DejaVu Sans first (svg.ts's FONT). The advance widths below are DejaVu Sans's and DejaVu Sans
// Bold's own (read from the Debian fonts' hmtx tables), in hundredths of an em rounded up. DejaVu is wider than the
// fallbacks (Helvetica, Arial), so a width computed here is at least the drawn one whichever of them renders the
// text. A character missing from the table counts as 1.11 em, the widest glyph among those listed.

const CHARACTERS =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ημ±−’‘“”×…–—·≈²³¹⁰⁻√∞≤≥ΔθαβγλσÅéèüöä∑∂∇';

// prettier-ignore
const REGULAR = [
  32, 41, 46, 84, 64, 96, 78, 28, 40, 40, 50, 84, 32, 37, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84,
  84, 54, 100, 69, 69, 70, 78, 64, 58, 78, 76, 30, 30, 66, 56, 87, 75, 79, 61, 79, 70, 64, 62, 74, 69, 99, 69, 62, 69, 40,
  34, 40, 84, 50, 50, 62, 64, 55, 64, 62, 36, 64, 64, 28, 28, 58, 28, 98, 64, 62, 64, 64, 42, 53, 40, 64, 60, 82, 60, 60,
  53, 64, 34, 64, 84, 64, 64, 84, 84, 32, 32, 52, 52, 84, 100, 50, 100, 32, 84, 41, 41, 41, 41, 53, 64, 84, 84, 84, 69,
  62, 66, 64, 60, 60, 64, 69, 62, 62, 64, 62, 62, 68, 52, 67,
];

// prettier-ignore
const BOLD = [
  35, 46, 53, 84, 70, 101, 88, 31, 46, 46, 53, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84,
  84, 59, 100, 78, 77, 74, 84, 69, 69, 83, 84, 38, 38, 78, 64, 100, 84, 86, 74, 86, 78, 73, 69, 82, 78, 111, 78, 73, 73,
  46, 37, 46, 84, 50, 50, 68, 72, 60, 72, 68, 44, 72, 72, 35, 35, 67, 35, 105, 72, 69, 72, 72, 50, 60, 48, 72, 66, 93, 65,
  66, 59, 72, 37, 72, 84, 72, 74, 84, 84, 38, 38, 66, 66, 84, 100, 50, 100, 38, 84, 44, 44, 44, 44, 53, 67, 84, 84, 84,
  78, 69, 69, 72, 69, 64, 78, 78, 68, 68, 72, 69, 68, 72, 55, 70,
];

const UNKNOWN = 111;

function table(widths: readonly number[]): ReadonlyMap<string, number> {
  return new Map(Array.from(CHARACTERS).map((c, i) => [c, widths[i] ?? UNKNOWN]));
}

const REGULAR_WIDTHS = table(REGULAR);
const BOLD_WIDTHS = table(BOLD);

/** The width in pixels of `text` drawn at `fontSize` (never less than DejaVu Sans draws it). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const widths = bold ? BOLD_WIDTHS : REGULAR_WIDTHS;
  let hundredths = 0;
  for (const c of text) hundredths += widths.get(c) ?? UNKNOWN;
  return (hundredths / 100) * fontSize;
}

/**
 * Breaks `text` at spaces into lines no wider than `maxWidth`, so a long title wraps instead of running off the
 * figure. A single word wider than the limit is cut with an ellipsis rather than left to overflow.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidth(candidate, fontSize, bold) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => (textWidth(l, fontSize, bold) <= maxWidth ? l : truncate(l, maxWidth, fontSize, bold)));
}

function truncate(word: string, maxWidth: number, fontSize: number, bold: boolean): string {
  const chars = Array.from(word);
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, fontSize, bold) > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}
