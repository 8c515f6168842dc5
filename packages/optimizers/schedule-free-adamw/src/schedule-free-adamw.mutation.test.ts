import { parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { ScheduleFreeAdamW } from './schedule-free-adamw.js';

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('Schedule-Free AdamW edges', () => {
  it('refuses β₂ = 1 (no running mean), naming the option, and takes a β₂ just below 1 and β₁ = 1 (y = x)', () => {
    const w = () => [parameter(Float64Array.from([1]))];
    expect(() => new ScheduleFreeAdamW(w(), { beta2: 1 })).toThrow(/^Invalid beta2 for Schedule-Free AdamW: 1 .*\[0, 1\)/);
    expect(() => new ScheduleFreeAdamW(w(), { beta2: 0.999999 })).not.toThrow();
    expect(() => new ScheduleFreeAdamW(w(), { beta1: 1 })).not.toThrow();
  });
});
