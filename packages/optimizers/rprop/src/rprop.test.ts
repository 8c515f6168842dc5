import { parameter } from '@descent/optim';
import { describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Rprop } from './rprop.js';
import { rpropPlugin } from './rprop-plugin.js';

describe('Rprop by hand', () => {
  it('grows the step by η₊ while the sign holds, shrinks it by η₋ and skips the step when it flips', () => {
    const w = parameter(Float64Array.from([1]));
    const opt = new Rprop([w], { lr: 0.1, etaMinus: 0.5, etaPlus: 2 });
    const steps: number[] = [];
    for (const g of [1, 1, -1, -1, -1]) {
      const before = w.data[0] as number;
      w.grad[0] = g;
      opt.step();
      steps.push((w.data[0] as number) - before);
    }
    // 1st: Δ = 0.1 (no previous gradient); 2nd: same sign, Δ = 0.2; 3rd: flip, Δ = 0.1 and no step;
    // 4th: previous counted as 0, Δ stays 0.1, step +0.1; 5th: same sign, Δ = 0.2.
    expect(steps.map((s) => Number(s.toFixed(12)))).toEqual([-0.1, -0.2, 0, 0.1, 0.2]);
  });

  it('clamps the step sizes to [stepSizeMin, stepSizeMax]', () => {
    const w = parameter(Float64Array.from([0, 0]));
    const opt = new Rprop([w], { lr: 0.1, etaPlus: 3, etaMinus: 0.1, stepSizeMin: 0.05, stepSizeMax: 0.25 });
    w.grad.set([1, 1]);
    opt.step(); // Δ = 0.1, 0.1
    w.grad.set([1, -1]);
    opt.step(); // Δ = min(0.3, 0.25) = 0.25; max(0.01, 0.05) = 0.05 with no step
    expect(w.data[0]).toBeCloseTo(-0.35, 14);
    expect(w.data[1]).toBeCloseTo(-0.1, 14);
    const state = opt.stateDict().state['#0'] as Record<string, unknown>;
    expect(state.step).toBe(2);
  });

  it('reads the learning rate on the first step only, as PyTorch does', () => {
    const w = parameter(Float64Array.from([0]));
    const opt = new Rprop([w], { lr: (t: number) => (t === 0 ? 0.1 : 100), etaPlus: 1.5 });
    w.grad[0] = 1;
    opt.step();
    opt.step();
    expect(w.data[0]).toBeCloseTo(-0.25, 14); // 0.1 then 0.15, never 100
  });

  it('refuses η₋ ≥ 1, η₊ ≤ 1 and a stepSizeMin above stepSizeMax, naming the option', () => {
    const p = () => [parameter(new Float64Array(1))];
    expect(() => new Rprop(p(), { etaMinus: 1 })).toThrow(/Invalid etaMinus for Rprop: 1 \(expected a number in \(0, 1\)\)/);
    expect(() => new Rprop(p(), { etaPlus: 1 })).toThrow(/Invalid etaPlus for Rprop: 1 \(expected a number > 1\)/);
    expect(() => new Rprop(p(), { stepSizeMin: 2, stepSizeMax: 1 })).toThrow(/Invalid stepSizeMin for Rprop: 2 \(expected a number ≤ stepSizeMax \(1\)\)/);
  });

  it('has no weight decay, as PyTorch', () => {
    expect(rpropPlugin.options.map((o) => o.name)).not.toContain('weightDecay');
  });
});

describeTorchReplay(rpropPlugin, fixture as TorchTrajectoryFixture);

describeOptimizerConformance(rpropPlugin, {
  // Γ_min below the tolerance: with the default 1e-6 Rprop keeps stepping 1e-6 around the minimum.
  quadratic: { options: { lr: 0.1, stepSizeMin: 1e-9 }, steps: 200, tolerance: 1e-6 },
  rosenbrock: { options: { lr: 0.01 }, steps: 5_000, tolerance: 0.01 },
  learningRateRead: 'first step',
  invalidCombinations: [{ options: { stepSizeMin: 1, stepSizeMax: 0.5 }, message: /Invalid stepSizeMin for Rprop: 1/ }],
  // Γ_min = 0, so that a group with lr 0 stays where it is (with Γ_min > 0 the first clamp would move it, in PyTorch too).
  stateful: { lr: 0.05, etaMinus: 0.4, etaPlus: 1.3, stepSizeMin: 0 },
});
