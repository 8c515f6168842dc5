import { createRequire } from 'node:module';
import type * as ResvgModule from '@resvg/resvg-js';

/** Options of `svgToPng`. */
export interface PngOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. Default: twice the SVG's width. */
  readonly width?: number;
}

/** Whether `error` says that `name` itself could not be found (not a module it imports, not a broken binary). */
function isMissing(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e !== null && typeof e === 'object' && e.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${name}'`);
}

/**
 * Loads resvg with `load` (Node's `require` from this module), or throws one line saying how to install it. resvg is
 * an optional peer dependency: its native binaries are a large download that only PNG output needs. It is a
 * CommonJS package, so `require` loads it synchronously and `svgToPng` stays synchronous.
 */
export function loadResvg(load: (name: string) => unknown = createRequire(import.meta.url)): typeof ResvgModule {
  try {
    return load('@resvg/resvg-js') as typeof ResvgModule;
  } catch (error) {
    if (isMissing(error, '@resvg/resvg-js')) {
      throw new Error('@descent/plot/png needs @resvg/resvg-js, an optional peer dependency: install it with npm install @resvg/resvg-js@^2.6.2', {
        cause: error,
      });
    }
    throw error;
  }
}

let resvg: typeof ResvgModule | undefined;

/**
 * Renders an SVG from this package to PNG bytes with resvg (Node only: a separate entry point, so browser bundles
 * never load the native renderer). System fonts are used for the text. Needs the optional peer dependency
 * `@resvg/resvg-js`; without it, throws an error that says so.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  resvg ??= loadResvg();
  const declared = /width="(\d+)"/.exec(svg)?.[1];
  const width = options.width ?? (declared === undefined ? 1200 : Number(declared) * 2);
  const renderer = new resvg.Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return renderer.render().asPng();
}
