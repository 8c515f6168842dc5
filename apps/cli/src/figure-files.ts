import { extname, join } from 'node:path';
import { contourFigure, curveFigure } from '@descent/plot';
import { svgToPng } from '@descent/plot/png';
import type { FigureSpec } from '@descent/surfaces';
import { UsageError } from './errors.js';
import { writeFileAtomic, type Io } from './io.js';
import { checkOutputFile } from './output-paths.js';

/** A figure description from @descent/surfaces drawn as SVG: a curve for 1D surfaces, a contour map for 2D. */
export function renderFigure(spec: FigureSpec): string {
  const domain = spec.domain ?? spec.surface.domain;
  const { surface } = spec;
  if (surface.dimension === 1) {
    return curveFigure({ f: (x) => surface.value([x]), xDomain: domain.x, paths: spec.paths, marks: spec.marks, title: spec.title, note: spec.note });
  }
  const y = domain.y ?? surface.domain.y ?? domain.x;
  return contourFigure({
    f: (a, b) => surface.value([a, b]),
    xDomain: domain.x,
    yDomain: y,
    paths: spec.paths,
    marks: spec.marks,
    title: spec.title,
    note: spec.note,
    levelScale: surface.plotScale ?? 'linear',
  });
}

/** Checks a --plot file before any work is done (its extension, then its folder), so a typo costs nothing. */
export function checkFigureFile(io: Io, flag: string, file: string): void {
  const ext = extname(file).toLowerCase();
  if (ext !== '.svg' && ext !== '.png') throw new UsageError(`${flag} expects a file ending in .svg or .png, got '${file}'`);
  checkOutputFile(io, flag, file);
}

/** Writes the figure as SVG or PNG by the file's extension; returns the absolute path written. */
export function writeFigure(io: Io, spec: FigureSpec | string, file: string): string {
  const svg = typeof spec === 'string' ? spec : renderFigure(spec);
  return writeFileAtomic(io, file, extname(file).toLowerCase() === '.png' ? svgToPng(svg) : svg);
}

/** Writes `<dir>/<name>.svg` and `<dir>/<name>.png`. */
export function writeFigurePair(io: Io, spec: FigureSpec, dir: string, name: string): string[] {
  const svg = renderFigure(spec);
  return [writeFigure(io, svg, join(dir, `${name}.svg`)), writeFigure(io, svg, join(dir, `${name}.png`))];
}
