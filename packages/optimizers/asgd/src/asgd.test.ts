import { parameter } from '@descent/optim';
import {
  describeOptimizerConformance,
  describeTorchReplay,
  replayTorchTrajectory,
  torchOptionsToDescent,
  type TorchTrajectoryFixture,
} from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Asgd } from './asgd.js';
import type { AsgdOptions } from './asgd-options.js';
import { asgdPlugin } from './asgd-plugin.js';

describe('ASGD by hand', () => {
  it('takes θ(1 − λη) − ηg, then decays η as η₀ / (1 + λη₀t)^α', () => {
    const w = parameter(Float64Array.from([2]));
    const opt = new Asgd([w], { lr: 0.5, lambd: 0.1, alpha: 1 });
    w.grad[0] = 1;
    opt.step(); // 2·(1 − 0.05) − 0.5 = 1.4
    expect(w.data[0]).toBeCloseTo(1.4, 15);
    const eta = Math.fround(0.5 / (1 + 0.1 * 0.5 * 1)); // PyTorch keeps η in float32
    opt.step(); // 1.4·(1 − 0.1η) − η
    expect(w.data[0]).toBeCloseTo(1.4 * (1 - 0.1 * eta) - eta, 15);
  });

  it('averaged(param) is the parameter itself until t₀ + 1, then the mean of the parameters from step t₀ + 2 on', () => {
    const w = parameter(Float64Array.from([1, -2]));
    const opt = new Asgd([w], { lr: 0.05, t0: 3 });
    expect(opt.averaged(w)).toBeUndefined();
    const seen: number[][] = [];
    for (let t = 1; t <= 12; t++) {
      w.grad[0] = w.data[0] as number;
      w.grad[1] = Math.cos(t);
      opt.step();
      seen.push([...w.data]);
      if (t <= 5) expect([...(opt.averaged(w) ?? [])]).toEqual([...w.data]);
    }
    const since = seen.slice(4); // steps 5 … 12
    const mean = [0, 1].map((i) => since.reduce((sum, row) => sum + (row[i] as number), 0) / since.length);
    const ax = opt.averaged(w) ?? new Float64Array(2);
    // μ = 1/k is a float32 number in PyTorch, so the mean holds to float32 precision.
    expect(ax[0]).toBeCloseTo(mean[0] as number, 6);
    expect(ax[1]).toBeCloseTo(mean[1] as number, 6);
    expect(ax[1]).not.toBeCloseTo(w.data[1] as number, 3);
  });

  it('averaged(param) refuses a parameter it does not hold', () => {
    const opt = new Asgd([parameter(new Float64Array(1))]);
    expect(() => opt.averaged(parameter(new Float64Array(1)))).toThrow(/ASGD.averaged: the parameter is not one of this optimizer’s parameters/);
  });

  it('saves the average in the state dict as ax, and a loaded optimizer reads it back', () => {
    const w = parameter(Float64Array.from([1, -2]));
    const opt = new Asgd([w], { lr: 0.05, t0: 1 });
    for (let t = 0; t < 6; t++) {
      w.grad.set([Math.sin(t), 1]);
      opt.step();
    }
    const saved = JSON.parse(JSON.stringify(opt.stateDict())) as ReturnType<typeof opt.stateDict>;
    expect(Object.keys(saved.state['#0'] ?? {}).sort()).toEqual(['ax', 'eta', 'mu', 'step']);
    const copy = parameter(w.data.slice());
    const resumed = new Asgd([copy]);
    resumed.loadStateDict(saved);
    expect([...(resumed.averaged(copy) ?? [])]).toEqual([...(opt.averaged(w) ?? [])]);
  });

  it('the averages follow PyTorch: in the last fixture case, ax is the float32-weighted mean of its own trajectory', () => {
    // torch's ax is not in the fixture, but it is a function of the trajectory the replay checks: rebuild it.
    const c = fixture.cases[1] as (typeof fixture.cases)[number];
    const options = torchOptionsToDescent(c.options) as Partial<AsgdOptions>;
    const rows = replayTorchTrajectory(asgdPlugin, fixture as TorchTrajectoryFixture, options, 'float64');
    let ax = rows[0] as number[];
    rows.forEach((row, k) => {
      const mu = Math.fround(1 / Math.max(1, k - (options.t0 ?? 0))); // μ of step k + 1, set after step k
      if (k > 0) ax = mu === 1 ? row : ax.map((a, i) => a + ((row[i] as number) - a) * mu);
    });
    const w = parameter(Float64Array.from(fixture.start));
    const opt = new Asgd([w], options);
    for (const noise of fixture.noise) {
      for (let i = 0; i < w.data.length; i++) w.grad[i] = (fixture.scales[i] as number) * (w.data[i] as number) + (noise[i] as number);
      opt.step();
    }
    const ours = [...(opt.averaged(w) ?? [])];
    ours.forEach((value, i) => {
      expect(value).toBeCloseTo(ax[i] as number, 12);
    });
  });
});

describeTorchReplay(asgdPlugin, fixture as TorchTrajectoryFixture);

describeOptimizerConformance(asgdPlugin, {
  // λ = 0: the default λ shrinks the parameters towards 0 every step, which moves the minimum.
  quadratic: { options: { lr: 0.15, lambd: 0 }, steps: 300, tolerance: 1e-6 },
  learningRateRead: 'one step late',
  rosenbrock: { options: { lr: 0.001, lambd: 0 }, steps: 40_000, tolerance: 0.01 },
  stateful: { lr: 0.05, lambd: 0.01, t0: 3, weightDecay: 0.01 },
});
