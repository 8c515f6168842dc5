import { createArena, parameter, type OptimizerStateDictV1 } from '@descent/optim';
import { describeFloat64Replay, allocatesNothing, describeWeightDecayMask, describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/optax-trajectories.json' with { type: 'json' };
import authorsFixture from './__fixtures__/authors-trajectories.json' with { type: 'json' };
import { AdaBelief } from './adabelief.js';
import { adabeliefPlugin } from './adabelief-plugin.js';

/** Runs one parameter from `start` through the given gradients and returns where it ends. */
function descend(start: number, grads: readonly number[], options: ConstructorParameters<typeof AdaBelief>[1]): number {
  const p = parameter(Float64Array.from([start]));
  const opt = new AdaBelief([p], options);
  for (const g of grads) {
    p.grad[0] = g;
    opt.step();
  }
  return p.data[0] as number;
}

describe('AdaBelief by hand', () => {
  it('first step moves each coordinate by η·sign(g)/β₁, whatever the gradient scale (ε = ε_root = 0)', () => {
    // t = 1: m̂ = g, g − m = β₁g, so ŝ = β₁²g² and m̂/√ŝ = sign(g)/β₁: 0.09/0.9 = 0.1.
    const p = parameter(Float64Array.from([1, 1, 1]));
    const opt = new AdaBelief([p], { lr: 0.09, eps: 0, epsRoot: 0 });
    p.grad.set([1e-4, -3, 250]);
    opt.step();
    expect([...p.data].map((x) => Number(x.toFixed(12)))).toEqual([0.9, 1.1, 0.9]);
  });

  it('with Nesterov, m̂ = β₁m/(1 − β₁²) + g at t = 1, so the first step is η·sign(g)·(1 + β₁/(1 + β₁))/β₁', () => {
    // β₁ = 0.5: (1 + 1/3)/0.5 = 8/3; η = 0.03 gives 0.08.
    expect(descend(1, [5], { lr: 0.03, beta1: 0.5, eps: 0, epsRoot: 0, nesterov: true })).toBeCloseTo(0.92, 14);
  });

  it('keeps ε_root in s from step to step, as optax (β₁ = β₂ = 0.5, ε = 0, ε_root = 0.25)', () => {
    // g = 2: m = 1, s = 0.5·1² + 0.25 = 0.75, m̂ = 2, ŝ = 1.5: step 0.1·2/√1.5.
    // g = 0: m = 0.5, s = 0.5·0.25 + 0.5·0.75 + 0.25 = 0.75, m̂ = 2/3, ŝ = 1: step 0.1·(2/3).
    // (Were ε_root only added for the root, s would be 0.5 then 0.375 and the second step 0.1·(2/3)/√(0.5 + 0.25/0.75).)
    expect(descend(0, [2, 0], { lr: 0.1, beta1: 0.5, beta2: 0.5, eps: 0, epsRoot: 0.25 })).toBeCloseTo(-0.2 / Math.sqrt(1.5) - 0.2 / 3, 14);
  });

  it('decays the weights after the adaptive scaling: θ ← θ − η(u + λθ)', () => {
    // Zero gradient: u = 0, so only the decay moves θ: 2 − 0.1·0.5·2.
    expect(descend(2, [0], { lr: 0.1, weightDecay: 0.5 })).toBeCloseTo(1.9, 14);
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
      const a = new AdaBelief([fast], options);
      const b = new AdaBelief([plain], options);
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
      const opt = new AdaBelief([p], { lr: 0.01 });
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
    const opt = new AdaBelief([p], { lr: 1e-3 });
    for (let t = 0; t < 5; t++) opt.step();
    expect(
      await allocatesNothing(() => {
        for (let t = 0; t < 300; t++) opt.step();
      }),
    ).toBe(true);
  });
});

describeTorchReplay(adabeliefPlugin, fixture as TorchTrajectoryFixture, { arena: true });

describeOptimizerConformance(adabeliefPlugin, {
  quadratic: { options: { lr: 0.05 }, steps: 2000, tolerance: 1e-3 },
  rosenbrock: { options: { lr: 0.02 }, steps: 10_000, tolerance: 0.01 },
  stateful: { lr: 0.01, weightDecay: 0.01, nesterov: true },
});

describeWeightDecayMask('AdaBelief', {
  options: { lr: 0.01, weightDecay: 0.1 },
  create: (params, options) => new AdaBelief(params, options),
  independentGroups: true,
});

// The authors'-variant options against a NumPy port of the authors' own code (scripts/numpy-optax-authors-fixtures.py).
describeFloat64Replay(adabeliefPlugin, authorsFixture);
