import { checkStart } from './trajectory.js';
import type { Point, Surface } from './surface.js';

// The chapter's own loops, as its Python listings write them, so that a faithful reproduction shows their quirks
// beside the standard updates (chapter spec §3). Each returns steps + 1 points, the start first.

/** How the book's 2D loops update the coordinates: both from one gradient (`simultaneous`), or x first and then y from a gradient taken at the new x (`x-then-y`, gd_multiple.py). */
export type BookUpdateOrder = 'simultaneous' | 'x-then-y';

/**
 * Gradient descent as in gd_1d.py / gd_2d.py / gd_multiple.py (eq. 11.1). `x-then-y` is gd_multiple's order:
 * x is updated first and ∂f/∂y is then evaluated at the new x; `simultaneous` is the usual update.
 */
export function bookGradientDescent(surface: Surface, start: Point, eta: number, steps: number, order: BookUpdateOrder = 'simultaneous'): number[][] {
  checkStart(surface, start);
  const p = [...start];
  const g = new Array<number>(surface.dimension).fill(0);
  const points = [[...p]];
  for (let i = 0; i < steps; i++) {
    surface.gradient(p, g);
    if (order === 'x-then-y' && surface.dimension === 2) {
      p[0] = (p[0] as number) - eta * (g[0] as number);
      surface.gradient(p, g);
      p[1] = (p[1] as number) - eta * (g[1] as number);
    } else {
      for (let k = 0; k < p.length; k++) p[k] = (p[k] as number) - eta * (g[k] as number);
    }
    points.push([...p]);
  }
  return points;
}

/** Momentum as gd_1d_momentum.py / gd_momentum.py write equation 11.5: v ← μv − η∇f(x); x ← x + v, v₀ = 0. */
export function bookMomentum(surface: Surface, start: Point, eta: number, mu: number, steps: number): number[][] {
  checkStart(surface, start);
  const p = [...start];
  const v = new Array<number>(surface.dimension).fill(0);
  const g = new Array<number>(surface.dimension).fill(0);
  const points = [[...p]];
  for (let i = 0; i < steps; i++) {
    surface.gradient(p, g);
    for (let k = 0; k < p.length; k++) {
      v[k] = mu * (v[k] as number) - eta * (g[k] as number);
      p[k] = (p[k] as number) + (v[k] as number);
    }
    points.push([...p]);
  }
  return points;
}

/** Where the Nesterov loop takes its gradient: looking ahead one axis at a time, as the book's listing does (`per-axis`), or at the full look-ahead point (`full`). */
export type NesterovLookAhead = 'per-axis' | 'full';

/**
 * Nesterov momentum, equation 11.6: v ← μv − η∇f(x + μv); x ← x + v.
 * `per-axis` is the book's gd_nesterov.py, which Table 11-2 prints: ∂f/∂x at (x + μvx, y) and ∂f/∂y at
 * (x, y + μvy). `full` evaluates the whole gradient at the look-ahead point x + μv, as the equation says.
 */
export function bookNesterov(
  surface: Surface,
  start: Point,
  eta: number,
  mu: number,
  steps: number,
  lookAhead: NesterovLookAhead = 'full',
): number[][] {
  checkStart(surface, start);
  const p = [...start];
  const v = new Array<number>(surface.dimension).fill(0);
  const g = new Array<number>(surface.dimension).fill(0);
  const ahead = new Array<number>(surface.dimension).fill(0);
  const points = [[...p]];
  for (let i = 0; i < steps; i++) {
    if (lookAhead === 'full') {
      for (let k = 0; k < p.length; k++) ahead[k] = (p[k] as number) + mu * (v[k] as number);
      surface.gradient(ahead, g);
      for (let k = 0; k < p.length; k++) v[k] = mu * (v[k] as number) - eta * (g[k] as number);
    } else {
      for (let k = 0; k < p.length; k++) {
        for (let j = 0; j < p.length; j++) ahead[j] = p[j] as number;
        ahead[k] = (p[k] as number) + mu * (v[k] as number);
        surface.gradient(ahead, g);
        v[k] = mu * (v[k] as number) - eta * (g[k] as number);
      }
    }
    for (let k = 0; k < p.length; k++) p[k] = (p[k] as number) + (v[k] as number);
    points.push([...p]);
  }
  return points;
}
