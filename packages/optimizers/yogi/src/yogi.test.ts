import { createArena, parameter, type OptimizerStateDictV1 } from '@descent/optim';
import { allocatesNothing, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import { Yogi } from './yogi.js';
import { yogiPlugin } from './yogi-plugin.js';

/** Runs one parameter from `start` through the given gradients and returns where it ends. */
function descend(start: number, grads: readonly number[], options: ConstructorParameters<typeof Yogi>[1]): number {
  const p = parameter(Float64Array.from([start]));
  const opt = new Yogi([p], options);
  for (const g of grads) {
    p.grad[0] = g;
    opt.step();
  }
  return p.data[0] as number;
}

describe('Yogi by hand', () => {
  it('first step from moments of 1e-6 (β₁ = β₂ = 0.5, ε = 0, η = 0.1, g = 3)', () => {
    // m = 0.5·3 + 0.5e-6, v = 1e-6 + 0.5·9 (g² > v, so v grows by (1 − β₂)g²); m̂ = m/0.5, v̂ = v/0.5.
    const m = 1.5 + 0.5e-6;
    const v = 1e-6 + 4.5;
    expect(descend(0, [3], { lr: 0.1, beta1: 0.5, beta2: 0.5, eps: 0 })).toBeCloseTo((-0.1 * (m / 0.5)) / Math.sqrt(v / 0.5), 14);
  });

  it('v moves additively: a zero gradient leaves it where it is (Adam would halve it), a small one lowers it by (1 − β₂)g²', () => {
    // After g = 3: m₁ = 1.5 + 0.5e-6, v₁ = 4.500001. Then g = 0: m₂ = m₁/2, v₂ = v₁; corrections 0.75.
    const m1 = 1.5 + 0.5e-6;
    const v1 = 4.500001;
    const first = (-0.1 * (m1 / 0.5)) / Math.sqrt(v1 / 0.5);
    expect(descend(0, [3, 0], { lr: 0.1, beta1: 0.5, beta2: 0.5, eps: 0 })).toBeCloseTo(first - (0.1 * (m1 / 2 / 0.75)) / Math.sqrt(v1 / 0.75), 14);
    // Then g = 1 (g² < v): v₂ = v₁ − 0.5·1, m₂ = m₁/2 + 0.5.
    const second = (0.1 * ((m1 / 2 + 0.5) / 0.75)) / Math.sqrt((v1 - 0.5) / 0.75);
    expect(descend(0, [3, 1], { lr: 0.1, beta1: 0.5, beta2: 0.5, eps: 0 })).toBeCloseTo(first - second, 14);
  });

  it('adds ε outside the root: with g = 0 throughout, the step is η·m̂/(√v̂ + ε) from the 1e-6 starts', () => {
    // m = v = 1e-6 after one zero gradient (m decays to 0.9e-6; v stays: sign(v − 0)·0 = 0). m̂ = 0.9e-6/0.1, v̂ = 1e-6/0.001.
    expect(descend(0, [0], { lr: 1, eps: 0.5 })).toBeCloseTo(-(0.9e-6 / 0.1) / (Math.sqrt(1e-6 / 0.001) + 0.5), 14);
  });
});

describe('the WebAssembly SIMD kernel for float32 parameters in an arena', () => {
  const n = 1003; // not a multiple of 4: the kernel's scalar tail runs too
  const fill = (data: Float32Array, grad: Float32Array, t: number) => {
    for (let i = 0; i < n; i++) grad[i] = Math.sin(0.37 * i + t) * (1 + (i % 7)) + 0.1 * (data[i] as number);
  };

  for (const beta2 of [0.999, 0.9]) {
    it(`agrees with the JavaScript loop to float32 rounding (β₂ ${String(beta2)}) and keeps its state in the arena`, () => {
      const arena = createArena({ bytes: 1 << 20 });
      const fast = arena.parameter(n);
      const plain = parameter(new Float32Array(n));
      for (let i = 0; i < n; i++) fast.data[i] = plain.data[i] = Math.cos(i);
      const options = { lr: 0.01, beta2 };
      const a = new Yogi([fast], options);
      const b = new Yogi([plain], options);
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
      const opt = new Yogi([p], { lr: 0.01 });
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
    const opt = new Yogi([p], { lr: 1e-3 });
    for (let t = 0; t < 5; t++) opt.step();
    expect(
      await allocatesNothing(() => {
        for (let t = 0; t < 300; t++) opt.step();
      }),
    ).toBe(true);
  });
});

describeTorchReplay(yogiPlugin, fixture as TorchTrajectoryFixture, { arena: true });

describeOptimizerConformance(yogiPlugin, {
  quadratic: { options: { lr: 0.05 }, steps: 2000, tolerance: 1e-3 },
  rosenbrock: { options: { lr: 0.02 }, steps: 10_000, tolerance: 0.01 },
  stateful: { lr: 0.01 },
});
