import { describe, expect, it } from 'vitest';
import { createArena } from '../arena.js';
import { clipByGlobalNorm, skipNonFinite, type TransformContext } from './index.js';
import { kernelSumOfSquares, normKernelFor, rememberSumOfSquares, takeSumOfSquares } from './norm-kernel.js';

const arena = createArena({ bytes: 1 << 16 });

function inArena(values: readonly number[]): Float32Array {
  const a = arena.float32(values.length);
  a.set(values);
  return a;
}

const context = (n: number): TransformContext => ({ step: 0, names: Array.from({ length: n }, () => undefined), lr: new Float64Array(n), options: Array.from({ length: n }, () => ({})), skip: false });

// 1 + 2⁻¹² is a float32 whose square, 1 + 2⁻¹¹ + 2⁻²⁴, rounds to 1 + 2⁻¹¹ in float32 (a tie, to even).
const x = 1 + 2 ** -12;
/** 32 copies: one full block, whose squares the fast pass takes (and adds) in float32. */
const block = () => inArena(Array.from({ length: 32 }, () => x));

describe('kernelSumOfSquares: the fast float32 pass, and the exact one only where it could be wrong', () => {
  it('keeps the fast sum (float32 squares) when it is neither tiny nor infinite', () => {
    const arrays = [block()];
    expect(kernelSumOfSquares(normKernelFor(arrays) as never, arrays)).toBe(32 * (1 + 2 ** -11));
    // Two arrays: the blocks' sums are added.
    const two = [block(), block()];
    expect(kernelSumOfSquares(normKernelFor(two) as never, two)).toBe(64 * (1 + 2 ** -11));
  });

  it('keeps a fast sum of exactly 2⁻⁹⁰, the threshold (the exact pass runs only below it)', () => {
    // Lane 0 adds 2⁻⁹⁰ and 2⁻¹²⁰ in float32, which rounds to 2⁻⁹⁰; the exact sum is 2⁻⁹⁰ + 2⁻¹²⁰.
    const values = Array.from({ length: 32 }, () => 0);
    values[0] = 2 ** -45;
    values[4] = 2 ** -60;
    const arrays = [inArena(values)];
    expect(kernelSumOfSquares(normKernelFor(arrays) as never, arrays)).toBe(2 ** -90);
  });

  it('finds no kernel for an empty list of arrays', () => {
    expect(normKernelFor([])).toBeUndefined();
  });
});

describe('the squared norm skipNonFinite remembers for clipByGlobalNorm', () => {
  it('is given back once, for the very same list of updates only', () => {
    const updates = [Float32Array.from([3, 4])];
    rememberSumOfSquares(updates, 25);
    expect(takeSumOfSquares([Float32Array.from([3, 4])])).toBeUndefined();
    rememberSumOfSquares(updates, 25);
    expect(takeSumOfSquares(updates)).toBe(25);
    expect(takeSumOfSquares(updates)).toBeUndefined();
  });

  it('is what clipByGlobalNorm takes instead of measuring the updates again', () => {
    const t = clipByGlobalNorm(1);
    const state = t.init([], { names: [] });
    const updates = [Float64Array.from([0.5])];
    // A remembered sum of 4 (norm 2) clips by 1 / (2 + 1e-6), though the updates' own norm is below 1.
    rememberSumOfSquares(updates, 4);
    t.update(updates, state, [], context(1));
    expect(state.norm).toBe(2);
    expect(updates[0]?.[0]).toBe(0.5 * (1 / (2 + 1e-6)));
  });

  it('is remembered by skipNonFinite in an arena for finite updates (the kernel sum), and not for a skipped step', () => {
    const t = skipNonFinite();
    const state = t.init([], { names: [] });
    const finite = [block()];
    t.update(finite, state, [], context(1));
    expect(takeSumOfSquares(finite)).toBe(32 * (1 + 2 ** -11));
    const bad = [inArena([1, Number.NaN])];
    const c = context(1);
    t.update(bad, state, [], c);
    expect(c.skip).toBe(true);
    expect(takeSumOfSquares(bad)).toBeUndefined();
  });
});
