// Small helpers for writing SVG as text, so figures render the same in Node (for files and PNG) and in browsers.

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const num = (v: number): string => (Number.isFinite(v) ? Number(v.toFixed(2)).toString() : '0');

export function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v as string)}"`)
    .join('');
}

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** A whole SVG document: white behind the body unless `opaque` is false (a layer drawn over another figure). */
export function svgDocument(width: number, height: number, body: string[], title?: string, opaque = true): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${String(width)}" height="${String(height)}" viewBox="0 0 ${String(width)} ${String(height)}" font-family="${FONT}" font-size="12">`,
    title === undefined ? '' : `<title>${escapeXml(title)}</title>`,
    opaque ? `<rect width="${String(width)}" height="${String(height)}" fill="#ffffff"/>` : '',
    ...body,
    '</svg>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
