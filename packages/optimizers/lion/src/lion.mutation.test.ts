import { parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { Lion } from './lion.js';

// Behaviours that the mutation run (pnpm test:mutation) found untested.
describe('Lion edges', () => {
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
