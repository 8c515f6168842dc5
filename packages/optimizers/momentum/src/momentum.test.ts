import { parameter } from '@descent/optim';
import { describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Momentum } from './momentum.js';
import { momentumPlugin } from './momentum-plugin.js';

describe('Momentum and the book', () => {
  it('follows equation 11.5 (v ← μv − ηf′(x); x ← x + v) step for step: figure 11-6 ends at 1.000215', () => {
    const x = parameter(Float64Array.from([0.75]));
    const opt = new Momentum([x], { lr: 0.09, momentum: 0.8 });
    let bookX = 0.75;
    let v = 0;
    for (let i = 0; i < 50; i++) {
      v = 0.8 * v - 0.09 * (12 * bookX - 12);
      bookX += v;
      x.grad[0] = 12 * (x.data[0] as number) - 12;
      opt.step();
      expect(x.data[0]).toBeCloseTo(bookX, 13);
    }
    expect((x.data[0] as number).toFixed(6)).toBe('1.000215');
  });

  it('dampens the gradient from the second step on, as PyTorch does', () => {
    const w = parameter(Float64Array.from([0]));
    const opt = new Momentum([w], { lr: 1, momentum: 0.5, dampening: 0.5 });
    w.grad[0] = 1;
    opt.step(); // b = 1 → w = −1
    opt.step(); // b = 0.5·1 + 0.5·1 = 1 → w = −2
    expect(w.data[0]).toBe(-2);
  });
});

describeTorchReplay(momentumPlugin, fixture as TorchTrajectoryFixture, { arena: true });

describeOptimizerConformance(momentumPlugin, {
  quadratic: { options: { lr: 0.05, momentum: 0.5 }, steps: 300, tolerance: 1e-6 },
  rosenbrock: { options: { lr: 0.0005, momentum: 0.9 }, steps: 20_000, tolerance: 0.01 },
  stateful: { lr: 0.05, momentum: 0.8, dampening: 0.1, weightDecay: 0.01 },
});
