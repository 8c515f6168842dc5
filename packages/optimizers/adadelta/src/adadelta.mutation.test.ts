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

  it('validates options as its constructor does, with the same message (the descriptor names the optimizer)', () => {
    const message = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const fromConstructor = message(() => adadeltaPlugin.create([parameter(Float64Array.from([0]))], { lr: -1 }));
    expect(fromConstructor).toMatch(/^Invalid lr for \w/);
    expect(message(() => adadeltaPlugin.validate?.({ lr: -1 }))).toBe(fromConstructor);
  });

  it('says it follows the PyTorch version its replay fixture was recorded with', () => {
    const [major, minor] = fixture.torch.split('.');
    expect(definedByLabel(adadeltaPlugin)).toBe(`PyTorch ${major ?? ''}.${minor ?? ''}`);
  });
});
