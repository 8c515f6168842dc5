import { parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { Lars } from './lars.js';

// Behaviours that the mutation run (pnpm test:mutation) found untested.
describe('LARS edges', () => {
  it('a zero update (g = 0, no decay) leaves θ as it was with the default ε = 0, where c‖θ‖/‖u‖ would be 0/0', () => {
    const p = parameter(Float64Array.from([3, -4]));
    const opt = new Lars([p], { lr: 0.1 });
    p.grad.set([0, 0]);
    opt.step();
    expect([...p.data]).toEqual([3, -4]);
  });

  it('counts its steps in the saved state', () => {
    const p = parameter(Float64Array.from([1, 2]));
    const opt = new Lars([p], { lr: 0.1 });
    for (let i = 0; i < 3; i++) {
      p.grad.set([0.5, -0.5]);
      opt.step();
    }
    expect(Object.values(opt.stateDict().state)[0]?.step).toBe(3);
  });

  it('refuses a trust coefficient of 0 (it would never move), naming the option', () => {
    expect(() => new Lars([parameter(Float64Array.from([1]))], { trustCoefficient: 0 })).toThrow(/trustCoefficient/);
    expect(() => new Lars([parameter(Float64Array.from([1]))], { trustCoefficient: 1e-9 })).not.toThrow();
  });
});
