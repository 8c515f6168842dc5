import { parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { Lion } from './lion.js';
import { lionPlugin } from './lion-plugin.js';

// Behaviours that the mutation run (pnpm test:mutation) found untested.
describe('Lion edges', () => {
  it('validates options as its constructor does, with the same message (the descriptor names the optimizer)', () => {
    const message = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const fromConstructor = message(() => new Lion([parameter(Float64Array.from([0]))], { lr: -1 }));
    expect(fromConstructor).toMatch(/^Invalid lr for Lion/);
    expect(message(() => lionPlugin.validate?.({ lr: -1 }))).toBe(fromConstructor);
  });

  it('counts its steps in the saved state', () => {
    const p = parameter(Float64Array.from([1, 2]));
    const opt = new Lion([p], { lr: 0.1 });
    for (let i = 0; i < 3; i++) {
      p.grad.set([0.5, -0.5]);
      opt.step();
    }
    expect(Object.values(opt.stateDict().state)[0]?.step).toBe(3);
  });
});
