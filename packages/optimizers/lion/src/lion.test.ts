import { createArena, parameter, type OptimizerStateDictV1 } from '@descent/optim';
import { allocatesNothing, describeWeightDecayMask, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import { Lion } from './lion.js';
import { lionPlugin } from './lion-plugin.js';

/** Runs one parameter from `start` through the given gradients and returns where it ends. */
function descend(start: number, grads: readonly number[], options: ConstructorParameters<typeof Lion>[1]): number {
  const p = parameter(Float64Array.from([start]));
  const opt = new Lion([p], options);
  for (const g of grads) {
    p.grad[0] = g;
    opt.step();
  }
  return p.data[0] as number;
}

describe('Lion by hand', () => {
  it('first step moves each coordinate by η·sign(g) plus the decay ηλθ, whatever the gradient scale', () => {
    // m = 0: u = sign((1 − β₁)g) = sign(g); θ ← θ − η(sign(g) + λθ) = 1 − 0.1(±1 + 0.5).
    const p = parameter(Float64Array.from([1, 1, 1, 1]));
    const opt = new Lion([p], { lr: 0.1, weightDecay: 0.5 });
    p.grad.set([1e-6, -3, 250, 0]);
    opt.step();
    expect([...p.data].map((x) => Number(x.toFixed(12)))).toEqual([0.85, 1.05, 0.85, 0.95]);
  });

  it('the sign looks at β₁m + (1 − β₁)g, the momentum decays with β₂ (β₁ = 0.9, β₂ = 0.5, no decay)', () => {
    // g = 1: θ = 0.9, m = 0.5. g = −0.1: 0.9·0.5 − 0.01 > 0, so the step is still −η: θ = 0.8 (plain SGD's sign would climb).
    expect(descend(1, [1, -0.1], { lr: 0.1, beta1: 0.9, beta2: 0.5, weightDecay: 0 })).toBeCloseTo(0.8, 14);
    // With β₁ = 0.1 the new gradient dominates the sign: 0.1·0.5 − 0.09 < 0, so θ returns to 1.
    expect(descend(1, [1, -0.1], { lr: 0.1, beta1: 0.1, beta2: 0.5, weightDecay: 0 })).toBeCloseTo(1, 14);
    // The momentum is m = β₂m + (1 − β₂)g, not β₁'s: with β₂ = 0.99, m = 0.01 after g = 1, and g = −0.1 wins the sign.
    expect(descend(1, [1, -0.1], { lr: 0.1, beta1: 0.9, beta2: 0.99, weightDecay: 0 })).toBeCloseTo(1, 14);
  });

  it("defaults to optax's β₁ 0.9, β₂ 0.99 and weight decay 1e-3", () => {
    const opt = new Lion([parameter(new Float64Array(1))]);
    expect(opt.paramGroups[0]?.options).toEqual({ beta1: 0.9, beta2: 0.99, weightDecay: 1e-3, noDecayBias: false, lr: 1e-4, maximize: false });
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
      const a = new Lion([fast], options);
      const b = new Lion([plain], options);
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
      expect(arena.used).toBeGreaterThan(3 * n * 4);
    });
  }

  it('takes sign(0) = 0 in every lane and in the tail, as jnp.sign', () => {
    const p = createArena({ bytes: 1 << 16 }).parameter(7);
    p.data.fill(1);
    p.grad.set([0, 2, -2, 0, 0, -1, 1]);
    new Lion([p], { lr: 0.5, weightDecay: 0 }).step();
    expect([...p.data]).toEqual([1, 0.5, 1.5, 1, 1, 1.5, 0.5]);
  });

  it('saves and loads into another arena, and continues bit for bit', () => {
    const run = (steps: number, from?: OptimizerStateDictV1, start?: Float32Array) => {
      const arena = createArena({ bytes: 1 << 20 });
      const p = arena.parameter(n);
      if (start) p.data.set(start);
      else for (let i = 0; i < n; i++) p.data[i] = Math.cos(i);
      const opt = new Lion([p], { lr: 0.01 });
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
    expect(resumed.arena.used).toBeGreaterThan(3 * n * 4);
  });

  it('allocates nothing per step', async () => {
    const p = createArena({ bytes: 8 << 20 }).parameter(200_000);
    p.grad.fill(0.5);
    const opt = new Lion([p], { lr: 1e-3 });
    for (let t = 0; t < 5; t++) opt.step();
    expect(
      await allocatesNothing(() => {
        for (let t = 0; t < 300; t++) opt.step();
      }),
    ).toBe(true);
  });
});

describeTorchReplay(lionPlugin, fixture as TorchTrajectoryFixture, { arena: true });

describeOptimizerConformance(lionPlugin, {
  quadratic: { options: { lr: 1e-3, weightDecay: 0 }, steps: 5000, tolerance: 1e-2 },
  rosenbrock: { options: { lr: 1e-3, weightDecay: 0 }, steps: 10_000, tolerance: 0.02 },
  stateful: { lr: 0.01, weightDecay: 0.01 },
});

describeWeightDecayMask('Lion', {
  options: { lr: 0.01, weightDecay: 0.1 },
  create: (params, options) => new Lion(params, options),
  independentGroups: true,
});
