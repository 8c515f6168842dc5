import { momentumPlugin } from '@descent/optimizer-momentum';
import { nesterovPlugin } from '@descent/optimizer-nesterov';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { describe, expect, it } from 'vitest';
import reference from './__fixtures__/numpy-book-loops.json' with { type: 'json' };
import { bookGradientDescent, bookMomentum, bookNesterov } from './book-loops.js';
import { bowl, canyon, parabola, twoGaussians } from './chapter-surfaces.js';
import { runTrajectory } from './trajectory.js';

const at = (points: number[][], digits: number) => (points[points.length - 1] as number[]).map((v) => Number(v.toFixed(digits)));

/**
 * Every point of a trajectory against the NumPy reference (scripts/numpy-book-loops-fixtures.py). Both are float64
 * with the same operations in the same order; only exp may round differently in its last bit in NumPy and V8, and
 * the loops contract towards a minimum, so such a difference stays near 1e-16 (1e-14 leaves a margin of 30).
 */
function expectClose(ours: readonly (readonly number[])[], numpy: readonly (readonly number[])[]): void {
  expect(ours).toHaveLength(numpy.length);
  ours.forEach((p, i) => {
    p.forEach((v, k) => {
      const r = numpy[i]?.[k] as number;
      expect(Math.abs(v - r), `point ${String(i)}, coordinate ${String(k)}: ours ${String(v)}, NumPy ${String(r)}`).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(r)));
    });
  });
}

describe("the book's loops give the book's numbers", () => {
  it('gd_1d.py: 15 steps of η = 0.03 from −0.9 end at 0.997648 (figure 11-1)', () => {
    expect(at(bookGradientDescent(parabola, [-0.9], 0.03, 15), 6)).toEqual([0.997648]);
  });

  it('gd_multiple.py updates x first: from (1.5, −1.8), 9 steps end at (0.932794, −0.933124)', () => {
    expect(at(bookGradientDescent(twoGaussians, [1.5, -1.8], 0.4, 9, 'x-then-y'), 6)).toEqual([0.932794, -0.933124]);
  });

  it('gd_1d_momentum.py: 50 steps end at 1.000215 (figure 11-6)', () => {
    expect(at(bookMomentum(parabola, [0.75], 0.09, 0.8, 50), 6)).toEqual([1.000215]);
  });

  it('gd_momentum.py: Table 11-2 momentum column', () => {
    expect(at(bookMomentum(twoGaussians, [0.7, -0.2], 0.1, 0.9, 25), 4)).toEqual([0.8807, -0.9063]);
    expect(at(bookMomentum(twoGaussians, [1.5, 1.5], 0.02, 0.9, 90), 4)).toEqual([-0.9496, 0.9809]);
  });

  it('gd_nesterov.py looks ahead one axis at a time: Table 11-2 Nesterov column', () => {
    expect(at(bookNesterov(twoGaussians, [0.7, -0.2], 0.1, 0.9, 25, 'per-axis'), 4)).toEqual([0.9128, -0.9181]);
    expect(at(bookNesterov(twoGaussians, [1.5, 1.5], 0.02, 0.9, 90, 'per-axis'), 4)).toEqual([-0.9718, 0.9813]);
  });

});

// The book printed no numbers for the standard updates (simultaneous gradient descent, the full look-ahead of
// Nesterov), so they, and every point of every path, come from the NumPy reference instead.
describe('the loops follow the NumPy reference point by point', () => {
  it('gradient descent on the parabola, the bowl and the canyon (figures 11-1 to 11-4)', () => {
    for (const id of ['fig-11-1', 'fig-11-2'] as const) {
      const r = reference[id];
      expectClose(bookGradientDescent(parabola, r.start, r.eta, r.steps), r.points);
    }
    for (const r of reference['fig-11-3']) expectClose(bookGradientDescent(bowl, r.start, r.eta, r.steps), r.points);
    for (const r of reference['fig-11-4']) expectClose(bookGradientDescent(canyon, r.start, r.eta, r.steps), r.points);
  });

  it('gradient descent on two Gaussians, x then y and simultaneous (Table 11-1)', () => {
    for (const r of reference['table-11-1']) {
      expectClose(bookGradientDescent(twoGaussians, r.start, r.eta, r.steps, 'x-then-y'), r.xThenY);
      expectClose(bookGradientDescent(twoGaussians, r.start, r.eta, r.steps, 'simultaneous'), r.simultaneous);
    }
  });

  it('momentum, the book’s per-axis Nesterov and the full look-ahead ∇f(x + μv) (figures 11-6, 11-7, Table 11-2)', () => {
    const r = reference['fig-11-6'];
    expectClose(bookMomentum(parabola, r.start, r.eta, r.mu, r.steps), r.points);
    for (const t of reference['table-11-2']) {
      expectClose(bookMomentum(twoGaussians, t.start, t.eta, t.mu, t.steps), t.momentum);
      expectClose(bookNesterov(twoGaussians, t.start, t.eta, t.mu, t.steps, 'per-axis'), t.nesterovPerAxis);
      expectClose(bookNesterov(twoGaussians, t.start, t.eta, t.mu, t.steps, 'full'), t.nesterovFull);
    }
  });
});

