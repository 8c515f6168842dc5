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
});
