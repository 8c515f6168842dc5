import { createArena, parameter, type OptimizerStateDictV1 } from '@descent/optim';
import { allocatesNothing, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Adamax } from './adamax.js';
import { adamaxPlugin } from './adamax-plugin.js';

/** Runs one parameter from `start` through the given gradients and returns where it ends. */
function descend(start: number, grads: readonly number[], options: ConstructorParameters<typeof Adamax>[1]): number {
  const p = parameter(Float64Array.from([start]));
  const opt = new Adamax([p], options);
  for (const g of grads) {
    p.grad[0] = g;
    opt.step();
  }
  return p.data[0] as number;
}

describe('Adamax by hand', () => {
  it('first step moves each coordinate by η·g/(|g| + ε), whatever the gradient scale', () => {
    // t = 1: m/(1 − β₁) = g and u = |g| + ε.
    const p = parameter(Float64Array.from([1, 1, 1]));
    const opt = new Adamax([p], { lr: 0.1, eps: 0 });
    p.grad.set([1e-4, -3, 250]);
    opt.step();
    expect([...p.data].map((x) => Number(x.toFixed(12)))).toEqual([0.9, 1.1, 0.9]);
  });

  it('u keeps the decayed maximum of |g| (β₁ = β₂ = 0.5, η = 0.1)', () => {
    // g = 4 then 1: u = 4, then max(2, 1) = 2; m̂ = 1.5 / 0.75 = 2, so the second step is 0.1 · 2 / 2.
    expect(descend(1, [4, 1], { lr: 0.1, beta1: 0.5, beta2: 0.5, eps: 0 })).toBeCloseTo(0.8, 14);
    // g = 1 then 4: u = 1, then max(0.5, 4) = 4; m̂ = 2.25 / 0.75 = 3, so the second step is 0.1 · 3 / 4.
    expect(descend(1, [1, 4], { lr: 0.1, beta1: 0.5, beta2: 0.5, eps: 0 })).toBeCloseTo(0.825, 14);
  });

  it('ε sits inside the maximum, u = max(β₂u, |g| + ε), as in PyTorch', () => {
    // g = 2, 0 with ε = 1: u = 3, then max(1.5, 1) = 1.5; steps 0.09 · 2/3 and 0.09 · (0.5/0.75)/1.5, 0.1 in all.
    // With ε added outside (m/(u + ε)) the second step would be 0.09 · (0.5/0.75)/2 and θ 0.91.
    expect(descend(1, [2, 0], { lr: 0.09, beta1: 0.5, beta2: 0.5, eps: 1 })).toBeCloseTo(0.9, 14);
  });
});

describe('the WebAssembly SIMD kernel for float32 parameters in an arena', () => {
  const n = 1003; // not a multiple of 4: the kernel's scalar tail runs too
  const fill = (data: Float32Array, grad: Float32Array, t: number) => {
    for (let i = 0; i < n; i++) grad[i] = Math.sin(0.37 * i + t) * (1 + (i % 7)) + 0.1 * (data[i] as number);
  };

  for (const weightDecay of [0, 0.05]) {
    it(`agrees with the JavaScript loop to float32 rounding (weight decay ${String(weightDecay)}) and keeps its state in the arena`, () => {
      const arena = createArena({ bytes: 1 << 20 });
      const fast = arena.parameter(n);
      const plain = parameter(new Float32Array(n));
      for (let i = 0; i < n; i++) fast.data[i] = plain.data[i] = Math.cos(i);
      const options = { lr: 0.01, weightDecay };
      const a = new Adamax([fast], options);
      const b = new Adamax([plain], options);
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
      const opt = new Adamax([p], { lr: 0.01 });
      if (from) opt.loadStateDict(from);
      for (let t = from?.stepCount ?? 0; t < steps; t++) {
        fill(p.data as Float32Array, p.grad as Float32Array, t);
        opt.step();
      }
      return { p, opt, arena };
    };
    const straight = run(30);
    const half = run(12);
    const saved = JSON.parse(JSON.stringify(half.opt.stateDict())) as OptimizerStateDictV1;
    const resumed = run(30, saved, (half.p.data as Float32Array).slice());
    expect(resumed.p.data).toEqual(straight.p.data);
    expect(resumed.arena.used).toBeGreaterThan(4 * n * 4);
  });

  it('allocates nothing per step', async () => {
    const p = createArena({ bytes: 8 << 20 }).parameter(200_000);
    p.grad.fill(0.5);
    const opt = new Adamax([p], { lr: 1e-3 });
    for (let t = 0; t < 5; t++) opt.step();
    expect(
      await allocatesNothing(() => {
        for (let t = 0; t < 300; t++) opt.step();
      }),
    ).toBe(true);
  });
});

describeTorchReplay(adamaxPlugin, fixture as TorchTrajectoryFixture, { arena: true });

describeOptimizerConformance(adamaxPlugin, {
  quadratic: { options: { lr: 0.05 }, steps: 2000, tolerance: 1e-3 },
  rosenbrock: { options: { lr: 0.02 }, steps: 10_000, tolerance: 0.01 },
  stateful: { lr: 0.01, weightDecay: 0.01 },
});
