import { parameter } from '@descent/optim';
import { describeWeightDecayMask, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import { Lamb } from './lamb.js';
import { lambPlugin } from './lamb-plugin.js';

describe('LAMB by hand', () => {
  it('first step: Adam’s direction is sign(g), rescaled so the tensor moves by η‖θ‖ (ε = 0)', () => {
    // t = 1: m̂ = g, v̂ = g², r = sign(g) = (1, −1); ‖θ‖ = 5, ‖r‖ = √2, so θ ← θ − 0.1·(5/√2)·r.
    const p = parameter(Float64Array.from([3, 4]));
    const opt = new Lamb([p], { lr: 0.1, eps: 0 });
    p.grad.set([0.01, -250]);
    opt.step();
    const s = (0.1 * 5) / Math.SQRT2;
    expect(p.data[0]).toBeCloseTo(3 - s, 14);
    expect(p.data[1]).toBeCloseTo(4 + s, 14);
  });

  it('adds λθ to the direction before the ratio, and takes the ratio per parameter tensor', () => {
    // a = (3, 4), g = (1, 1), λ = 1: r = (1, 1) + (3, 4) = (4, 5), ratio 5/√41. b = (0.6) with g = −2: r = −1 + 0.6, ratio 0.6/0.4.
    const a = parameter(Float64Array.from([3, 4]));
    const b = parameter(Float64Array.from([0.6]));
    const opt = new Lamb([a, b], { lr: 0.1, eps: 0, weightDecay: 1 });
    a.grad.set([1, 1]);
    b.grad.set([-2]);
    opt.step();
    const ratio = 5 / Math.sqrt(41);
    expect(a.data[0]).toBeCloseTo(3 - 0.1 * ratio * 4, 14);
    expect(a.data[1]).toBeCloseTo(4 - 0.1 * ratio * 5, 14);
    // b's own ratio ‖θ‖/‖r‖ = 0.6/0.4: θ − 0.1·1.5·(−0.4) = 0.66.
    expect(b.data[0]).toBeCloseTo(0.66, 14);
  });

  it('takes a ratio of 1 when the parameter is zero (the plain Adam step)', () => {
    const p = parameter(Float64Array.from([0, 0]));
    const opt = new Lamb([p], { lr: 0.1, eps: 0 });
    p.grad.set([2, -3]);
    opt.step();
    expect([...p.data].map((x) => Number(x.toFixed(12)))).toEqual([-0.1, 0.1]);
  });
});

describeTorchReplay(lambPlugin, fixture as TorchTrajectoryFixture);

/**
 * A step of η‖θ‖ does not shrink near the minimum, so a constant η circles it at that distance: η decays linearly to
 * a floor, as LAMB is trained (with a schedule).
 */
const linearDecay = (lr: number, steps: number) => (step: number) => lr * Math.max(0, 1 - step / steps) + 1e-6;

describeOptimizerConformance(lambPlugin, {
  quadratic: { options: { lr: linearDecay(0.02, 3000) }, steps: 3000, tolerance: 1e-3 },
  rosenbrock: { options: { lr: linearDecay(0.005, 10_000) }, steps: 10_000, tolerance: 0.01 },
  stateful: { lr: 0.01, weightDecay: 0.01 },
});

describeWeightDecayMask('Lamb', {
  options: { lr: 0.01, weightDecay: 0.1 },
  create: (params, options) => new Lamb(params, options),
  independentGroups: true,
});
