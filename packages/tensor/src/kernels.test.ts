import { createArena } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { jsKernels } from './js-kernels.js';
import type { Kernels } from './kernels.js';
import { Rng } from './rng.js';
import { createKernels, simdAvailable } from './wasm-kernels.js';

const arena = createArena({ bytes: 16 << 20 });
const wasm = createKernels(arena.memory);
const rng = new Rng(1);

/** A float32 array in the arena (so the SIMD kernels take it) filled with uniform values in [−1, 1). */
function random(length: number): Float32Array {
  const a = arena.float32(length);
  for (let i = 0; i < length; i++) a[i] = rng.uniformIn(-1, 1);
  return a;
}

/** C = A·B in float64, the reference. */
function reference(a: Float32Array, rs: number, cs: number, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += (a[i * rs + p * cs] as number) * (b[p * n + j] as number);
    c[i * n + j] = s;
  }
  return c;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  expect(worst).toBeLessThan(tolerance);
}

describe('kernels', () => {
  it('WebAssembly SIMD is available on this Node', () => {
    expect(simdAvailable()).toBe(true);
    expect(wasm.name).toBe('wasm-simd');
  });

  const shapes: [number, number, number][] = [
    [64, 196, 100],
    [64, 100, 50],
    [64, 50, 10],
    [5, 7, 13],
    [1, 3, 2],
    [9, 1, 17],
  ];
  for (const kernels of [jsKernels, wasm] as Kernels[]) {
    describe(`${kernels.name} kernels`, () => {
      for (const [m, k, n] of shapes) {
        it(`gemm ${String(m)}×${String(k)} · ${String(k)}×${String(n)}, plain, Aᵀ and accumulating`, () => {
          const a = random(m * k);
          const b = random(k * n);
          const c = arena.float32(m * n);
          kernels.gemm(a, k, 1, b, c, m, k, n, false);
          expectClose(c, reference(a, k, 1, b, m, k, n), 1e-4 * k);
          // Aᵀ: the same numbers read as a k×m array transposed.
          const at = arena.float32(k * m);
          jsKernels.transpose(a, at, m, k);
          const c2 = arena.float32(m * n);
          kernels.gemm(at, 1, m, b, c2, m, k, n, false);
          expectClose(c2, c, 1e-5 * k);
          kernels.gemm(a, k, 1, b, c2, m, k, n, true);
          expectClose(c2, [...c].map((v) => 2 * v), 2e-4 * k);
        });
      }

      it('row vectors, row sums, differences', () => {
        const a = random(6 * 11);
        const bias = random(11);
        const expected = [...a].map((v, i) => v + (bias[i % 11] as number));
        kernels.addRowVector(a, bias, 6, 11);
        expectClose(a, expected, 1e-6);
        const sums = arena.float32(11);
        kernels.sumRows(a, sums, 6, 11);
        expectClose(sums, Array.from({ length: 11 }, (_, j) => [0, 1, 2, 3, 4, 5].reduce((s, i) => s + (a[i * 11 + j] as number), 0)), 1e-5);
        const d = arena.float32(a.length);
        kernels.sub(a, a, d);
        expect([...d].every((v) => v === 0)).toBe(true);
      });

      it('sigmoid and its backward pass to float32 accuracy, also for large |x|', () => {
        const x = random(1003).map((v) => v * 30);
        const y = arena.float32(x.length);
        kernels.sigmoid(x, y);
        for (let i = 0; i < x.length; i++) {
          const exact = 1 / (1 + Math.exp(-(x[i] as number)));
          expect(Math.abs((y[i] as number) - exact)).toBeLessThan(1e-6 * Math.max(exact, 1e-30) + 1e-12);
        }
        const dy = random(x.length);
        const dx = arena.float32(x.length);
        kernels.sigmoidBackward(y, dy, dx);
        expectClose(dx, [...y].map((v, i) => (dy[i] as number) * v * (1 - v)), 1e-7);
      });
    });
  }

  it('falls back to JavaScript for arrays outside the memory', () => {
    const a = Float32Array.from([1, 2, 3, 4]);
    const b = Float32Array.from([1, 0, 0, 1]);
    const c = new Float32Array(4);
    wasm.gemm(a, 2, 1, b, c, 2, 2, 2, false);
    expect([...c]).toEqual([1, 2, 3, 4]);
    expect(createKernels()).toBe(jsKernels);
    expect(createKernels(arena.memory, { simd: false })).toBe(jsKernels);
  });

  it('relu, tanh, softmax and argmax (JavaScript everywhere)', () => {
    const x = Float32Array.from([-1, 0.5, 2, -3, 0, 1]);
    const out = new Float32Array(6);
    wasm.relu(x, out);
    expect([...out]).toEqual([0, 0.5, 2, 0, 0, 1]);
    wasm.reluBackward(x, Float32Array.from([1, 1, 1, 1, 1, 1]), out);
    expect([...out]).toEqual([0, 1, 1, 0, 0, 1]);
    wasm.softmaxRows(x, out, 2, 3);
    expect(out[0]! + out[1]! + out[2]!).toBeCloseTo(1, 6);
    expect(out[2]).toBeCloseTo(Math.exp(2) / (Math.exp(-1) + Math.exp(0.5) + Math.exp(2)), 6);
    const idx = new Int32Array(2);
    wasm.argmaxRows(x, idx, 2, 3);
    expect([...idx]).toEqual([2, 2]);
    wasm.tanh(x, out);
    expect(out[2]).toBeCloseTo(Math.tanh(2), 6);
  });
});
