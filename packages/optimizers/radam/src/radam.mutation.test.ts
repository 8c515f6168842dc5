import { definedByLabel, InvalidOptionError, parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { RAdam, radamRectification } from './radam.js';
import { radamPlugin } from './radam-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('RAdam at its edges, as torch.optim.RAdam', () => {
  it('refuses β₁ = 1 and β₂ = 1 (PyTorch: 0 ≤ β < 1), and takes a β just below 1', () => {
    const w = parameter(Float64Array.from([0]));
    for (const name of ['beta1', 'beta2']) {
      expect(() => new RAdam([w], { [name]: 1 })).toThrow(InvalidOptionError);
      expect(() => new RAdam([w], { [name]: 1 })).toThrow(new RegExp(`${name}.*\\[0, 1\\)`));
      expect(() => new RAdam([w], { [name]: 0.999999 })).not.toThrow();
    }
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(radamPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });

  it('does not rectify at ρ_t = 5 exactly: PyTorch switches on at ρ_t > 5', () => {
    // For β₂ = 0.7678067796924252, ρ₇ is exactly 5.0 in float64 (PyTorch's arithmetic, in Python, gives 5.0 too) and
    // ρ₈ = 5.4154…; r₈ = 0.578847… computed in Python.
    const beta2 = 0.7678067796924252;
    expect(radamRectification(beta2, 7)).toBe(0);
    expect(radamRectification(beta2, 8)).toBeCloseTo(0.5788473626216081, 14);
  });
});
