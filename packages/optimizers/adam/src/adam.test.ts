import { parameter } from '@descent/optim';
import { describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Adam } from './adam.js';
import { adamPlugin } from './adam-plugin.js';

describe('Adam by hand', () => {
  it('first step moves each coordinate by η·g/(|g| + ε), whatever the gradient scale', () => {
    // t = 1: m̂ = g, v̂ = g², so θ ← θ − η g / (|g| + ε).
    const p = parameter(Float64Array.from([1, 1, 1]));
    const opt = new Adam([p], { lr: 0.1, eps: 0 });
    p.grad.set([1e-4, -3, 250]);
    opt.step();
    expect([...p.data].map((x) => Number(x.toFixed(12)))).toEqual([0.9, 1.1, 0.9]);
  });

  it('second step with a constant gradient g = 2 (β₁ = 0.5, β₂ = 0.75)', () => {
    // m = 0.5·1 + 0.5·2 = 1.5 → m̂ = 1.5 / (1 − 0.25) = 2; v = 0.75·1 + 0.25·4 = 1.75 → v̂ = 1.75 / (1 − 0.5625) = 4.
    // θ = 0.9 − 0.1 · 2 / √4 = 0.8.
    const p = parameter(Float64Array.from([1]));
    const opt = new Adam([p], { lr: 0.1, beta1: 0.5, beta2: 0.75, eps: 0 });
    p.grad[0] = 2;
    opt.step();
    opt.step();
    expect(p.data[0]).toBeCloseTo(0.8, 14);
  });

  it('amsgrad divides by the running maximum of v', () => {
    const plain = parameter(Float64Array.from([0]));
    const ams = parameter(Float64Array.from([0]));
    const a = new Adam([plain], { lr: 0.1 });
    const b = new Adam([ams], { lr: 0.1, amsgrad: true });
    for (const g of [10, 0.1, 0.1, 0.1]) {
      plain.grad[0] = g;
      ams.grad[0] = g;
      a.step();
      b.step();
    }
    // After the large gradient, v decays in plain Adam but its maximum does not, so AMSGrad's later steps are smaller.
    expect(Math.abs(ams.data[0] as number)).toBeLessThan(Math.abs(plain.data[0] as number));
  });
});

describeTorchReplay(adamPlugin, fixture as TorchTrajectoryFixture);

describeOptimizerConformance(adamPlugin, {
  quadratic: { options: { lr: 0.05 }, steps: 2000, tolerance: 1e-3 },
  rosenbrock: { options: { lr: 0.02 }, steps: 10_000, tolerance: 0.01 },
  stateful: { lr: 0.01, amsgrad: true, weightDecay: 0.01 },
});
