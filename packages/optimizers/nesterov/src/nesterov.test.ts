import { parameter } from '@descent/optim';
import { describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Nesterov } from './nesterov.js';
import { nesterovPlugin } from './nesterov-plugin.js';

describe('Nesterov and the book', () => {
  it('stores the look-ahead point x + μv of equation 11.6 after every step', () => {
    // Book: v ← μv − η f′(x + μv); x ← x + v on f(x) = 6x² − 12x + 3 from 0.75.
    const mu = 0.8;
    const eta = 0.05;
    let x = 0.75;
    let v = 0;
    const theta = parameter(Float64Array.from([x]));
    const opt = new Nesterov([theta], { lr: eta, momentum: mu });
    for (let i = 0; i < 40; i++) {
      v = mu * v - eta * (12 * (x + mu * v) - 12);
      x += v;
      theta.grad[0] = 12 * (theta.data[0] as number) - 12;
      opt.step();
      expect(theta.data[0]).toBeCloseTo(x + mu * v, 12);
    }
  });
});

describeTorchReplay(nesterovPlugin, fixture as TorchTrajectoryFixture, { dropOptions: ['nesterov'] });

describeOptimizerConformance(nesterovPlugin, {
  quadratic: { options: { lr: 0.05, momentum: 0.5 }, steps: 300, tolerance: 1e-6 },
  rosenbrock: { options: { lr: 0.0005, momentum: 0.9 }, steps: 20_000, tolerance: 0.01 },
  stateful: { lr: 0.05, momentum: 0.8, weightDecay: 0.01 },
});
