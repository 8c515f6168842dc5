import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createArena } from '../arena.js';
import type { FloatArray } from '../optimizer-types.js';
import { chain, clipByGlobalNorm, clipByValue, skipNonFinite, type GradientTransformation, type TransformContext, type TransformState } from './index.js';
import { kernelSumOfSquares, normKernelFor } from './norm-kernel.js';

interface ClipCase {
  kind: string;
  dtype: 'float32' | 'float64';
  maxNorm: number;
  grads: number[][];
  norm: number;
  clipped: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/torch-transforms.json', import.meta.url), 'utf8')) as { cases: ClipCase[] };
const arena = createArena({ bytes: 1 << 20 });

/** Float32 arrays in the arena (the kernel's path) holding `values`. */
function inArena(values: readonly (readonly number[])[]): Float32Array[] {
  return values.map((v) => {
    const a = arena.float32(v.length);
    a.set(v);
    return a;
  });
}

function contextFor(n: number): TransformContext {
  return { step: 0, names: Array.from({ length: n }, (_, i) => `p${String(i)}`), lr: new Float64Array(n), options: Array.from({ length: n }, () => ({})), skip: false };
}

/** One update of `t` on `grads` (in place), returning the updates, the state and whether the step was skipped. */
function run(t: GradientTransformation, grads: FloatArray[]) {
  const state = t.init(grads, { names: grads.map((_, i) => `p${String(i)}`) });
  const context = contextFor(grads.length);
  const [out] = t.update(grads, state, grads, context);
  return { out: out.map((u) => [...u]), state, skipped: context.skip };
}

const values = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 10 ** ((i % 7) - 3));

describe('the WebAssembly norm kernel (float32 in an arena)', () => {
  it('is used for float32 arrays that all live in one arena, and not otherwise', () => {
    expect(normKernelFor(inArena([[1], [2, 3]]))).toBeDefined();
    expect(normKernelFor([...inArena([[1]]), Float32Array.from([2])])).toBeUndefined();
    expect(normKernelFor([Float64Array.from([1])])).toBeUndefined();
  });

  it('sums squares within 4·2⁻²⁴ of the float64 sum (float32 squares in blocks of 32), for lengths in and out of blocks', () => {
    for (const n of [1, 3, 31, 32, 33, 96, 1001, 4099]) {
      const arrays = inArena([values(n, n), values(n + 2, n + 1)]);
      const kernel = normKernelFor(arrays);
      let expected = 0;
      for (const a of arrays) for (const x of a) expected += x * x;
      expect(Math.abs((kernelSumOfSquares(kernel as never, arrays) - expected) / expected), `n = ${String(n)}`).toBeLessThanOrEqual(4 * 2 ** -24);
    }
  });

  it('takes every square in float64 where float32 squares overflow or underflow, and stays non-finite for NaN', () => {
    const exact = (arrays: Float32Array[]) => arrays.reduce((sum, a) => a.reduce((s, x) => s + x * x, sum), 0);
    // 3e19² overflows float32 (the fast sum is +∞); 1e-25² underflows to 0; 2e-20² is a subnormal float32.
    for (const x of [3e19, -1e30, 1e-25, 2e-20]) {
      const arrays = inArena([Array.from({ length: 40 }, (_, i) => x * (1 + i / 40))]);
      const sum = kernelSumOfSquares(normKernelFor(arrays) as never, arrays);
      expect(Math.abs(sum - exact(arrays)) / exact(arrays), String(x)).toBeLessThanOrEqual(1e-15);
    }
    const withNaN = inArena([Array.from({ length: 40 }, (_, i) => (i === 21 ? Number.NaN : 1))]);
    expect(kernelSumOfSquares(normKernelFor(withNaN) as never, withNaN)).toBeNaN();
  });

  it('clipByGlobalNorm in an arena gives the heap result on torch\'s cases and replays PyTorch', () => {
    const cases = fixture.cases.filter((c) => c.kind === 'clip_grad_norm' && c.dtype === 'float32');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const heap = run(clipByGlobalNorm(c.maxNorm), c.grads.map((g) => Float32Array.from(g)));
      const wasm = run(clipByGlobalNorm(c.maxNorm), inArena(c.grads));
      const norm = wasm.state.norm as number;
      const heapNorm = heap.state.norm as number;
      expect(Math.abs((norm - c.norm) / c.norm)).toBeLessThanOrEqual(4e-7);
      expect(Math.abs((norm - heapNorm) / heapNorm)).toBeLessThanOrEqual(1e-15);
      expect(wasm.out).toEqual(heap.out);
      for (const [k, clipped] of c.clipped.entries()) {
        for (const [i, x] of clipped.entries()) expect(Math.abs(((wasm.out[k]?.[i] ?? 0) - x) / (Math.abs(x) || 1))).toBeLessThanOrEqual(4e-7);
      }
    }
  });

  it('skipNonFinite in an arena skips NaN and ±∞, but not huge finite values whose float32 squares would overflow', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(run(skipNonFinite(), inArena([[1, 2, 3, 4, 5], [1, bad]])).skipped, String(bad)).toBe(true);
    }
    const huge = run(chain(skipNonFinite(), clipByGlobalNorm(1)), inArena([[3e38, -3e38, 3e38, 3e38, 1]]));
    expect(huge.skipped).toBe(false);
    const norm = Math.sqrt(4 * Math.fround(3e38) ** 2 + 1);
    expect(huge.out[0]?.[0]).toBe(Math.fround(Math.fround(3e38) * Math.fround(1 / (norm + 1e-6))));
  });

  it('skipNonFinite then clipByGlobalNorm reuses the one pass, and a member between them that writes is seen', () => {
    const grads = [values(13, 1), values(6, 2)];
    const fused = run(chain(skipNonFinite(), clipByGlobalNorm(0.5)), inArena(grads));
    expect(fused.out).toEqual(run(chain(skipNonFinite(), clipByGlobalNorm(0.5)), grads.map((g) => Float32Array.from(g))).out);
    // clipByValue changes the updates after skipNonFinite's pass: the clip must take the norm afresh.
    const between = run(chain(skipNonFinite(), clipByValue(0.01), clipByGlobalNorm(0.01)), inArena(grads));
    const heap = run(chain(skipNonFinite(), clipByValue(0.01), clipByGlobalNorm(0.01)), grads.map((g) => Float32Array.from(g)));
    expect(between.out).toEqual(heap.out);
    const normOf = (state: TransformState) => (state.inner as TransformState[])[2]?.norm;
    expect(normOf(between.state)).toBe(normOf(heap.state));
  });
});
