import { cosineDecay, parameter } from '@descent/optim';
import { describeOptimizerConformance, describeTorchReplay, type TorchTrajectoryFixture } from '@descent/optim/testing';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Adadelta } from './adadelta.js';
import { adadeltaPlugin } from './adadelta-plugin.js';

describe('Adadelta by hand', () => {
  it('first step is √ε / √((1−ρ)g² + ε) · g', () => {
    // ρ = 0.5, ε = 0.01, g = 1: E[g²] = 0.5; Δ = √0.01 / √0.51 = 0.1/√0.51.
    const w = parameter(Float64Array.from([0]));
    const opt = new Adadelta([w], { rho: 0.5, eps: 0.01 });
    w.grad[0] = 1;
    opt.step();
    expect(w.data[0]).toBeCloseTo(-0.1 / Math.sqrt(0.51), 15);
  });
});

describeTorchReplay(adadeltaPlugin, fixture as TorchTrajectoryFixture);

describeOptimizerConformance(adadeltaPlugin, {
  quadratic: { options: { lr: 1, eps: 1e-3 }, steps: 3000, tolerance: 0.01 },
  // Adadelta's effective step grows along Rosenbrock's valley and wanders; a decaying scale lets it settle.
  rosenbrock: { options: { lr: cosineDecay(0.1, 30_000), eps: 1e-7 }, steps: 30_000, tolerance: 0.01 },
  stateful: { lr: 1, rho: 0.9, weightDecay: 0.01 },
});
