import { describe, expect, it } from 'vitest';
import reference from './__fixtures__/numpy-book-loops.json' with { type: 'json' };
import type { Point, Surface } from './surface.js';
import { getSurface, surfaces, UnknownSurfaceError } from './surface-registry.js';

/** f at p moved by steps along the axes: p + Σ h_i e_i. */
function valueNear(surface: Surface, p: Point, ...moves: [axis: number, h: number][]): number {
  const q = [...p];
  for (const [axis, h] of moves) q[axis] = (q[axis] as number) + h;
  return surface.value(q);
}

/**
 * The gradient and Hessian of a surface by central differences of its values alone, so that they do not depend on
 * the surface's own gradient. Their truncation errors are h²/6 times a third derivative (Rosenbrock's 2400 at
 * (1, 1): 4e-10 for the gradient's h = 1e-6) and O(h²) times a fourth; their rounding errors about 1e-16·|f| / h
 * (2e-10 at most here) and 1e-16·|f| / h² (2e-8 with the Hessian's h = 1e-4).
 */
function finiteDifferences(surface: Surface, p: Point): { gradient: number[]; hessian: number[][] } {
  const axes = Array.from({ length: surface.dimension }, (_, i) => i);
  const g = 1e-6;
  const gradient = axes.map((i) => (valueNear(surface, p, [i, g]) - valueNear(surface, p, [i, -g])) / (2 * g));
  const h = 1e-4;
  const hessian = axes.map((i) =>
    axes.map((j) =>
      i === j
        ? (valueNear(surface, p, [i, h]) - 2 * surface.value(p) + valueNear(surface, p, [i, -h])) / (h * h)
        : (valueNear(surface, p, [i, h], [j, h]) - valueNear(surface, p, [i, h], [j, -h]) - valueNear(surface, p, [i, -h], [j, h]) + valueNear(surface, p, [i, -h], [j, -h])) /
          (4 * h * h),
    ),
  );
  return { gradient, hessian };
}

/** The smallest eigenvalue of a symmetric 1×1 or 2×2 matrix. */
function smallestEigenvalue(m: number[][]): number {
  const a = m[0]?.[0] as number;
  if (m.length === 1) return a;
  const [b, d] = [m[0]?.[1] as number, m[1]?.[1] as number];
  return (a + d) / 2 - Math.hypot((a - d) / 2, b);
}

describe('surfaces', () => {
  for (const surface of surfaces) {
    it(`${surface.id}: the exact gradient matches central differences`, () => {
      const [x0, x1] = surface.domain.x;
      const [y0, y1] = surface.domain.y ?? [0, 0];
      const g = [0, 0];
      for (let k = 0; k < 25; k++) {
        // A fixed, irregular set of points across the plotting window.
        const p = [x0 + (x1 - x0) * ((k * 0.618034) % 1), y0 + (y1 - y0) * ((k * 0.414214 + 0.1) % 1)].slice(0, surface.dimension);
        surface.gradient(p, g);
        for (let i = 0; i < surface.dimension; i++) {
          const h = 1e-6;
          const up = [...p];
          const down = [...p];
          up[i] = (up[i] as number) + h;
          down[i] = (down[i] as number) - h;
          const numeric = (surface.value(up) - surface.value(down)) / (2 * h);
          expect(Math.abs((g[i] as number) - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
        }
      }
    });

    it(`${surface.id}: its minima are stationary points with the stated value`, () => {
      const g = [0, 0];
      for (const m of surface.minima) {
        surface.gradient(m.point, g);
        expect(Math.hypot(...g.slice(0, surface.dimension))).toBeLessThan(1e-6);
        expect(surface.value(m.point)).toBeCloseTo(m.value, 9);
      }
    });

    it(`${surface.id}: a listed minimum is 'global' exactly when no other listed minimum is lower`, () => {
      const lowest = Math.min(...surface.minima.map((m) => m.value));
      for (const m of surface.minima) expect(m.kind, `(${m.point.join(', ')})`).toBe(m.value <= lowest + 1e-12 ? 'global' : 'local');
    });

    it(`${surface.id}: its minima are minima by finite differences of its values (gradient 0, Hessian positive definite)`, () => {
      for (const m of surface.minima) {
        const { gradient, hessian } = finiteDifferences(surface, m.point);
        // A minimum misplaced by 1e-6 would show a gradient of about 1e-6 times the Hessian (≥ 0.3 on every surface).
        expect(Math.hypot(...gradient), `gradient at (${m.point.join(', ')})`).toBeLessThan(1e-8);
        expect(smallestEigenvalue(hessian), `Hessian at (${m.point.join(', ')})`).toBeGreaterThan(0.01);
      }
    });
  }

  it('finds surfaces by id and names the known ones otherwise', () => {
    expect(getSurface('canyon').minima[0]?.point).toEqual([1, 0.375]);
    expect(() => getSurface('valley')).toThrow(/Unknown surface 'valley'; known surfaces: parabola, bowl, canyon, two-gaussians, rosenbrock/);
    // Callers (the CLI) tell an unknown id from other errors by its class and name, and read the id back.
    const error = (() => {
      try {
        getSurface('valley');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnknownSurfaceError);
    expect(error).toMatchObject({ name: 'UnknownSurfaceError', id: 'valley' });
    expect(String(error)).toMatch(/^UnknownSurfaceError: Unknown surface 'valley'/);
  });

  it('two-gaussians has the deep minimum near (−1, 1) at about −2 and the shallow one near (1, −1) at about −1', () => {
    const [deep, shallow] = getSurface('two-gaussians').minima;
    expect(deep?.kind).toBe('global');
    expect(deep?.value).toBeCloseTo(-2.019, 3);
    expect(shallow?.value).toBeCloseTo(-1.044, 3);
  });

  it("two-gaussians' minima are where Newton's method in NumPy finds them (scripts/numpy-book-loops-fixtures.py)", () => {
    const surface = getSurface('two-gaussians');
    for (const numpy of reference['two-gaussians-minima']) {
      const ours = surface.minima.find((m) => m.kind === numpy.kind);
      expect(ours?.point, numpy.kind).toHaveLength(2);
      // NumPy solves ∇f = 0 to the last bit; the two agree to a few units of float64 rounding.
      for (const [i, v] of (ours?.point ?? []).entries()) expect(Math.abs(v - (numpy.point[i] as number)), numpy.kind).toBeLessThan(1e-15);
      expect(ours?.value).toBeCloseTo(numpy.value, 14);
      // The Hessian by finite differences of our values has NumPy's exact eigenvalues (to the O(h²) of the differences).
      const { hessian } = finiteDifferences(surface, numpy.point);
      expect(smallestEigenvalue(hessian)).toBeCloseTo(Math.min(...numpy.hessianEigenvalues), 6);
    }
  });
});
