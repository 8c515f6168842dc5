import { parameter } from '@descent/optim';
import { describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Adagrad } from './adagrad.js';
import { adagradPlugin } from './adagrad-plugin.js';

describe('Adagrad and the book', () => {
  it('equation 11.9: each step is η·g/√(Σg²) per component', () => {
    const w = parameter(Float64Array.from([0, 0]));
    const opt = new Adagrad([w], { lr: 1, eps: 0 });
    w.grad.set([3, -100]);
    opt.step(); // −3/3, +100/100
    expect([...w.data]).toEqual([-1, 1]);
    w.grad.set([4, -100]);
    opt.step(); // −4/√25, +100/√20000
    expect(w.data[0]).toBeCloseTo(-1.8, 15);
    expect(w.data[1]).toBeCloseTo(1 + 100 / Math.sqrt(20000), 15);
  });
});

describeTorchReplay(adagradPlugin, fixture as TorchTrajectoryFixture);

describeOptimizerConformance(adagradPlugin, {
  quadratic: { options: { lr: 0.5 }, steps: 2000, tolerance: 1e-4 },
  rosenbrock: { options: { lr: 0.5 }, steps: 20_000, tolerance: 0.02 },
  stateful: { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1, weightDecay: 0.01 },
});
