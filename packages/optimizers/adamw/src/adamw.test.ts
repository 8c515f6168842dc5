import { createArena, parameter, type OptimizerStateDictV1 } from '@descent/optim';
import { allocatesNothing, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { AdamW } from './adamw.js';
import { adamwPlugin } from './adamw-plugin.js';

describe('AdamW by hand', () => {
  it('with a zero gradient only the decoupled decay acts: θ ← θ(1 − ηλ)', () => {
    // m = v = 0, so the Adam part is 0 / (0 + ε) = 0. A coupled penalty would have moved each θ by about η instead.
    const p = parameter(Float64Array.from([2, -4]));
    const opt = new AdamW([p], { lr: 0.1, weightDecay: 0.5 });
    opt.step();
    expect(p.data[0]).toBeCloseTo(1.9, 15);
    expect(p.data[1]).toBeCloseTo(-3.8, 15);
  });

  it('first step: θ(1 − ηλ) − η·g/(|g| + ε), the decay unaffected by the gradient scale', () => {
    const p = parameter(Float64Array.from([1, 1, 1]));
    const opt = new AdamW([p], { lr: 0.1, weightDecay: 0.2, eps: 0 });
    p.grad.set([1e-4, -3, 250]);
    opt.step();
    // 1 · (1 − 0.02) ∓ 0.1
    expect([...p.data].map((x) => Number(x.toFixed(12)))).toEqual([0.88, 1.08, 0.88]);
  });

  it('weight decay defaults to 0.01, as in PyTorch', () => {
    const p = parameter(Float64Array.from([10]));
    new AdamW([p], { lr: 0.5 }).step();
    expect(p.data[0]).toBeCloseTo(10 * (1 - 0.5 * 0.01), 14);
  });

  it('second step with a constant gradient g = 2 (β₁ = 0.5, β₂ = 0.75) and no decay is Adam’s', () => {
    // m̂ = 2, v̂ = 4 after two steps (as in Adam's test), so θ = 0.9 − 0.1 · 2 / √4 = 0.8.
    const p = parameter(Float64Array.from([1]));
    const opt = new AdamW([p], { lr: 0.1, beta1: 0.5, beta2: 0.75, eps: 0, weightDecay: 0 });
    p.grad[0] = 2;
    opt.step();
    opt.step();
    expect(p.data[0]).toBeCloseTo(0.8, 14);
  });

  it('amsgrad divides by the running maximum of v', () => {
    const plain = parameter(Float64Array.from([0]));
    const ams = parameter(Float64Array.from([0]));
    const a = new AdamW([plain], { lr: 0.1 });
    const b = new AdamW([ams], { lr: 0.1, amsgrad: true });
    for (const g of [10, 0.1, 0.1, 0.1]) {
      plain.grad[0] = g;
      ams.grad[0] = g;
      a.step();
      b.step();
    }
    expect(Math.abs(ams.data[0] as number)).toBeLessThan(Math.abs(plain.data[0] as number));
  });
});

describe('the WebAssembly SIMD kernel for float32 parameters in an arena', () => {
  const n = 1003; // not a multiple of 4: the kernel's scalar tail runs too
  const fill = (data: Float32Array, grad: Float32Array, t: number) => {
    for (let i = 0; i < n; i++) grad[i] = Math.sin(0.37 * i + t) * (1 + (i % 7)) + 0.1 * (data[i] as number);
  };

  for (const amsgrad of [false, true]) {
    it(`agrees with the JavaScript loop to float32 rounding (amsgrad ${String(amsgrad)}) and keeps its state in the arena`, () => {
      const arena = createArena({ bytes: 1 << 20 });
      const fast = arena.parameter(n);
      const plain = parameter(new Float32Array(n));
      for (let i = 0; i < n; i++) fast.data[i] = plain.data[i] = Math.cos(i);
      const options = { lr: 0.01, amsgrad, weightDecay: 0.5 };
      const a = new AdamW([fast], options);
      const b = new AdamW([plain], options);
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
      expect(arena.used).toBeGreaterThan((amsgrad ? 5 : 4) * n * 4);
    });
  }

  it('saves and loads into another arena, and continues bit for bit', () => {
    const run = (steps: number, from?: OptimizerStateDictV1, start?: Float32Array) => {
      const arena = createArena({ bytes: 1 << 20 });
      const p = arena.parameter(n);
      if (start) p.data.set(start);
      else for (let i = 0; i < n; i++) p.data[i] = Math.cos(i);
      const opt = new AdamW([p], { lr: 0.01, amsgrad: true });
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
    expect(resumed.arena.used).toBeGreaterThan(5 * n * 4);
  });

  it('allocates nothing per step', async () => {
    const p = createArena({ bytes: 8 << 20 }).parameter(200_000);
    p.grad.fill(0.5);
    const opt = new AdamW([p], { lr: 1e-3 });
    for (let t = 0; t < 5; t++) opt.step();
    expect(
      await allocatesNothing(() => {
        for (let t = 0; t < 300; t++) opt.step();
      }),
    ).toBe(true);
  });
});

describeTorchReplay(adamwPlugin, fixture as TorchTrajectoryFixture, { arena: true });

describeOptimizerConformance(adamwPlugin, {
  quadratic: { options: { lr: 0.05, weightDecay: 0 }, steps: 2000, tolerance: 1e-3 },
  rosenbrock: { options: { lr: 0.02, weightDecay: 0 }, steps: 10_000, tolerance: 0.01 },
  stateful: { lr: 0.01, amsgrad: true, weightDecay: 0.1 },
});
