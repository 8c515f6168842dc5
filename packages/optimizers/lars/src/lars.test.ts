import { parameter } from '@descent/optim';
import { describeWeightDecayMask, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import { Lars } from './lars.js';
import { larsPlugin } from './lars-plugin.js';

describe('LARS by hand', () => {
  it('first step: θ − η·c‖θ‖·g/‖g‖, the same length whatever the gradient scale', () => {
    // ‖θ‖ = 5, g = (3, 4)·k has unit direction (0.6, 0.8): the step is 1·0.1·5·(0.6, 0.8) = (0.3, 0.4) for any k.
    for (const k of [1e-3, 1, 1e3]) {
      const p = parameter(Float64Array.from([3, 4]));
      const opt = new Lars([p], { lr: 1, trustCoefficient: 0.1 });
      p.grad.set([3 * k, 4 * k]);
      opt.step();
      expect([...p.data].map((x) => Number(x.toFixed(12)))).toEqual([2.7, 3.6]);
    }
  });

  it('decays inside the ratio, adds ε to ‖u‖, takes the ratio per tensor, and 1 for a zero parameter', () => {
    // a = (3, 4), g = (−3, −4), λ = 1: u = 0, so the ratio is 1 and nothing moves; b = (0), g = 2: ratio 1, step −η·2.
    const a = parameter(Float64Array.from([3, 4]));
    const b = parameter(Float64Array.from([0]));
    const c = parameter(Float64Array.from([2]));
    const opt = new Lars([a, b, c], { lr: 0.5, weightDecay: 1, eps: 1 });
    a.grad.set([-3, -4]);
    b.grad.set([2]);
    // c: u = 1 + 2 = 3, ratio 0.001·2/(3 + 1) = 5e-4, step 0.5·5e-4·3.
    c.grad.set([1]);
    opt.step();
    expect([...a.data]).toEqual([3, 4]);
    expect(b.data[0]).toBeCloseTo(-1, 14);
    expect(c.data[0]).toBeCloseTo(2 - 0.5 * 5e-4 * 3, 14);
  });

  it('keeps a trace of scaled steps: b ← s + μb, and with Nesterov steps by s + μb', () => {
    // θ = 1, g = 1 twice, c = 1, η = 0.1, μ = 0.5: s₁ = −0.1; s₂ = −0.1·0.9 = −0.09 (θ = 0.9).
    const run = (nesterov: boolean) => {
      const p = parameter(Float64Array.from([1]));
      const opt = new Lars([p], { lr: 0.1, trustCoefficient: 1, momentum: 0.5, nesterov });
      for (let t = 0; t < 2; t++) {
        p.grad[0] = 1;
        opt.step();
      }
      return p.data[0] as number;
    };
    // b₁ = −0.1, θ = 0.9; b₂ = −0.09 − 0.05, θ = 0.76.
    expect(run(false)).toBeCloseTo(0.76, 14);
    // b₁ = −0.1, θ = 1 − 0.1 − 0.05 = 0.85; s₂ = −0.085, b₂ = −0.135, θ = 0.85 − 0.085 − 0.0675.
    expect(run(true)).toBeCloseTo(0.6975, 14);
  });
});

describeTorchReplay(larsPlugin, fixture as TorchTrajectoryFixture);

/** The step is about c·η·‖θ‖ and does not shrink near the minimum, so η decays linearly to a floor. */
const linearDecay = (lr: number, steps: number) => (step: number) => lr * Math.max(0, 1 - step / steps) + 1e-6;

describeOptimizerConformance(larsPlugin, {
  quadratic: { options: { lr: linearDecay(10, 3000), trustCoefficient: 0.01 }, steps: 3000, tolerance: 5e-3 },
  rosenbrock: { options: { lr: linearDecay(1, 10_000), trustCoefficient: 0.01 }, steps: 10_000, tolerance: 0.01 },
  stateful: { lr: 1, weightDecay: 0.01, nesterov: true },
});

describeWeightDecayMask('Lars', {
  options: { lr: 0.1, weightDecay: 0.1 },
  create: (params, options) => new Lars(params, options),
  independentGroups: true,
});
