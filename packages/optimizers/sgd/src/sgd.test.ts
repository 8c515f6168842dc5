import { parameter } from '@descent/optim';
import { describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Sgd } from './sgd.js';
import { sgdPlugin } from './sgd-plugin.js';

describe('SGD by hand', () => {
  it('reproduces figure 11-1: 15 steps of η = 0.03 on f(x) = 6x² − 12x + 3 from −0.9 end at 0.997648', () => {
    const x = parameter(Float64Array.from([-0.9]));
    const opt = new Sgd([x], { lr: 0.03 });
    for (let i = 0; i < 15; i++) {
      x.grad[0] = 12 * (x.data[0] as number) - 12; // eq. 11.3
      opt.step();
    }
    expect((x.data[0] as number).toFixed(6)).toBe('0.997648');
  });

  it('applies weight decay before the step: θ ← θ − η(g + λθ)', () => {
    const w = parameter(Float64Array.from([2]));
    const opt = new Sgd([w], { lr: 0.5, weightDecay: 0.1 });
    w.grad[0] = 1;
    opt.step(); // 2 − 0.5·(1 + 0.2) = 1.4
    expect(w.data[0]).toBeCloseTo(1.4, 15);
  });
});

describeTorchReplay(sgdPlugin, fixture as TorchTrajectoryFixture, { arena: true });

describeOptimizerConformance(sgdPlugin, {
  quadratic: { options: { lr: 0.15 }, steps: 300, tolerance: 1e-6 },
  rosenbrock: { options: { lr: 0.001 }, steps: 40_000, tolerance: 0.01 },
  stateful: { lr: 0.05, weightDecay: 0.01 },
  // Plain SGD keeps no state per parameter.
  stateArrays: false,
});
