import { describe, expect, it } from 'vitest';
import { createArena } from '../arena.js';
import { clipByGlobalNorm, clipByNormPerParameter, clipByValue, type TransformContext } from './index.js';
import { clipFactorFor } from './clipping.js';

const context = (n: number): TransformContext => ({ step: 0, names: Array.from({ length: n }, () => undefined), lr: new Float64Array(n), options: Array.from({ length: n }, () => ({})), skip: false });

describe('clipByGlobalNorm in an arena', () => {
  it("records the kernel's norm: a full block of 32 float32 squares taken in float32", () => {
    const arena = createArena({ bytes: 1 << 16 });
    // (1 + 2⁻¹²)² = 1 + 2⁻¹¹ + 2⁻²⁴ rounds to 1 + 2⁻¹¹ in float32; in float64 it is exact.
    const g = arena.float32(32).fill(1 + 2 ** -12);
    const t = clipByGlobalNorm(100);
    const state = t.init([g], { names: [undefined] });
    t.update([g], state, [g], context(1));
    expect(state.norm).toBe(Math.sqrt(32 * (1 + 2 ** -11)));
    expect(g[0]).toBe(1 + 2 ** -12);
  });
});

describe('clipFactorFor', () => {
  it("gives a clipByGlobalNorm's measuring half: the norm into the state, min(1, max/(norm + 1e-6)) back, the updates unchanged", () => {
    const clip = clipByGlobalNorm(2);
    const measure = clipFactorFor(clip);
    expect(measure).toBeDefined();
    const state = clip.init([], { names: [] });
    const updates = [Float64Array.from([3]), Float64Array.from([4])];
    expect(measure?.(updates, state)).toBe(2 / (5 + 1e-6));
    expect(state.norm).toBe(5);
    expect(updates.map((u) => [...u])).toEqual([[3], [4]]);
    expect(measure?.([Float64Array.from([0.5])], state)).toBe(1);
  });

  it('is undefined for any other transformation', () => {
    expect(clipFactorFor(clipByValue(1))).toBeUndefined();
    expect(clipFactorFor(clipByNormPerParameter(1))).toBeUndefined();
  });
});

describe('clipByNormPerParameter', () => {
  it('refuses a maxNorm that is not a finite number > 0, naming the transformation and the option', () => {
    expect(() => clipByNormPerParameter(0)).toThrow(new RangeError('Invalid maxNorm for clipByNormPerParameter: 0 (expected a finite number > 0)'));
    expect(() => clipByNormPerParameter(Number.POSITIVE_INFINITY)).toThrow(new RangeError('Invalid maxNorm for clipByNormPerParameter: Infinity (expected a finite number > 0)'));
  });

  it('is named clipByNormPerParameter and clips each parameter by its own norm', () => {
    const t = clipByNormPerParameter(1);
    expect(t.name).toBe('clipByNormPerParameter');
    const updates = [Float64Array.from([3, 4]), Float64Array.from([0.5])];
    t.update(updates, {}, updates, context(2));
    expect(updates.map((u) => [...u])).toEqual([[3 / (5 + 1e-6), 4 / (5 + 1e-6)], [0.5]]);
  });
});
