import { definedByLabel } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { asgdPlugin } from './asgd-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('ASGD as torch.optim.ASGD', () => {
  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(asgdPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
