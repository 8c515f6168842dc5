import { describe, expect, it } from 'vitest';
import { holmAdjust } from './holm.js';
import { performanceProfile, performanceRatios, profileScores, tauGrid } from './profile.js';

// Three workloads, two optimizers, worked by hand:
//   w1: A 100, B 200  → ratios A 1,  B 2
//   w2: A 300, B 100  → ratios A 3,  B 1
//   w3: A never, B 400 → ratios A ∞, B 1
// ρ_A = 1/3 on [1, 3), 2/3 on [3, 4]; ρ_B = 2/3 on [1, 2), 1 on [2, 4].
// Area over [1, 4]: A = (4 − 1) + (4 − 3) = 4 workload-units → 4 / (3 · 3) = 4/9; B = 3 + 2 + 3 = 8 → 8/9.
const steps = [
  [100, 200],
  [300, 100],
  [null, 400],
];

describe('performance profiles', () => {
  it('ratios divide by the fewest steps on each workload; never is ∞', () => {
    expect(performanceRatios(steps)).toEqual([
      [1, 2],
      [3, 1],
      [Infinity, 1],
    ]);
    // No optimizer reached the target: nobody gets credit there.
    expect(performanceRatios([[null, null]])).toEqual([[Infinity, Infinity]]);
  });

  it('ρ(τ) is the fraction of workloads within τ × the best', () => {
    const tau = [1, 1.5, 2, 2.5, 3, 4];
    const [a, b] = performanceProfile(['A', 'B'], steps, tau);
    expect(a?.rho).toEqual([1 / 3, 1 / 3, 1 / 3, 1 / 3, 2 / 3, 2 / 3]);
    expect(b?.rho).toEqual([2 / 3, 2 / 3, 1, 1, 1, 1]);
    expect(a?.optimizer).toBe('A');
  });

  it('the score is the area under ρ over [1, 4] divided by 3', () => {
    const scores = profileScores(['A', 'B'], steps);
    expect(scores.A).toBeCloseTo(4 / 9, 12);
    expect(scores.B).toBeCloseTo(8 / 9, 12);
    // The same area by the trapezoid rule on a fine grid (ρ is a step function, so only the jumps differ).
    const tau = tauGrid(4, 0.001);
    const [, b] = performanceProfile(['A', 'B'], steps, tau);
    let area = 0;
    for (let i = 1; i < tau.length; i++) area += (((b?.rho[i] ?? 0) + (b?.rho[i - 1] ?? 0)) / 2) * ((tau[i] as number) - (tau[i - 1] as number));
    expect(area / 3).toBeCloseTo(8 / 9, 3);
  });

  it('fastest everywhere scores 1; never reaching anything scores 0', () => {
    expect(profileScores(['fast', 'never'], [[10, null], [20, null]])).toEqual({ fast: 1, never: 0 });
  });

  it('tauGrid spans 1 … 4', () => {
    const t = tauGrid();
    expect(t[0]).toBe(1);
    expect(t[t.length - 1]).toBe(4);
    expect(t).toHaveLength(61);
  });
});

describe('Holm correction', () => {
  it('multiplies the k-th smallest p by m − k, keeps them ordered, caps at 1 (as statsmodels multipletests holm)', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06 to stay ordered.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => {
      expect(adjusted[i]).toBeCloseTo(v, 12);
    });
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });
});