describe("the loops' defaults and their 1D forms", () => {
  it('gradient descent updates simultaneously and Nesterov looks ahead in full unless told otherwise', () => {
    const r = reference['table-11-1'][1];
    expectClose(bookGradientDescent(twoGaussians, r?.start ?? [], r?.eta ?? 0, r?.steps ?? 0), r?.simultaneous ?? []);
    const t = reference['table-11-2'][0];
    expectClose(bookNesterov(twoGaussians, t?.start ?? [], t?.eta ?? 0, t?.mu ?? 0, t?.steps ?? 0), t?.nesterovFull ?? []);
  });

  it('on the line, x then y is plain gradient descent and the per-axis look-ahead is the full one', () => {
    const r = reference['fig-11-1'];
    expectClose(bookGradientDescent(parabola, r.start, r.eta, r.steps, 'x-then-y'), r.points);
    const full = bookNesterov(parabola, [0.75], 0.09, 0.8, 20, 'full');
    expect(full[20]?.[0]).toBeCloseTo(1, 2);
    expectClose(bookNesterov(parabola, [0.75], 0.09, 0.8, 20, 'per-axis'), full);
  });

  it('refuses a start that does not fit the surface, as runTrajectory does', () => {
    const message = 'Start [1] does not fit bowl: expected 2 finite numbers';
    expect(() => bookGradientDescent(bowl, [1], 0.1, 3)).toThrow(message);
    expect(() => bookMomentum(bowl, [1], 0.1, 0.9, 3)).toThrow(message);
    expect(() => bookNesterov(bowl, [1], 0.1, 0.9, 3)).toThrow(message);
  });
});

describe('the optimizer packages agree with the book’s loops', () => {
  it('sgd is the simultaneous update', () => {
    const book = bookGradientDescent(bowl, [-0.5, 2.9], 0.02, 12);
    const ours = runTrajectory({ surface: bowl, optimizer: sgdPlugin, options: { lr: 0.02 }, start: [-0.5, 2.9], steps: 12 });
    ours.points.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(book[i]?.[0] as number, 13);
      expect(p[1]).toBeCloseTo(book[i]?.[1] as number, 13);
    });
  });

  it('momentum is equation 11.5 with v = −ηb', () => {
    const book = bookMomentum(twoGaussians, [1.5, 1.5], 0.02, 0.9, 90);
    const ours = runTrajectory({ surface: twoGaussians, optimizer: momentumPlugin, options: { lr: 0.02, momentum: 0.9 }, start: [1.5, 1.5], steps: 90 });
    ours.points.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(book[i]?.[0] as number, 12);
      expect(p[1]).toBeCloseTo(book[i]?.[1] as number, 12);
    });
  });

  it('nesterov stores the look-ahead point x + μv of equation 11.6', () => {
    const mu = 0.9;
    const book = bookNesterov(twoGaussians, [0.7, -0.2], 0.1, mu, 25, 'full');
    const ours = runTrajectory({ surface: twoGaussians, optimizer: nesterovPlugin, options: { lr: 0.1, momentum: mu }, start: [0.7, -0.2], steps: 25 });
    for (let i = 1; i < book.length; i++) {
      const x = book[i] as number[];
      const prev = book[i - 1] as number[];
      // v_i = x_i − x_{i−1}
      expect(ours.points[i]?.[0]).toBeCloseTo((x[0] as number) + mu * ((x[0] as number) - (prev[0] as number)), 12);
      expect(ours.points[i]?.[1]).toBeCloseTo((x[1] as number) + mu * ((x[1] as number) - (prev[1] as number)), 12);
    }
  });

  it('runTrajectory records values and gradient norms, and rejects a start of the wrong size', () => {
    const t = runTrajectory({ surface: parabola, optimizer: sgdPlugin, options: { lr: 0.03 }, start: [-0.9], steps: 3 });
    expect(t.points).toHaveLength(4);
    expect(t.values[0]).toBeCloseTo(6 * 0.81 + 12 * 0.9 + 3, 12);
    expect(t.gradientNorms[0]).toBeCloseTo(22.8, 12);
    expect(() => runTrajectory({ surface: bowl, optimizer: sgdPlugin, start: [1], steps: 3 })).toThrow(
      'Start [1] does not fit bowl: expected 2 finite numbers',
    );
  });
});
