import { parameter } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { AdaBelief } from './adabelief.js';

// Behaviours that the mutation run (pnpm test:mutation) would find untested.
describe('AdaBelief edges', () => {
  it('refuses Nesterov with the rectified update (the authors’ code has no Nesterov form), and takes each alone', () => {
    const w = () => [parameter(Float64Array.from([1]))];
    expect(() => new AdaBelief(w(), { rectify: true, nesterov: true })).toThrow(
      'Invalid nesterov for AdaBelief: true (expected false with rectify (the authors’ rectified update has no Nesterov form))',
    );
    expect(() => new AdaBelief(w(), { rectify: true })).not.toThrow();
    expect(() => new AdaBelief(w(), { nesterov: true })).not.toThrow();
  });

  it('refuses β₁ = 1 and β₂ = 1, naming the option, and takes a β just below 1', () => {
    const w = () => [parameter(Float64Array.from([1]))];
    for (const name of ['beta1', 'beta2']) {
      expect(() => new AdaBelief(w(), { [name]: 1 })).toThrow(new RegExp(`Invalid ${name} for AdaBelief: 1 .*\\[0, 1\\)`));
      expect(() => new AdaBelief(w(), { [name]: 0.999999 })).not.toThrow();
    }
  });

  it('rectified: ρₜ = 5 exactly already takes the adaptive step, as the authors’ `N_sma >= 5`', () => {
    // With β₂ = 0.7074214607621472, ρ₉ = ρ∞ − 18β₂⁹/(1 − β₂⁹) is 5 in float64; a constant g = 1 for nine steps.
    const beta1 = 0.9;
    const beta2 = 0.7074214607621472;
    const rhoMax = 2 / (1 - beta2) - 1;
    const rho = (t: number) => rhoMax - (2 * t * beta2 ** t) / (1 - beta2 ** t);
    expect(rho(9)).toBe(5);
    expect(rho(8)).toBeLessThan(5);
    const w = parameter(Float64Array.from([0]));
    const opt = new AdaBelief([w], { lr: 0.1, beta2, rectify: true });
    let m = 0;
    let s = 0;
    let before = 0;
    for (let t = 1; t <= 9; t++) {
      m = 0.1 + beta1 * m;
      s = (1 - beta2) * (1 - m) ** 2 + beta2 * s + 1e-16;
      before = w.data[0] as number;
      w.grad[0] = 1;
      opt.step();
    }
    const r = Math.sqrt(((1 - beta2 ** 9) * 1 * 3 * rhoMax) / ((rhoMax - 4) * 5 * (rhoMax - 2))) / (1 - beta1 ** 9);
    expect(before - (w.data[0] as number)).toBeCloseTo((0.1 * r * m) / (Math.sqrt(s) + 1e-16), 12);
  });
});

