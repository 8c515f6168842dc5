import { averagingWeight, clipByGlobalNorm, parameter, TransformedOptimizer, warmupLearningRates } from '@descent/optim';
import { describeFloat64Replay, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import authorsFixture from './__fixtures__/authors-trajectories.json' with { type: 'json' };
import { ScheduleFreeSgd } from './schedule-free-sgd.js';
import { scheduleFreeSgdPlugin } from './schedule-free-sgd-plugin.js';

describe('Schedule-Free SGD by hand', () => {
  it('first step: z = y − η(g + λy), the average is z (c = 1), y = z', () => {
    const p = parameter(Float64Array.from([1, -2]));
    const opt = new ScheduleFreeSgd([p], { lr: 0.1, weightDecay: 0.5 });
    p.grad.set([2, -3]);
    opt.step();
    expect(p.data[0]).toBeCloseTo(1 - 0.1 * (2 + 0.5), 15);
    expect(p.data[1]).toBeCloseTo(-2 - 0.1 * (-3 - 1), 15);
  });

  it('second step: x is the weighted average of z₁ and z₂, y = βx + (1 − β)z₂, the gradient taken at y', () => {
    // f = ½θ², g = θ. Step 1 at y₀ = 1: z₁ = 1 − 0.5 = 0.5 = x₁ = y₁. Step 2, g = y₁ = 0.5: z₂ = 0.25; c = ½, x₂ = 0.375;
    // y₂ = 0.9·0.375 + 0.1·0.25 = 0.3625. Power 1 gives the same c (equal learning rates).
    for (const weightLrPower of [2, 1]) {
      const p = parameter(Float64Array.from([1]));
      const opt = new ScheduleFreeSgd([p], { lr: 0.5, weightLrPower });
      for (let t = 0; t < 2; t++) {
        p.grad[0] = p.data[0] as number;
        opt.step();
      }
      expect(p.data[0]).toBeCloseTo(0.3625, 15);
      opt.eval();
      expect(p.data[0]).toBeCloseTo(0.375, 15);
    }
  });

  it('warmup: the first z step is 0 (optax reads k/W), the average then weighs step 2 by (2η/W)² against (η/W)²', () => {
    expect(warmupLearningRates(1, 4, 0)).toEqual({ zLr: 0, weightLr: 0.25 });
    expect(averagingWeight(0.5, 2, 0.0625)).toEqual({ c: 0.8, weightSum: 0.3125 });
    // W = 4, η = 1, g = 1: step 1 moves nothing (y = z = x = 1); step 2: z₂ = 1 − 0.25 = 0.75, c = 0.25/(0.0625 + 0.25) = 0.8,
    // x₂ = 0.2·1 + 0.8·0.75 = 0.8, y₂ = 0.9·0.8 + 0.1·0.75 = 0.795.
    const p = parameter(Float64Array.from([1]));
    const opt = new ScheduleFreeSgd([p], { lr: 1, warmupSteps: 4 });
    p.grad[0] = 1;
    opt.step();
    expect(p.data[0]).toBe(1);
    opt.step();
    expect(p.data[0]).toBeCloseTo(0.795, 15);
  });

  it("warmupIndexing 'authors' takes the z step at (k + 1)/W as facebookresearch/schedule_free: the first step moves", () => {
    expect(warmupLearningRates(1, 4, 0, 'authors')).toEqual({ zLr: 0.25, weightLr: 0.25 });
    expect(warmupLearningRates(1, 4, 3, 'authors')).toEqual({ zLr: 1, weightLr: 1 });
    // W = 4, η = 1, g = 1: z₁ = 1 − 0.25 = 0.75 and c = 1, so x₁ = y₁ = 0.75 (optax's first step keeps 1).
    const p = parameter(Float64Array.from([1]));
    const opt = new ScheduleFreeSgd([p], { lr: 1, warmupSteps: 4, warmupIndexing: 'authors' });
    p.grad[0] = 1;
    opt.step();
    expect(p.data[0]).toBe(0.75);
    expect(() => new ScheduleFreeSgd([parameter(new Float64Array(1))], { warmupIndexing: 'pytorch' as never })).toThrow(/warmupIndexing/);
  });

  it("defaults to optax's η 1, β 0.9, no decay, power 2, no warmup; refuses momentum 0 and a fractional warmup", () => {
    const opt = new ScheduleFreeSgd([parameter(new Float64Array(1))]);
    expect(opt.paramGroups[0]?.options).toEqual({ lr: 1, warmupSteps: 0, warmupIndexing: 'optax', momentum: 0.9, weightDecay: 0, weightLrPower: 2, maximize: false });
    expect(() => new ScheduleFreeSgd([parameter(new Float64Array(1))], { momentum: 0 })).toThrow(/momentum/);
    expect(() => new ScheduleFreeSgd([parameter(new Float64Array(1))], { warmupSteps: 1.5 })).toThrow(
      'Invalid warmupSteps for Schedule-Free SGD: 1.5 (expected a whole number ≥ 0)',
    );
  });

  it('eval() writes x, train() restores y bit for bit; step() in eval mode is refused', () => {
    const p = parameter(Float32Array.from([1, -2, 3]));
    const opt = new ScheduleFreeSgd([p], { lr: 0.1 });
    for (let t = 0; t < 10; t++) {
      for (let i = 0; i < 3; i++) p.grad[i] = (p.data[i] as number) * (i + 1);
      opt.step();
    }
    const y = p.data.slice();
    opt.eval();
    expect(opt.mode).toBe('eval');
    expect(p.data).not.toEqual(y);
    expect(() => opt.step()).toThrow('Schedule-Free SGD.step() in eval mode: call train() first');
    opt.train();
    expect(opt.mode).toBe('train');
    expect(p.data).toEqual(y);
  });
});

describeTorchReplay(scheduleFreeSgdPlugin, fixture as TorchTrajectoryFixture);

describeOptimizerConformance(scheduleFreeSgdPlugin, {
  quadratic: { options: { lr: 0.1 }, steps: 3000, tolerance: 1e-2 },
  rosenbrock: { options: { lr: 0.002 }, steps: 40_000, tolerance: 0.02 },
  stateful: { lr: 0.01, weightDecay: 0.01 },
});

// The authors'-variant options against a NumPy port of the authors' own code (scripts/numpy-optax-authors-fixtures.py).
describeFloat64Replay(scheduleFreeSgdPlugin, authorsFixture);

describe('Schedule-Free SGD inside gradient transformations', () => {
  // `descent path --clip-grad-norm …` and `train --ema …` wrap the optimizer (transformedPlugin); the wrapper must
  // keep Schedule-Free's eval()/train(), or callers evaluate at the gradient point y instead of the average x.
  it('keeps eval()/train() and its mode, so the evaluation point is the average x', () => {
    const run = (wrap: boolean) => {
      const w = parameter(new Float64Array([2, -1]));
      const inner = new ScheduleFreeSgd([w], { lr: 0.1, momentum: 0.9 });
      const opt = wrap ? new TransformedOptimizer(inner, { before: clipByGlobalNorm(1e9) }) : inner;
      for (let t = 0; t < 5; t++) {
        w.grad[0] = 2 * (w.data[0] as number);
        w.grad[1] = 4 * (w.data[1] as number);
        opt.step();
      }
      const y = [...w.data];
      expect(opt.mode).toBe('train');
      opt.eval?.();
      expect(opt.mode).toBe('eval');
      const x = [...w.data];
      opt.train?.();
      expect([...w.data]).toEqual(y);
      return { x, y };
    };
    const plain = run(false);
    const wrapped = run(true);
    expect(wrapped.x).toEqual(plain.x);
    expect(wrapped.x).not.toEqual(wrapped.y);
  });
});
