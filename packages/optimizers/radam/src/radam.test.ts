import { createArena, parameter, type OptimizerStateDictV1 } from '@descent/optim';
import { allocatesNothing, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import decoupledFixture from './__fixtures__/numpy-decoupled-weight-decay.json' with { type: 'json' };
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { RAdam, radamRectification } from './radam.js';
import { radamPlugin } from './radam-plugin.js';

describe('RAdam by hand', () => {
  it('rectifies from the first step with ρ_t > 5 (t = 6 for β₂ = 0.999), with r₆ = 0.0258…', () => {
    // ρ∞ = 1999, ρ₅ = 4.996, ρ₆ = 5.994 (computed in Python).
    expect([1, 2, 3, 4, 5].map((t) => radamRectification(0.999, t))).toEqual([0, 0, 0, 0, 0]);
    expect(radamRectification(0.999, 6)).toBeCloseTo(0.02582111280185855, 14);
    expect(radamRectification(0.999, 8)).toBeCloseTo(0.03873827701983062, 14);
  });

  it('takes plain momentum steps θ ← θ − η·m̂ before that, so the first step is η·g, not scale-free as Adam’s', () => {
    const p = parameter(Float64Array.from([1, 1]));
    const opt = new RAdam([p], { lr: 0.1 });
    p.grad.set([3, -0.5]);
    opt.step();
    expect(p.data[0]).toBeCloseTo(0.7, 15);
    expect(p.data[1]).toBeCloseTo(1.05, 15);
  });

  it('with a constant gradient g the rectified step is η·r_t·sign(g) (m̂ = g, √(1 − β₂ᵗ)/√v = 1/|g|)', () => {
    const p = parameter(Float64Array.from([1]));
    const opt = new RAdam([p], { lr: 0.01, eps: 0 });
    p.grad[0] = 5;
    for (let t = 0; t < 6; t++) opt.step();
    // Five steps of η·g = 0.05, then 0.01 · r₆.
    expect(p.data[0]).toBeCloseTo(1 - 0.25 - 0.01 * 0.02582111280185855, 14);
  });

  it('decoupledWeightDecay shrinks θ by 1 − ηλ and leaves the gradient alone', () => {
    const decoupled = parameter(Float64Array.from([2]));
    const coupled = parameter(Float64Array.from([2]));
    new RAdam([decoupled], { lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true }).step();
    new RAdam([coupled], { lr: 0.1, weightDecay: 0.5 }).step();
    // Zero gradient: decoupled, only the shrink acts (2 · 0.95); coupled, g = λθ = 1 and the first step is η·g.
    expect(decoupled.data[0]).toBeCloseTo(1.9, 15);
    expect(coupled.data[0]).toBeCloseTo(1.9, 15);
    decoupled.grad[0] = 1;
    const a = new RAdam([decoupled], { lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true });
    a.step();
    // Shrink first, then the step η·g with the caller's gradient: 1.9 · 0.95 − 0.1.
    expect(decoupled.data[0]).toBeCloseTo(1.9 * 0.95 - 0.1, 15);
  });
});

describe('the WebAssembly SIMD kernel for float32 parameters in an arena', () => {
  const n = 1003; // not a multiple of 4: the kernel's scalar tail runs too
  const fill = (data: Float32Array, grad: Float32Array, t: number) => {
    for (let i = 0; i < n; i++) grad[i] = Math.sin(0.37 * i + t) * (1 + (i % 7)) + 0.1 * (data[i] as number);
  };

  for (const decoupledWeightDecay of [false, true]) {
    it(`agrees with the JavaScript loop to float32 rounding through both phases (weight decay, decoupled ${String(decoupledWeightDecay)})`, () => {
      const arena = createArena({ bytes: 1 << 20 });
      const fast = arena.parameter(n);
      const plain = parameter(new Float32Array(n));
      for (let i = 0; i < n; i++) fast.data[i] = plain.data[i] = Math.cos(i);
      const options = { lr: 0.01, weightDecay: 0.5, decoupledWeightDecay };
      const a = new RAdam([fast], options);
      const b = new RAdam([plain], options);
      for (let t = 0; t < 50; t++) {
        fill(fast.data as Float32Array, fast.grad as Float32Array, t);
        fill(plain.data, plain.grad, t);
        a.step();
        b.step();
      }
      let differ = 0;
      for (let i = 0; i < n; i++) {
        expect(Math.abs((fast.data[i] as number) - (plain.data[i] as number))).toBeLessThan(2e-6 * Math.max(1, Math.abs(plain.data[i] as number)));
        if (fast.data[i] !== plain.data[i]) differ++;
      }
      // float32 arithmetic in the kernel, float64 in JavaScript: some last bits differ, which shows the kernel ran.
      expect(differ).toBeGreaterThan(0);
      expect(arena.used).toBeGreaterThan(4 * n * 4);
    });
  }

  it('saves and loads into another arena, and continues bit for bit', () => {
    const run = (steps: number, from?: OptimizerStateDictV1, start?: Float32Array) => {
      const arena = createArena({ bytes: 1 << 20 });
      const p = arena.parameter(n);
      if (start) p.data.set(start);
      else for (let i = 0; i < n; i++) p.data[i] = Math.cos(i);
      const opt = new RAdam([p], { lr: 0.01 });
      if (from) opt.loadStateDict(from);
      for (let t = from?.stepCount ?? 0; t < steps; t++) {
        fill(p.data as Float32Array, p.grad as Float32Array, t);
        opt.step();
      }
      return { p, opt, arena };
    };
    const straight = run(30);
    const half = run(4); // saved before the rectification starts, resumed across it
    const saved = JSON.parse(JSON.stringify(half.opt.stateDict())) as OptimizerStateDictV1;
    const resumed = run(30, saved, (half.p.data as Float32Array).slice());
    expect(resumed.p.data).toEqual(straight.p.data);
    expect(resumed.arena.used).toBeGreaterThan(4 * n * 4);
  });

  it('allocates nothing per step', async () => {
    const p = createArena({ bytes: 8 << 20 }).parameter(200_000);
    p.grad.fill(0.5);
    const opt = new RAdam([p], { lr: 1e-3 });
    for (let t = 0; t < 5; t++) opt.step();
    expect(
      await allocatesNothing(() => {
        for (let t = 0; t < 300; t++) opt.step();
      }),
    ).toBe(true);
  });
});

describeTorchReplay(radamPlugin, fixture as TorchTrajectoryFixture, { arena: true });
describeTorchReplay(radamPlugin, decoupledFixture as TorchTrajectoryFixture, { arena: true });

describeOptimizerConformance(radamPlugin, {
  quadratic: { options: { lr: 0.05 }, steps: 2000, tolerance: 1e-3 },
  // Its first five steps are plain gradient steps η·g, which leave Rosenbrock's valley at Adam's η = 0.02.
  rosenbrock: { options: { lr: 2e-3 }, steps: 10_000, tolerance: 0.01 },
  stateful: { lr: 0.01, weightDecay: 0.01 },
});
