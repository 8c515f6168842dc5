import { definedByLabel } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { adagradPlugin } from './adagrad-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) found untested: each test here failed on a surviving mutant.
describe('Adagrad at its edges, as torch.optim.Adagrad', () => {
  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(adagradPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
