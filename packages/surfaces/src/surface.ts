/** A point in the plane, or on the line (length 1). */
export type Point = readonly number[];

/** A known minimum (or maximum) of a surface: where it is, its value, and whether it is the global one. */
export interface Extremum {
  readonly point: Point;
  readonly value: number;
  readonly kind: 'global' | 'local';
}

/**
 * A test function with its exact gradient. `value` and `gradient` take a point of length `dimension` and allocate
 * nothing, so trajectories of many steps are cheap.
 */
export interface Surface {
  readonly id: string;
  readonly name: string;
  readonly dimension: 1 | 2;
  /** The function in LaTeX. */
  readonly formula: string;
  readonly description: string;
  /** The equation number in chapter 11, where the book has one. */
  readonly bookEquation?: string;
  /** The plotting window: x range, and y range for 2D surfaces. */
  readonly domain: { readonly x: readonly [number, number]; readonly y?: readonly [number, number] };
  /** Where a run starts when the caller does not say (the book's first start where it has one). */
  readonly defaultStart: Point;
  /** How contour levels are best spaced on a figure: `log` for valleys that span orders of magnitude. */
  readonly plotScale?: 'linear' | 'log';
  /** Known minima; a saddle has none. */
  readonly minima: readonly Extremum[];
  /** f(p), for a point of length `dimension`. */
  value(p: ArrayLike<number>): number;
  /** Writes ∇f(p) into `out` (length `dimension`). */
  gradient(p: ArrayLike<number>, out: { [i: number]: number }): void;
}

/** The minimum with the lowest value; undefined when the surface has none. */
export function globalMinimum(surface: Surface): Extremum | undefined {
  let best: Extremum | undefined;
  for (const m of surface.minima) if (best === undefined || m.value < best.value) best = m;
  return best;
}

/** The nearest known minimum to a point: which basin a run ended in. */
export function nearestMinimum(surface: Surface, point: Point): Extremum | undefined {
  let best: Extremum | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const m of surface.minima) {
    let d = 0;
    for (let i = 0; i < m.point.length; i++) d += ((point[i] as number) - (m.point[i] as number)) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = m;
    }
  }
  return best;
}
