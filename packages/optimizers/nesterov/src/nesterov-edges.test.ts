import { definedByLabel, InvalidOptionError, parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Nesterov } from './nesterov.js';
import { nesterovPlugin } from './nesterov-plugin.js';

describe('Nesterov at its edges', () => {
  it('refuses μ = 0 (no look-ahead) and μ = 1 (a velocity that never decays): μ ∈ (0, 1)', () => {
    const w = parameter(Float64Array.from([0]));
    for (const momentum of [0, 1]) {
      expect(() => new Nesterov([w], { momentum })).toThrow(InvalidOptionError);
      expect(() => new Nesterov([w], { momentum })).toThrow(new RegExp(`momentum.*${String(momentum)}.*\\(0, 1\\)`));
    }
    expect(() => new Nesterov([w], { momentum: 0.001 })).not.toThrow();
    expect(() => new Nesterov([w], { momentum: 0.999 })).not.toThrow();
  });

  it('counts its steps in the saved state (the first step starts the buffer at the gradient)', () => {
    const w = parameter(Float64Array.from([0, 0]));
    const opt = new Nesterov([w], { lr: 0.1, momentum: 0.5 });
    w.grad.set([1, -1]);
    for (let t = 0; t < 3; t++) opt.step();
    expect(Object.values(opt.stateDict().state)[0]?.step).toBe(3);
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(nesterovPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
