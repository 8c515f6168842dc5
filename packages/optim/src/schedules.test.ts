import { describe, expect, it } from 'vitest';
import { cosineDecay, exponentialDecay, inverseTimeDecay, linearWarmup, stepDecay } from './schedules.js';

describe('learning-rate schedules', () => {
  it('stepDecay multiplies by γ every stepSize steps (PyTorch StepLR)', () => {
    const s = stepDecay(0.1, 3, 0.5);
    expect([0, 1, 2, 3, 5, 6].map(s)).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025]);
  });
  it('exponentialDecay and inverseTimeDecay', () => {
    expect(exponentialDecay(2, 0.5)(3)).toBe(0.25);
    expect(inverseTimeDecay(1, 0.5)(2)).toBe(0.5);
  });
  it('cosineDecay runs half a cosine and then holds', () => {
    const s = cosineDecay(1, 10, 0.1);
    expect(s(0)).toBe(1);
    expect(s(5)).toBeCloseTo(0.55, 12);
    expect(s(10)).toBe(0.1);
    expect(s(50)).toBe(0.1);
  });
  it('linearWarmup ramps up to the inner schedule', () => {
    const s = linearWarmup(0.3, 2);
    const values = [0, 1, 2, 3].map(s);
    [0.1, 0.2, 0.3, 0.3].forEach((v, i) => { expect(values[i]).toBeCloseTo(v, 15); });
  });
  it('reject bad arguments where they are made', () => {
    expect(() => stepDecay(0.1, 0)).toThrow('Invalid stepSize for stepDecay: 0 (expected a whole number > 0)');
    expect(() => exponentialDecay(0.1, 1.5)).toThrow(/gamma/);
    expect(() => cosineDecay(0.1, 10, 0.5)).toThrow(/minLr/);
  });

  it('refuse each argument outside its range with its exact message, and take the values at its edges', () => {
    const refusals: [() => unknown, string][] = [
      [() => stepDecay(-0.1, 3), 'Invalid lr for stepDecay: -0.1 (expected a number ≥ 0)'],
      [() => stepDecay(Number.NaN, 3), 'Invalid lr for stepDecay: NaN (expected a number ≥ 0)'],
      [() => stepDecay(0.1, 2.5), 'Invalid stepSize for stepDecay: 2.5 (expected a whole number > 0)'],
      [() => stepDecay(0.1, 3, 0), 'Invalid gamma for stepDecay: 0 (expected a number in (0, 1])'],
      [() => stepDecay(0.1, 3, 1.01), 'Invalid gamma for stepDecay: 1.01 (expected a number in (0, 1])'],
      [() => exponentialDecay(-1, 0.5), 'Invalid lr for exponentialDecay: -1 (expected a number ≥ 0)'],
      [() => exponentialDecay(0.1, 0), 'Invalid gamma for exponentialDecay: 0 (expected a number in (0, 1])'],
      [() => exponentialDecay(0.1, 1.5), 'Invalid gamma for exponentialDecay: 1.5 (expected a number in (0, 1])'],
      [() => inverseTimeDecay(-1, 0.5), 'Invalid lr for inverseTimeDecay: -1 (expected a number ≥ 0)'],
      [() => inverseTimeDecay(0.1, -0.5), 'Invalid decay for inverseTimeDecay: -0.5 (expected a number ≥ 0)'],
      [() => inverseTimeDecay(0.1, Number.POSITIVE_INFINITY), 'Invalid decay for inverseTimeDecay: Infinity (expected a number ≥ 0)'],
      [() => cosineDecay(-1, 10), 'Invalid lr for cosineDecay: -1 (expected a number ≥ 0)'],
      [() => cosineDecay(0.1, 0), 'Invalid totalSteps for cosineDecay: 0 (expected a whole number > 0)'],
      [() => cosineDecay(0.1, 2.5), 'Invalid totalSteps for cosineDecay: 2.5 (expected a whole number > 0)'],
      [() => cosineDecay(0.1, 10, -0.01), 'Invalid minLr for cosineDecay: -0.01 (expected a number in [0, 0.1])'],
      [() => cosineDecay(0.1, 10, 0.5), 'Invalid minLr for cosineDecay: 0.5 (expected a number in [0, 0.1])'],
      [() => linearWarmup(0.1, -1), 'Invalid warmupSteps for linearWarmup: -1 (expected a whole number ≥ 0)'],
      [() => linearWarmup(0.1, 1.5), 'Invalid warmupSteps for linearWarmup: 1.5 (expected a whole number ≥ 0)'],
    ];
    for (const [make, message] of refusals) {
      expect(make, message).toThrow(RangeError);
      expect(make, message).toThrow(message);
    }
    // The edges each range includes: a zero rate, γ = 1, no decay, minLr = lr, no warmup.
    expect(stepDecay(0, 1, 1)(5)).toBe(0);
    expect(stepDecay(0.1, 1, 1)(5)).toBe(0.1);
    expect(exponentialDecay(0.1, 1)(7)).toBe(0.1);
    expect(inverseTimeDecay(0.1, 0)(7)).toBe(0.1);
    expect(cosineDecay(0, 10)(3)).toBe(0);
    expect(cosineDecay(0.1, 10, 0.1)(3)).toBeCloseTo(0.1, 15);
    expect(linearWarmup((t) => t, 0)(4)).toBe(4);
  });

  it('cosineDecay starts at η, reaches minLr at totalSteps and not before; linearWarmup reads the inner schedule at the step', () => {
    const s = cosineDecay(1, 4, 0.2);
    // η_t = minLr + (η − minLr)(1 + cos(πt/T))/2: 1, 0.2 + 0.8·(1 + √½)/2, 0.6, 0.2 + 0.8·(1 − √½)/2, then 0.2.
    expect(s(1)).toBeCloseTo(0.2 + (0.8 * (1 + Math.SQRT1_2)) / 2, 15);
    expect(s(2)).toBeCloseTo(0.6, 15);
    expect(s(3)).toBeCloseTo(0.2 + (0.8 * (1 - Math.SQRT1_2)) / 2, 15);
    expect(s(3)).toBeGreaterThan(0.2);
    expect(s(4)).toBe(0.2);
    // Warmup over 3 steps of the schedule t ↦ 10 + t: (10 + t)(t + 1)/4 for t < 3, then 10 + t.
    const w = linearWarmup((t) => 10 + t, 3);
    expect([0, 1, 2, 3, 4].map(w)).toEqual([2.5, 5.5, 9, 13, 14]);
  });
});
