import { createArena, parameter, type OptimizerStateDictV1 } from '@descent/optim';
import { allocatesNothing, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import decoupledFixture from './__fixtures__/numpy-decoupled-weight-decay.json' with { type: 'json' };
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { NAdam } from './nadam.js';
import { nadamPlugin } from './nadam-plugin.js';

describe('NAdam by hand', () => {
  it('first step with a constant momentum μ = β₁/2 (ψ = 0, β₁ = 0.5): η·(1 + 0.25·0.5/(1 − 0.25²))·sign(g)', () => {
    // μ₁ = μ₂ = 0.25, m = 0.5g, v̂ = g²: θ ← θ − η[(1 − μ₁)g/(1 − μ₁) + μ₂·m/(1 − μ₁μ₂)]/|g| = θ − η·(17/15)·sign(g).
    const p = parameter(Float64Array.from([1, 1]));
    const opt = new NAdam([p], { lr: 0.15, beta1: 0.5, momentumDecay: 0, eps: 0 });
    p.grad.set([3, -1e-3]);
    opt.step();
    expect(p.data[0]).toBeCloseTo(0.83, 14);
    expect(p.data[1]).toBeCloseTo(1.17, 14);
  });

  it('keeps Π μ_i in float32, as PyTorch does, with μ_t = β₁(1 − ½·0.96^(tψ))', () => {
    const p = parameter(Float64Array.from([1]));
    const opt = new NAdam([p]);
    p.grad[0] = 1;
    opt.step();
    opt.step();
    const mu = (t: number) => 0.9 * (1 - 0.5 * 0.96 ** (t * 4e-3));
    const expected = Math.fround(Math.fround(mu(1)) * Math.fround(mu(2)));
    expect(opt.stateDict().state['#0']?.muProduct).toBe(expected);
    expect(expected).not.toBe(mu(1) * mu(2));
  });

  it('decoupledWeightDecay shrinks θ by 1 − ηλ and leaves the gradient alone; coupled decay moves θ through the update', () => {
    const decoupled = parameter(Float64Array.from([2]));
    const coupled = parameter(Float64Array.from([2]));
    new NAdam([decoupled], { lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true }).step();
    new NAdam([coupled], { lr: 0.1, weightDecay: 0.5 }).step();
    // A zero gradient: m = v = 0 with decoupled decay, so only the shrink acts.
    expect(decoupled.data[0]).toBeCloseTo(1.9, 15);
    // Coupled, g = λθ = 1 > 0 and the first step is about η(1 + μ₂(1 − β₁)/(1 − μ₁μ₂)) ≈ 0.15 downhill.
    expect(coupled.data[0]).toBeLessThan(1.9);
  });
});

describe('the WebAssembly SIMD kernel for float32 parameters in an arena', () => {
  const n = 1003; // not a multiple of 4: the kernel's scalar tail runs too
  const fill = (data: Float32Array, grad: Float32Array, t: number) => {
    for (let i = 0; i < n; i++) grad[i] = Math.sin(0.37 * i + t) * (1 + (i % 7)) + 0.1 * (data[i] as number);
  };

  for (const decoupledWeightDecay of [false, true]) {
    it(`agrees with the JavaScript loop to float32 rounding (weight decay, decoupled ${String(decoupledWeightDecay)}) and keeps its state in the arena`, () => {
      const arena = createArena({ bytes: 1 << 20 });
      const fast = arena.parameter(n);
      const plain = parameter(new Float32Array(n));
      for (let i = 0; i < n; i++) fast.data[i] = plain.data[i] = Math.cos(i);
      const options = { lr: 0.01, weightDecay: 0.5, decoupledWeightDecay };
      const a = new NAdam([fast], options);
      const b = new NAdam([plain], options);
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
      const opt = new NAdam([p], { lr: 0.01 });
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
    const opt = new NAdam([p], { lr: 1e-3 });
    for (let t = 0; t < 5; t++) opt.step();
    expect(
      await allocatesNothing(() => {
        for (let t = 0; t < 300; t++) opt.step();
      }),
    ).toBe(true);
  });
});

describeTorchReplay(nadamPlugin, fixture as TorchTrajectoryFixture, { arena: true });
describeTorchReplay(nadamPlugin, decoupledFixture as TorchTrajectoryFixture, { arena: true });

describeOptimizerConformance(nadamPlugin, {
  quadratic: { options: { lr: 0.05 }, steps: 2000, tolerance: 1e-3 },
  rosenbrock: { options: { lr: 0.02 }, steps: 10_000, tolerance: 0.01 },
  stateful: { lr: 0.01, weightDecay: 0.01 },
});
