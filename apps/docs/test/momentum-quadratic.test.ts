import { describe, expect, it } from 'vitest';
import { componentLosses, eigenvalues, measuredRate, optimum, theoryRate } from '../.vitepress/theme/lib/momentum-quadratic';

// The Distill-style momentum demo's numbers: runs of the momentum package on ½ Σ λᵢwᵢ², against Goh's closed form.
describe('momentum on a quadratic', () => {
  it('eigenvalues span [1/κ, 1] geometrically', () => {
    const l = eigenvalues(100);
    expect(l).toHaveLength(3);
    expect(l[0]).toBeCloseTo(0.01, 12);
    expect(l[1]).toBeCloseTo(0.1, 12);
    expect(l[2]).toBeCloseTo(1, 12);
  });

  it("the optimizer's measured rate agrees with the closed form, at the optimum and away from it", () => {
    const l = eigenvalues(100);
    for (const [lr, momentum] of [
      [1, 0.5],
      [0.5, 0.9],
      [2.5, 0.2],
    ] as const) {
      expect(Math.abs(measuredRate(l, lr, momentum, 400) - theoryRate(l, lr, momentum)), `η ${String(lr)} μ ${String(momentum)}`).toBeLessThan(0.01);
    }
    const best = optimum(l);
    expect(best.rate).toBeCloseTo(9 / 11, 12); // (√100 − 1)/(√100 + 1)
    expect(theoryRate(l, best.lr, best.momentum)).toBeCloseTo(best.rate, 6);
    // No point of a coarse grid beats the optimum.
    for (let lr = 0.1; lr < 4; lr += 0.1) for (let m = 0; m < 1; m += 0.05) expect(theoryRate(l, lr, m)).toBeGreaterThanOrEqual(best.rate - 1e-9);
  });

  it('a step too large for the largest eigenvalue diverges: the rate is capped above 1', () => {
    const l = eigenvalues(10);
    expect(measuredRate(l, 4.5, 0.5)).toBeGreaterThan(1);
    expect(theoryRate(l, 4.5, 0.5)).toBeGreaterThan(1);
  });

  it("each eigen-component's loss falls at its own pace: the small eigenvalue's slowest without momentum", () => {
    const [slow = [], , fast = []] = componentLosses(eigenvalues(100), 1, 0, 50);
    expect(slow).toHaveLength(51);
    expect(slow[0]).toBeCloseTo(0.005, 12); // ½ · 0.01 · 1²
    expect(fast[1]).toBe(0); // ηλ = 1: the stiffest component is gone in one step
    expect((slow[50] ?? 0) / (slow[0] ?? 1)).toBeCloseTo(0.99 ** 100, 10); // (1 − ηλ)² per step
  });
});
