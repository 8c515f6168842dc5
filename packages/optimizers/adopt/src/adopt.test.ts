import { createArena, parameter, type OptimizerStateDictV1 } from '@descent/optim';
import { allocatesNothing, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import { Adopt } from './adopt.js';
import { adoptPlugin } from './adopt-plugin.js';

/** Runs one parameter from `start` through the given gradients and returns where it ends. */
function descend(start: number, grads: readonly number[], options: ConstructorParameters<typeof Adopt>[1]): number {
  const p = parameter(Float64Array.from([start]));
  const opt = new Adopt([p], options);
  for (const g of grads) {
    p.grad[0] = g;
    opt.step();
  }
  return p.data[0] as number;
}

describe('ADOPT by hand', () => {
  it('the first step only records v = g² (used by the next step, below): θ does not move', () => {
    const p = parameter(Float64Array.from([1, -2]));
    const opt = new Adopt([p], { lr: 1 });
    p.grad.set([3, -0.5]);
    opt.step();
    expect([...p.data]).toEqual([1, -2]);
  });

  it('the second step moves by η(1 − β₁)·g₂/|g₁|, the gradient normalised by the earlier one, clipped to ±1', () => {
    // g₁ = 2, g₂ = 1: ĝ = 1/2, m = 0.1·0.5, θ = −1·0.05.
    expect(descend(0, [2, 1], { lr: 1 })).toBeCloseTo(-0.05, 14);
    // g₂ = 10: ĝ = 5 is clipped to 1^¼ = 1, so m = 0.1.
    expect(descend(0, [2, 10], { lr: 1 })).toBeCloseTo(-0.1, 14);
    // Without clipping, ĝ = 5 and m = 0.5.
    expect(descend(0, [2, 10], { lr: 1, noClipping: true })).toBeCloseTo(-0.5, 14);
  });

  it('the third step clips to ±2^¼ and divides by √v from the second step (β₁ = β₂ = 0.5)', () => {
    // g = 1, 1, 100: v₁ = 1, v₂ = 0.5·1 + 0.5·1 = 1; ĝ₂ = 1, m₂ = 0.5; ĝ₃ = clip(100/1, 2^¼), m₃ = 0.25 + 0.5·2^¼.
    expect(descend(0, [1, 1, 100], { lr: 1, beta1: 0.5, beta2: 0.5 })).toBeCloseTo(-0.5 - (0.25 + 0.5 * 2 ** 0.25), 14);
  });

  it('divides by max(√v, ε), and with Nesterov steps along β₁m + (1 − β₁)ĝ', () => {
    // g₁ = 0 leaves v = 0, so ĝ₂ = 0.3/ε = 3 with ε = 0.1 (clipped to 1 by default, so turn clipping off).
    expect(descend(0, [0, 0.3], { lr: 1, eps: 0.1, noClipping: true })).toBeCloseTo(-0.3, 14);
    // Nesterov: m = 0.1·0.5 = 0.05 after g = 2, 1, and the step is 0.9·0.05 + 0.1·0.5 = 0.095.
    expect(descend(0, [2, 1], { lr: 1, nesterov: true })).toBeCloseTo(-0.095, 14);
  });
});

describe('the WebAssembly SIMD kernel for float32 parameters in an arena', () => {
  const n = 1003; // not a multiple of 4: the kernel's scalar tail runs too
  const fill = (data: Float32Array, grad: Float32Array, t: number) => {
    for (let i = 0; i < n; i++) grad[i] = Math.sin(0.37 * i + t) * (1 + (i % 7)) + 0.1 * (data[i] as number);
  };

  for (const nesterov of [false, true]) {
    it(`agrees with the JavaScript loop to float32 rounding (nesterov ${String(nesterov)}) and keeps its state in the arena`, () => {
      const arena = createArena({ bytes: 1 << 20 });
      const fast = arena.parameter(n);
      const plain = parameter(new Float32Array(n));
      for (let i = 0; i < n; i++) fast.data[i] = plain.data[i] = Math.cos(i);
      const options = { lr: 0.01, nesterov };
      const a = new Adopt([fast], options);
      const b = new Adopt([plain], options);
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


  it('lets a NaN gradient reach θ in the lanes and in the tail, as optax’s maximum and clip do, and only there', () => {
    const p = createArena({ bytes: 1 << 16 }).parameter(7);
    p.data.fill(1);
    const opt = new Adopt([p], { lr: 0.1 });
    for (let t = 0; t < 2; t++) {
      p.grad.set([1, NaN, -1, 2, 0.5, NaN, 3]);
      opt.step();
    }
    expect([...p.data].map(Number.isNaN)).toEqual([false, true, false, false, false, true, false]);
  });

  it('saves and loads into another arena, and continues bit for bit', () => {
    const run = (steps: number, from?: OptimizerStateDictV1, start?: Float32Array) => {
      const arena = createArena({ bytes: 1 << 20 });
      const p = arena.parameter(n);
      if (start) p.data.set(start);
      else for (let i = 0; i < n; i++) p.data[i] = Math.cos(i);
      const opt = new Adopt([p], { lr: 0.01 });
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
    const opt = new Adopt([p], { lr: 1e-3 });
    for (let t = 0; t < 5; t++) opt.step();
    expect(
      await allocatesNothing(() => {
        for (let t = 0; t < 300; t++) opt.step();
      }),
    ).toBe(true);
  });
});

describeTorchReplay(adoptPlugin, fixture as TorchTrajectoryFixture, { arena: true });

describeOptimizerConformance(adoptPlugin, {
  quadratic: { options: { lr: 0.05 }, steps: 2000, tolerance: 1e-3 },
  rosenbrock: { options: { lr: 0.002, beta2: 0.99 }, steps: 10_000, tolerance: 0.01 },
  stateful: { lr: 0.01, nesterov: true },
});
