import { parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { Yogi, YOGI_INITIAL_ACCUMULATOR } from './yogi.js';

// Behaviours that the mutation run (pnpm test:mutation) found untested.
describe('Yogi edges', () => {
  it('g² equal to v leaves v as it was: sign(v − g²) = 0 (float64, the JavaScript path)', () => {
    // v starts at 1e-6 and 0.001² is exactly 1e-6 in float64.
    expect(0.001 * 0.001).toBe(YOGI_INITIAL_ACCUMULATOR);
    const p = parameter(Float64Array.from([1]));
    const opt = new Yogi([p], { lr: 0.1 });
    p.grad.set([0.001]);
    opt.step();
    // v stays 1e-6; m = 0.9·1e-6 + 0.1·0.001; the step uses m̂ = m / 0.1 and v̂ = v / 0.001.
    const m = 0.9 * 1e-6 + 0.1 * 0.001;
    expect(p.data[0]).toBeCloseTo(1 - (0.1 * (m / 0.1)) / (Math.sqrt(1e-6 / (1 - 0.999)) + 1e-3), 14);
  });

  it('refuses β₁ = 1 and β₂ = 1 (no running mean), naming the option', () => {
    const p = () => [parameter(Float64Array.from([1]))];
    expect(() => new Yogi(p(), { beta1: 1 })).toThrow(/beta1/);
    expect(() => new Yogi(p(), { beta2: 1 })).toThrow(/beta2/);
    expect(() => new Yogi(p(), { beta1: 0.999999, beta2: 0.999999 })).not.toThrow();
  });
});
