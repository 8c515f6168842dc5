import { momentumPlugin } from '@descent/optimizer-momentum';
import { nesterovPlugin } from '@descent/optimizer-nesterov';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { describe, expect, it } from 'vitest';
import { bookGradientDescent, bookMomentum, bookNesterov } from './book-loops.js';
import { bowl, parabola, twoGaussians } from './chapter-surfaces.js';
import { runTrajectory } from './trajectory.js';

const at = (points: number[][], digits: number) => (points[points.length - 1] as number[]).map((v) => Number(v.toFixed(digits)));

describe("the book's loops give the book's numbers", () => {
  it('gd_1d.py: 15 steps of η = 0.03 from −0.9 end at 0.997648 (figure 11-1)', () => {
    expect(at(bookGradientDescent(parabola, [-0.9], 0.03, 15), 6)).toEqual([0.997648]);
  });

  it('gd_multiple.py updates x first: from (1.5, −1.8), 9 steps end at (0.932794, −0.933124)', () => {
    expect(at(bookGradientDescent(twoGaussians, [1.5, -1.8], 0.4, 9, 'x-then-y'), 6)).toEqual([0.932794, -0.933124]);
    expect(at(bookGradientDescent(twoGaussians, [1.5, -1.8], 0.4, 9, 'simultaneous'), 6)).toEqual([0.934347, -0.938517]);
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

  it('the full look-ahead ∇f(x + μv) ends at (0.899001, −0.898292) and (−0.971728, 0.980436)', () => {
    expect(at(bookNesterov(twoGaussians, [0.7, -0.2], 0.1, 0.9, 25, 'full'), 6)).toEqual([0.899001, -0.898292]);
    expect(at(bookNesterov(twoGaussians, [1.5, 1.5], 0.02, 0.9, 90, 'full'), 6)).toEqual([-0.971728, 0.980436]);
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
