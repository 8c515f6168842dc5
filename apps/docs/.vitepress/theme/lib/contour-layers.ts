import { contourFigure, type ContourFigureOptions } from '@descent/plot';
import type { Surface } from '@descent/surfaces';
import type { MapLayout } from './start-point';
import { svgUrl } from './svg';

// A 2D demo's map is two images, one over the other: the surface's contours, which take a grid of f values and
// marching squares (90,000 samples for a log-scaled surface), and the paths over them on a transparent layer. While
// a path animates, a frame per step, only the paths are drawn again; the contours come from this cache.

/** How many contour images are kept: every surface in a view or two, so switching back is instant. */
const KEPT = 24;
const cache = new Map<string, string>();

/** The cache's key: everything the contour layer depends on (the surface, the view, the title and the size). */
export function contourKey(surface: Pick<Surface, 'id'>, layout: MapLayout, size: { width?: number; height?: number } = {}): string {
  return JSON.stringify([surface.id, layout.xDomain, layout.yDomain, layout.title ?? null, size.width ?? null, size.height ?? null]);
}

/** The contours of a surface in a view, as an image URL: drawn once per (surface, view, size), then from the cache. */
export function contourImage(surface: Surface, layout: MapLayout, size: { width?: number; height?: number } = {}): string {
  const key = contourKey(surface, layout, size);
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Most recently used last, so the oldest entry is the first to go.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const url = svgUrl(
    contourFigure({
      f: (x, y) => surface.value([x, y]),
      ...layout,
      ...size,
      levelScale: surface.plotScale ?? 'linear',
      layer: 'contours',
    }),
  );
  cache.set(key, url);
  if (cache.size > KEPT) cache.delete(cache.keys().next().value as string);
  return url;
}

/** The paths (and the surface's minima as marks) over a map drawn by `contourImage` with the same layout and size. */
export function pathsImage(surface: Surface, layout: MapLayout, paths: NonNullable<ContourFigureOptions['paths']>, size: { width?: number; height?: number } = {}): string {
  return svgUrl(
    contourFigure({
      f: () => 0, // the paths layer never evaluates f
      ...layout,
      ...size,
      marks: surface.minima.map((m) => m.point),
      paths,
      layer: 'paths',
    }),
  );
}

/** How many contour images the cache holds (for tests). */
export const cachedContourCount = (): number => cache.size;
