import { parameter } from '@descent/optim';
import { describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Rmsprop } from './rmsprop.js';
import { rmspropPlugin } from './rmsprop-plugin.js';

describe('RMSprop and the book', () => {
  it('first step is η·g/(√((1−γ)g²) + ε) (eq. 11.7)', () => {
    const w = parameter(Float64Array.from([0]));
    const opt = new Rmsprop([w], { lr: 0.01, alpha: 0.9, eps: 0 });
    w.grad[0] = 4;
    opt.step(); // m = 0.1·16 = 1.6; step = 0.01·4/√1.6
    expect(w.data[0]).toBeCloseTo(-0.04 / Math.sqrt(1.6), 15);
  });

  it('with nesterov follows equation 11.8 on the look-ahead point x + μv', () => {
    const [mu, eta, gamma] = [0.9, 0.01, 0.9];
    const grad = (x: number) => 12 * x - 12;
    let x = 2.5;
    let v = 0;
    let m = 0;
    const theta = parameter(Float64Array.from([x]));
    const opt = new Rmsprop([theta], { lr: eta, alpha: gamma, momentum: mu, nesterov: true, eps: 0 });
    for (let i = 0; i < 60; i++) {
      const g = grad(x + mu * v);
      m = gamma * m + (1 - gamma) * g * g;
      v = mu * v - (eta * g) / Math.sqrt(m);
      x += v;
      theta.grad[0] = grad(theta.data[0] as number);
      opt.step();
      expect(theta.data[0]).toBeCloseTo(x + mu * v, 12);
    }
  });
});

describeTorchReplay(rmspropPlugin, fixture as TorchTrajectoryFixture);

describeOptimizerConformance(rmspropPlugin, {
  quadratic: { options: { lr: 0.01 }, steps: 3000, tolerance: 0.02 },
  rosenbrock: { options: { lr: 0.001, alpha: 0.9 }, steps: 10_000, tolerance: 0.02 },
  stateful: { lr: 0.01, momentum: 0.5, centered: true, weightDecay: 0.01 },
  invalidCombinations: [{ options: { nesterov: true }, message: /Invalid nesterov for RMSprop: true \(expected false unless momentum > 0\)/ }],
});
