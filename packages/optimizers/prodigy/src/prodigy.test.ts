import { parameter } from '@descent/optim';
import { describeFloat64Replay, describeWeightDecayMask, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import authorsFixture from './__fixtures__/authors-trajectories.json' with { type: 'json' };
import { Prodigy } from './prodigy.js';
import { prodigyPlugin } from './prodigy-plugin.js';

describe('Prodigy by hand', () => {
  it('first step: θ₀ = θ so the estimate keeps d = d₀, and θ moves by d₀·g/|g| as Adam’s first step', () => {
    // t = 1: d̂ = d₀·√(1 − β₂)/(1 − β₁); m = (1 − β₁)d₀g, v = (1 − β₂)d₀²g², so m/√v = √(1 − β₁)²/(1 − β₂)·sign(g).
    // The step d̂·m/(√v + d₀ε) = d₀·g/(|g| + ε/√(1 − β₂)·…): with ε = 0 exactly d₀·sign(g).
    const p = parameter(Float64Array.from([1, -2]));
    const opt = new Prodigy([p], { eps: 0, estimLr0: 0.01 });
    p.grad.set([3, -0.5]);
    opt.step();
    expect(p.data[0]).toBeCloseTo(1 - 0.01, 15);
    expect(p.data[1]).toBeCloseTo(-2 + 0.01, 15);
  });

  it('second step: d grows to c·r/‖s‖₁ once θ has moved against the gradient', () => {
    // One coordinate, g = 1 twice, β₁ = β₂ = 0.5, β₃ = 0.5, d₀ = 1, ε = 0.
    // Step 1: d̂₁ = √0.5/0.5 = √2; s = √2; r = 0 (θ = θ₀); d stays 1; θ₁ = 1 − 1 = 0 (first step moves by d₀).
    // Step 2: d̂₂ = √0.75/0.75; s = 0.5√2 + d̂₂; r = d̂₂·⟨1, 1 − 0⟩ = d̂₂; d = max(1, d̂₂/(0.5√2 + d̂₂)) = 1 (< 1), so
    // with c = 4: d = 4d̂₂/(0.5√2 + d̂₂), and θ₂ = θ₁ − d̂₂·m/(√v) with m = 0.5·0.5 + 0.5·1, v = 0.5·0.5 + 0.5·1.
    const p = parameter(Float64Array.from([1]));
    const opt = new Prodigy([p], { beta1: 0.5, beta2: 0.5, beta3: 0.5, eps: 0, estimLr0: 1, estimLrCoef: 4 });
    p.grad[0] = 1;
    opt.step();
    expect(p.data[0]).toBeCloseTo(0, 15);
    opt.step();
    const dHat2 = Math.sqrt(0.75) / 0.75;
    expect(p.data[0]).toBeCloseTo(0 - (dHat2 * 0.75) / Math.sqrt(0.75), 14);
    const state = opt.stateDict().state['#0'] as Record<string, unknown>;
    expect(state.estimLr).toBeCloseTo((4 * dHat2) / (0.5 * Math.SQRT2 + dHat2), 14);
  });

  it('one d for a group: the sums run over all its parameters', () => {
    const a = parameter(Float64Array.from([1]));
    const b = parameter(Float64Array.from([2]));
    const opt = new Prodigy([a, b], { estimLr0: 0.1 });
    for (let t = 0; t < 5; t++) {
      a.grad[0] = a.data[0] as number;
      b.grad[0] = 3 * (b.data[0] as number);
      opt.step();
    }
    const { state } = opt.stateDict();
    expect((state['#0'] as Record<string, unknown>).estimLr).toBe((state['#1'] as Record<string, unknown>).estimLr);
    expect((state['#0'] as Record<string, unknown>).estimLr).toBeGreaterThan(0.1);
  });

  it("defaults to optax's values, β₃ = 0 standing for √β₂", () => {
    const opt = new Prodigy([parameter(new Float64Array(1))]);
    expect(opt.paramGroups[0]?.options).toEqual({
      lr: 1,
      beta1: 0.9,
      beta2: 0.999,
      beta3: 0,
      weightDecay: 0,
      eps: 1e-8,
      estimLr0: 1e-6,
      estimLrCoef: 1,
      safeguardWarmup: false,
      noBiasCorrection: false,
      noDecayBias: false,
      maximize: false,
    });
    // Explicit √β₂ and the default give the same run.
    const run = (beta3?: number) => {
      const p = parameter(Float64Array.from([1, -1]));
      const o = new Prodigy([p], beta3 === undefined ? { estimLr0: 0.01 } : { estimLr0: 0.01, beta3 });
      for (let t = 0; t < 4; t++) {
        p.grad.set([p.data[0] as number, 2 * (p.data[1] as number)]);
        o.step();
      }
      return [...p.data];
    };
    expect(run()).toEqual(run(Math.sqrt(0.999)));
    expect(run()).not.toEqual(run(0.9));
    expect(() => new Prodigy([parameter(new Float64Array(1))], { estimLr0: 0 })).toThrow(/estimLr0/);
  });
});

describeTorchReplay(prodigyPlugin, fixture as TorchTrajectoryFixture);

describeOptimizerConformance(prodigyPlugin, {
  quadratic: { options: {}, steps: 2000, tolerance: 1e-2 },
  rosenbrock: { options: { lr: 0.05, estimLr0: 1e-3 }, steps: 20_000, tolerance: 0.02 },
  stateful: { estimLr0: 0.01, weightDecay: 0.01 },
});

describeWeightDecayMask('Prodigy', {
  options: { lr: 1, weightDecay: 0.1 },
  create: (params, options) => new Prodigy(params, options),
  independentGroups: false,
});

// The authors'-variant options against a NumPy port of the authors' own code (scripts/numpy-optax-authors-fixtures.py).
describeFloat64Replay(prodigyPlugin, authorsFixture);
