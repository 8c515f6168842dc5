import { definedByLabel, parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/torch-trajectories.json' with { type: 'json' };
import { asgdPlugin } from './asgd-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('ASGD as torch.optim.ASGD', () => {
  it('validates options as its constructor does, with the same message (the descriptor names the optimizer)', () => {
    const message = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const fromConstructor = message(() => asgdPlugin.create([parameter(Float64Array.from([0]))], { lr: -1 }));
    expect(fromConstructor).toMatch(/^Invalid lr for \w/);
    expect(message(() => asgdPlugin.validate?.({ lr: -1 }))).toBe(fromConstructor);
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(asgdPlugin).split(';')[0]).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
