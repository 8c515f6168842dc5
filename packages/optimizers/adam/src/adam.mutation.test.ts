import { definedByLabel, InvalidOptionError, parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Adam } from './adam.js';
import { adamPlugin } from './adam-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) found untested: each test here failed on a surviving mutant.
describe('Adam at its edges, as torch.optim.Adam', () => {
  it('refuses β₁ = 1 and β₂ = 1 (PyTorch: 0 ≤ β < 1), and takes a β just below 1', () => {
    const w = parameter(Float64Array.from([0]));
    for (const name of ['beta1', 'beta2']) {
      expect(() => new Adam([w], { [name]: 1 })).toThrow(InvalidOptionError);
      expect(() => new Adam([w], { [name]: 1 })).toThrow(new RegExp(`${name}.*\\[0, 1\\)`));
      expect(() => new Adam([w], { [name]: 0.999999 })).not.toThrow();
    }
  });

  it("keeps PyTorch's state: step, exp_avg and exp_avg_sq, and max_exp_avg_sq only with amsgrad", () => {
    const keysAfterAStep = (amsgrad: boolean) => {
      const w = parameter(Float64Array.from([1, 2]));
      const opt = new Adam([w], { amsgrad });
      w.grad.set([0.5, -0.5]);
      opt.step();
      return Object.keys(Object.values(opt.stateDict().state)[0] ?? {}).sort();
    };
    expect(keysAfterAStep(false)).toEqual(['expAvg', 'expAvgSq', 'step']);
    expect(keysAfterAStep(true)).toEqual(['expAvg', 'expAvgSq', 'maxExpAvgSq', 'step']);
  });

  it('leaves an infinite parameter infinite without weight decay (PyTorch adds no 0·θ, which would be NaN)', () => {
    const w = parameter(Float64Array.from([Number.POSITIVE_INFINITY, 1]));
    const opt = new Adam([w], { lr: 0.1, eps: 0 });
    w.grad.set([1, 1]);
    opt.step();
    expect(w.data[0]).toBe(Number.POSITIVE_INFINITY);
    expect(w.data[1]).toBeCloseTo(0.9, 14);
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(adamPlugin)).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
