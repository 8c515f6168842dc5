import { definedByLabel } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { sgdPlugin } from './sgd-plugin.js';

// A behaviour of SGD's descriptor that only mutation testing found unchecked: `definedBy` may be emptied without a
// test failing.
describe('SGD descriptor', () => {
  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(sgdPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
