import { averagingWeight, parameter, warmupLearningRates } from '@descent/optim';
import { describeFloat64Replay, describeWeightDecayMask, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import authorsFixture from './__fixtures__/authors-trajectories.json' with { type: 'json' };
import { ScheduleFreeAdamW } from './schedule-free-adamw.js';
import { scheduleFreeAdamWPlugin } from './schedule-free-adamw-plugin.js';

describe('Schedule-Free AdamW by hand', () => {
  it('first step: z moves by η·g/(|g| + ε) + ηλy, the average is z (c = 1), y = z', () => {
    // v = (1 − β₂)g², v̂ = g²: u = g/(|g| + ε) + λy = g/(|g| + 1e-8) + 0.5·1. c = w/(0 + w) = 1 so x = z and y = z.
    const p = parameter(Float64Array.from([1, 1]));
    const opt = new ScheduleFreeAdamW([p], { lr: 0.1, weightDecay: 0.5 });
    p.grad.set([2, -3]);
    opt.step();
    expect(p.data[0]).toBeCloseTo(1 - 0.1 * (2 / (2 + 1e-8) + 0.5), 15);
    expect(p.data[1]).toBeCloseTo(1 - 0.1 * (-3 / (3 + 1e-8) + 0.5), 15);
  });

  it('second step: x is the weighted average of z₁ and z₂, y = β₁x + (1 − β₁)z₂', () => {
    // β₂ = 0.5, ε = 0: step 1, g = 1: v = 0.5, v̂ = 1, z₁ = 1 − 0.1 = 0.9 = x₁ = y₁.
    // Step 2, g = 1: v = 0.75, v̂ = 1, z₂ = 0.8; weights η² both: c = ½, x₂ = 0.85; y₂ = 0.9·0.85 + 0.1·0.8 = 0.845.
    const p = parameter(Float64Array.from([1]));
    const opt = new ScheduleFreeAdamW([p], { lr: 0.1, beta2: 0.5, eps: 0 });
    p.grad[0] = 1;
    opt.step();
    opt.step();
    expect(p.data[0]).toBeCloseTo(0.845, 15);
    opt.eval();
    expect(p.data[0]).toBeCloseTo(0.85, 14);
  });

  it("reads optax's warmup at k/W for the z step and (k + 1)/W for the weight: the first warmup step keeps y", () => {
    expect(warmupLearningRates(0.5, 4, 0)).toEqual({ zLr: 0, weightLr: 0.125 });
    expect(warmupLearningRates(0.5, 4, 3)).toEqual({ zLr: 0.375, weightLr: 0.5 });
    expect(warmupLearningRates(0.5, 0, 0)).toEqual({ zLr: 0.5, weightLr: 0.5 });
    const p = parameter(Float64Array.from([1]));
    const opt = new ScheduleFreeAdamW([p], { lr: 0.1, warmupSteps: 4 });
    p.grad[0] = 1;
    opt.step();
    expect(p.data[0]).toBe(1);
  });

  it('weighs the average by (max η)^power and takes 0/0 (no learning rate yet) as weight 0', () => {
    expect(averagingWeight(0.5, 2, 0.25)).toEqual({ c: 0.5, weightSum: 0.5 });
    expect(averagingWeight(0.5, 1, 1.5)).toEqual({ c: 0.25, weightSum: 2 });
    expect(averagingWeight(0, 2, 0)).toEqual({ c: 0, weightSum: 0 });
  });

  it("defaults to optax's η 0.0025, β₁ 0.9, β₂ 0.999, ε 1e-8, no decay, power 2, no warmup; refuses β₁ = 0 and a fractional warmup", () => {
    const opt = new ScheduleFreeAdamW([parameter(new Float64Array(1))]);
    expect(opt.paramGroups[0]?.options).toEqual({
      lr: 0.0025,
      warmupSteps: 0,
      warmupIndexing: 'optax',
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      noDecayBias: false,
      weightLrPower: 2,
      maximize: false,
    });
    expect(() => new ScheduleFreeAdamW([parameter(new Float64Array(1))], { beta1: 0 })).toThrow(/beta1/);
    expect(() => new ScheduleFreeAdamW([parameter(new Float64Array(1))], { warmupSteps: 2.5 })).toThrow('Invalid warmupSteps for Schedule-Free AdamW: 2.5 (expected a whole number ≥ 0)');
  });
});

describe('train and eval modes', () => {
  const trained = (dtype: 'float32' | 'float64') => {
    const p = parameter(dtype === 'float32' ? Float32Array.from([1, -2, 3]) : Float64Array.from([1, -2, 3]));
    const opt = new ScheduleFreeAdamW([p], { lr: 0.05 });
    for (let t = 0; t < 20; t++) {
      for (let i = 0; i < 3; i++) p.grad[i] = (p.data[i] as number) * (i + 1) + Math.sin(t + i);
      opt.step();
    }
    return { p, opt };
  };

  it('eval() writes x = (y − (1 − β₁)z)/β₁, train() restores y bit for bit, and both are idempotent', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const { p, opt } = trained(dtype);
      const y = p.data.slice();
      const z = opt.stateDict();
      expect(opt.mode).toBe('train');
      opt.eval();
      opt.eval();
      expect(opt.mode).toBe('eval');
      const x = p.data.slice();
      expect(x).not.toEqual(y);
      opt.train();
      opt.train();
      expect(p.data).toEqual(y);
      expect(opt.stateDict()).toEqual(z);
      // x from the definition, with z read back from the state.
      const state = (opt as unknown as { state: Map<unknown, { z: Float64Array }> }).state.get(p);
      for (let i = 0; i < 3; i++) expect(x[i]).toBeCloseTo(((y[i] as number) - 0.1 * (state?.z[i] as number)) / 0.9, dtype === 'float32' ? 5 : 14);
    }
  });

  it('step() in eval mode is refused, as the authors’ optimizer does', () => {
    const { opt } = trained('float64');
    opt.eval();
    expect(() => opt.step()).toThrow('Schedule-Free AdamW.step() in eval mode: call train() first');
  });
});

describeTorchReplay(scheduleFreeAdamWPlugin, fixture as TorchTrajectoryFixture);

describeOptimizerConformance(scheduleFreeAdamWPlugin, {
  quadratic: { options: { lr: 0.05 }, steps: 3000, tolerance: 1e-2 },
  rosenbrock: { options: { lr: 0.01 }, steps: 20_000, tolerance: 0.02 },
  stateful: { lr: 0.01, weightDecay: 0.01 },
});

describeWeightDecayMask('ScheduleFreeAdamW', {
  options: { lr: 0.01, weightDecay: 0.1 },
  create: (params, options) => new ScheduleFreeAdamW(params, options),
  independentGroups: true,
});

// The authors'-variant options against a NumPy port of the authors' own code (scripts/numpy-optax-authors-fixtures.py).
describeFloat64Replay(scheduleFreeAdamWPlugin, authorsFixture);
