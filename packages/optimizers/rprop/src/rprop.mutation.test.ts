import { definedByLabel, InvalidOptionError, parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Rprop } from './rprop.js';
import { rpropPlugin } from './rprop-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('Rprop at its edges, as torch.optim.Rprop', () => {
  it('refuses the step factors PyTorch refuses (0 < η₋ < 1 < η₊) and takes values just inside', () => {
    const w = parameter(Float64Array.from([0]));
    for (const [name, value] of [['etaMinus', 0], ['etaMinus', 1], ['etaPlus', 1]] as const) {
      expect(() => new Rprop([w], { [name]: value }), `${name} = ${String(value)}`).toThrow(InvalidOptionError);
      expect(() => new Rprop([w], { [name]: value }), `${name} = ${String(value)}`).toThrow(new RegExp(`Invalid ${name}`));
    }
    expect(() => new Rprop([w], { etaMinus: 1e-9, etaPlus: 1.000001 })).not.toThrow();
    expect(() => new Rprop([w], { etaMinus: 0.999999 })).not.toThrow();
  });

  it('takes Γ_min = Γ_max, a fixed step size: every step moves each coordinate by exactly Γ against the gradient sign', () => {
    const w = parameter(Float64Array.from([1, -1]));
    const opt = new Rprop([w], { lr: 0.5, stepSizeMin: 0.25, stepSizeMax: 0.25 });
    w.grad.set([3, -0.001]);
    opt.step();
    opt.step();
    expect(Array.from(w.data)).toEqual([0.5, -0.5]);
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(rpropPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
