import { decodeArray, definedByLabel, InvalidOptionError, parameter, type EncodedArrayV1 } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Rmsprop } from './rmsprop.js';
import { rmspropPlugin } from './rmsprop-plugin.js';

const firstState = (opt: Rmsprop) => Object.values(opt.stateDict().state)[0];

// Behaviours that the mutation run (pnpm test:mutation) found untested: each test here failed on a surviving mutant.
describe('RMSprop at its edges, as torch.optim.RMSprop', () => {
  it("keeps PyTorch's state: step and square_avg, momentum_buffer only with momentum > 0, grad_avg only centered", () => {
    const keysAfterAStep = (options: { momentum: number; centered: boolean }) => {
      const w = parameter(Float64Array.from([1, 2]));
      const opt = new Rmsprop([w], options);
      w.grad.set([0.5, -0.5]);
      opt.step();
      return Object.keys(firstState(opt) ?? {}).sort();
    };
    expect(keysAfterAStep({ momentum: 0, centered: false })).toEqual(['squareAvg', 'step']);
    expect(keysAfterAStep({ momentum: 0.5, centered: false })).toEqual(['momentumBuffer', 'squareAvg', 'step']);
    expect(keysAfterAStep({ momentum: 0, centered: true })).toEqual(['gradAvg', 'squareAvg', 'step']);
  });

  it('saves the running mean of the gradients (grad_avg) when centered, and counts its steps', () => {
    // α = 0.5, g = 1 then 3: grad_avg = 0.5·(0.5·1) + 0.5·3 = 1.75. (Its sign does not show in the step, which uses
    // grad_avg², but a state saved for PyTorch carries it.)
    const w = parameter(Float64Array.from([0]));
    const opt = new Rmsprop([w], { alpha: 0.5, centered: true });
    for (const g of [1, 3]) {
      w.grad[0] = g;
      opt.step();
    }
    const state = firstState(opt);
    expect(state?.step).toBe(2);
    expect(Array.from(decodeArray(state?.gradAvg as EncodedArrayV1))).toEqual([1.75]);
  });

  it('refuses momentum = 1, which never forgets a step: μ ∈ [0, 1)', () => {
    const w = parameter(Float64Array.from([0]));
    expect(() => new Rmsprop([w], { momentum: 1 })).toThrow(InvalidOptionError);
    expect(() => new Rmsprop([w], { momentum: 1 })).toThrow(/momentum.*\[0, 1\)/);
    expect(() => new Rmsprop([w], { momentum: 0.999 })).not.toThrow();
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(rmspropPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
