import { definedByLabel, InvalidOptionError, parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Momentum } from './momentum.js';
import { momentumPlugin } from './momentum-plugin.js';

describe('Momentum at its edges', () => {
  it('refuses μ = 1, which keeps every past gradient forever: μ ∈ [0, 1)', () => {
    const w = parameter(Float64Array.from([0]));
    expect(() => new Momentum([w], { momentum: 1 })).toThrow(InvalidOptionError);
    expect(() => new Momentum([w], { momentum: 1 })).toThrow(/momentum.*1.*\[0, 1\)/);
    expect(() => new Momentum([w], { momentum: 0.999 })).not.toThrow();
  });

  it('counts its steps in the saved state (the first step starts the buffer at the gradient)', () => {
    const w = parameter(Float64Array.from([0, 0]));
    const opt = new Momentum([w], { lr: 0.1, momentum: 0.5 });
    w.grad.set([1, -1]);
    for (let t = 0; t < 3; t++) opt.step();
    expect(Object.values(opt.stateDict().state)[0]?.step).toBe(3);
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(momentumPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
