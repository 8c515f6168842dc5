import { definedByLabel, parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { Adadelta } from './adadelta.js';
import { adadeltaPlugin } from './adadelta-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('Adadelta as torch.optim.Adadelta', () => {
  it("counts its steps in the saved state, as PyTorch's state['step']", () => {
    const w = parameter(Float64Array.from([1, -1]));
    const opt = new Adadelta([w]);
    w.grad.set([0.5, -0.5]);
    for (let t = 0; t < 3; t++) opt.step();
    expect(Object.values(opt.stateDict().state)[0]?.step).toBe(3);
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(adadeltaPlugin)).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
