import { sgdPlugin } from '@descent/optimizer-sgd';
import { describe, expect, it } from 'vitest';
import { bowl, parabola } from './chapter-surfaces.js';
import type { Surface } from './surface.js';
import { checkStart, runTrajectory } from './trajectory.js';

describe('runTrajectory records what each step reached', () => {
  it('points, f and |∇f| of SGD on the parabola, by hand', () => {
    // x₀ = −0.9: f = 6·0.81 + 10.8 + 3 = 18.66, f′ = 12·(−0.9) − 12 = −22.8.
    // x₁ = −0.9 − 0.03·(−22.8) = −0.216: f = 6·0.046656 + 2.592 + 3 = 5.871936, f′ = −14.592.
    // x₂ = −0.216 + 0.03·14.592 = 0.22176: f = 6·0.0491775 − 2.66112 + 3 = 0.633945..., f′ = −9.33888.
    const t = runTrajectory({ surface: parabola, optimizer: sgdPlugin, options: { lr: 0.03 }, start: [-0.9], steps: 2 });
    const expected = [
      [-0.9, 18.66, 22.8],
      [-0.216, 5.871936, 14.592],
      [0.22176, 6 * 0.22176 ** 2 - 12 * 0.22176 + 3, 9.33888],
    ];
    expect(t.points).toHaveLength(3);
    expected.forEach(([x, f, norm], i) => {
      expect(t.points[i]?.[0]).toBeCloseTo(x as number, 12);
      expect(t.values[i]).toBeCloseTo(f as number, 12);
      expect(t.gradientNorms[i]).toBeCloseTo(norm as number, 12);
    });
  });

  it('|∇f| is the Euclidean norm of both components on a 2D surface', () => {
    // ∇f(−0.5, 2.9) on the bowl = (12·(−0.5) − 12, 18·2.9 − 14) = (−18, 38.2).
    const t = runTrajectory({ surface: bowl, optimizer: sgdPlugin, options: { lr: 0.01 }, start: [-0.5, 2.9], steps: 0 });
    expect(t.points).toEqual([[-0.5, 2.9]]);
    expect(t.gradientNorms[0]).toBeCloseTo(Math.hypot(18, 38.2), 12);
    expect(t.values[0]).toBeCloseTo(6 * 0.25 + 9 * 2.9 ** 2 + 6 - 14 * 2.9 + 3, 12);
  });

  it('stops when the point leaves the doubles even while f and ∇f stay finite', () => {
    // f = atan(x) stays within ±π/2 and its made-up gradient 1e308 is finite, but x − 10·1e308 overflows to −∞.
    const flat: Surface = { ...parabola, id: 'flat', value: (p) => Math.atan(p[0] as number), gradient: (_p, out) => void (out[0] = 1e308) };
    const t = runTrajectory({ surface: flat, optimizer: sgdPlugin, options: { lr: 10 }, start: [0], steps: 3 });
    expect(t.diverged).toEqual({ step: 1 });
    expect(t.points).toEqual([[0]]);
  });

  it('rejects a step count that is not a whole number ≥ 0', () => {
    for (const steps of [-1, 2.5, Number.NaN]) {
      expect(() => runTrajectory({ surface: parabola, optimizer: sgdPlugin, start: [0], steps })).toThrow(
        new RangeError(`steps must be a whole number ≥ 0, got ${String(steps)}`),
      );
    }
  });
});

describe('checkStart names what a start lacks', () => {
  it('the wrong number of coordinates, or one that is not finite', () => {
    expect(() => {
      checkStart(parabola, [1, 2]);
    }).toThrow(new RangeError('Start [1,2] does not fit parabola: expected 1 finite number'));
    expect(() => {
      checkStart(bowl, [1]);
    }).toThrow(new RangeError('Start [1] does not fit bowl: expected 2 finite numbers'));
    expect(() => {
      checkStart(bowl, [Number.POSITIVE_INFINITY, 0]);
    }).toThrow(new RangeError('Start [null,0] does not fit bowl: expected 2 finite numbers'));
  });

  it('a gradient that is not finite where f is', () => {
    const steep: Surface = { ...parabola, id: 'steep', gradient: (_p, out) => void (out[0] = Number.NaN) };
    expect(() => {
      checkStart(steep, [0.5]);
    }).toThrow(new RangeError('Start [0.5] does not fit steep: f or its gradient is not finite there (f = -1.5)'));
  });
});
