import { definedByLabel, InvalidOptionError, parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { NAdam } from './nadam.js';
import { nadamPlugin } from './nadam-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('NAdam at its edges, as torch.optim.NAdam', () => {
  it('refuses β₁ = 1 and β₂ = 1 (PyTorch: 0 ≤ β < 1), and takes a β just below 1', () => {
    const w = parameter(Float64Array.from([0]));
    for (const name of ['beta1', 'beta2']) {
      expect(() => new NAdam([w], { [name]: 1 })).toThrow(InvalidOptionError);
      expect(() => new NAdam([w], { [name]: 1 })).toThrow(new RegExp(`${name}.*\\[0, 1\\)`));
      expect(() => new NAdam([w], { [name]: 0.999999 })).not.toThrow();
    }
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(nadamPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
