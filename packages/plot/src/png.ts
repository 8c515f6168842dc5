import { Resvg } from '@resvg/resvg-js';

export interface PngOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. Default: twice the SVG's width. */
  readonly width?: number;
}

/**
 * Renders an SVG from this package to PNG bytes with resvg (Node only: a separate entry point, so browser bundles
 * never load the native renderer). System fonts are used for the text.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const declared = /width="(\d+)"/.exec(svg)?.[1];
  const width = options.width ?? (declared === undefined ? 1200 : Number(declared) * 2);
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return renderer.render().asPng();
}
