import { createArena } from '@descent/optim';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsKernels } from './js-kernels.js';
import { GEMM_SKIP_ZEROS_SCRATCH, type Kernels } from './kernels.js';
import { convGeometry } from './conv-geometry.js';
import { Rng } from './rng.js';
import { KERNEL_RELAXED_SIMD_WASM_BASE64, KERNEL_WASM_BASE64 } from './tensor-kernels.generated.js';
import { createKernels, relaxedSimdAvailable, simdAvailable } from './wasm-kernels.js';
import { THREAD_PART_EXPORTS } from './threaded-kernels.js';
import { wasmRoutes } from './wasm-routes.js';

const arena = createArena({ bytes: 64 << 20 });
const wasm = createKernels(arena.memory);
const plainSimd = createKernels(arena.memory, { relaxedSimd: false });
const rng = new Rng(1);
const EMPTY = new Float32Array(0);

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

/**
 * Proof that the WebAssembly path ran: a SIMD kernel falls back by calling `jsKernels`' method of the same name, so a
 * test of the SIMD kernels (which would pass on the JavaScript results just as well) calls them through `guarded`,
 * and spies on `jsKernels` record any call made from inside a guarded call. The tests' own references may still call
 * `jsKernels` directly.
 */
let insideGuardedCall = false;
const fallbacks: string[] = [];

function guarded(kernels: Kernels): Kernels {
  const entries = Object.entries(kernels).map(([key, value]: [string, unknown]): [string, unknown] => [
    key,
    typeof value === 'function'
      ? (...args: unknown[]) => {
          insideGuardedCall = true;
          try {
            return (value as (...a: unknown[]) => unknown)(...args);
          } finally {
            insideGuardedCall = false;
          }
        }
      : value,
  ]);
  return Object.fromEntries(entries) as unknown as Kernels;
}

function expectNoFallbackToJavaScript(): void {
  beforeEach(() => {
    fallbacks.length = 0;
    for (const key of Object.keys(jsKernels) as (keyof Kernels)[]) {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- the kernels use no `this`; the spy calls the original unbound, as the SIMD kernels call it
      const original: unknown = jsKernels[key];
      if (typeof original !== 'function') continue;
      vi.spyOn(jsKernels, key as never).mockImplementation(((...args: unknown[]) => {
        if (insideGuardedCall) fallbacks.push(key);
        return (original as (...a: unknown[]) => unknown)(...args);
      }) as never);
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
    expect([...new Set(fallbacks)], 'jsKernels methods called from inside the SIMD kernels').toEqual([]);
  });
}

describe('kernels', () => {
  it('WebAssembly SIMD and relaxed SIMD are available on this Node (relaxed turned on as the CLI does)', () => {
    expect(simdAvailable()).toBe(true);
    expect(relaxedSimdAvailable()).toBe(true);
    expect(wasm.name).toBe('wasm-relaxed-simd');
    expect(plainSimd.name).toBe('wasm-simd');
  });

  const shapes: [number, number, number][] = [
    [64, 196, 100],
    [64, 100, 50],
    [64, 50, 10],
    [5, 7, 13],
    [1, 3, 2],
    [9, 1, 17],
  ];
  for (const kernels of [jsKernels, guarded(plainSimd), guarded(wasm)]) {
    describe(`${kernels.name} kernels`, () => {
      if (kernels !== jsKernels) expectNoFallbackToJavaScript();
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

      it('gemmSkipZeros gives exactly what gemm gives on an A with zeros, plain, Aᵀ, accumulating, past a 256 block', () => {
        const scratch = new Int32Array(arena.memory.buffer, arena.float32(GEMM_SKIP_ZEROS_SCRATCH).byteOffset, GEMM_SKIP_ZEROS_SCRATCH);
        for (const [m, k, n] of [[64, 196, 100], [13, 300, 21], [196, 64, 100]] as const) {
          // Half the values zero, whole zero columns as an image's background has, and −0 among them.
          const values = random(m * k).map((v, i) => (v < 0 || i % k < 7 ? (i % 3 === 0 ? -0 : 0) : v));
          const b = random(k * n);
          for (const [rs, cs] of [[k, 1], [1, m]] as const) {
            const a = arena.float32(m * k);
            if (rs === 1) jsKernels.transpose(values, a, m, k);
            else a.set(values);
            const dense = arena.float32(m * n);
            const skipping = arena.float32(m * n);
            kernels.gemm(a, rs, cs, b, dense, m, k, n, false);
            kernels.gemmSkipZeros(a, rs, cs, b, skipping, m, k, n, false, scratch);
            expect(skipping).toEqual(dense);
            kernels.gemm(a, rs, cs, b, dense, m, k, n, true);
            kernels.gemmSkipZeros(a, rs, cs, b, skipping, m, k, n, true, scratch);
            expect(skipping).toEqual(dense);
            expectClose(dense, reference(a, rs, cs, b, m, k, n).map((v) => 2 * v), 2e-4 * k);
          }
        }
      });

      it('gatherPixelRows reads rows of bytes as v / 255, each value what a Float32Array of v / 255 holds', () => {
        // Rows of 21 bytes (a 16-byte block and a tail) holding every value 0…255, gathered in a shuffled order.
        const rows = 13;
        const rowLength = 21;
        const block = arena.float32(Math.ceil((rows * rowLength) / 4));
        const pixels = new Uint8Array(block.buffer, block.byteOffset, rows * rowLength);
        pixels.forEach((_, i) => (pixels[i] = (i * 7) % 256));
        const order = arena.float32(rows);
        const indices = new Int32Array(order.buffer, order.byteOffset, rows);
        indices.set(Array.from({ length: rows }, (_, r) => (r * 5) % rows));
        const out = arena.float32(rows * rowLength);
        kernels.gatherPixelRows(pixels, indices, rows, rowLength, out);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < rowLength; j++) expect(out[r * rowLength + j]).toBe(Math.fround((pixels[(indices[r] as number) * rowLength + j] as number) / 255));
        }
        expect(new Set(pixels).size).toBe(256);
      });

      it('transpose', () => {
        const [rows, cols] = [100, 50];
        const a = random(rows * cols);
        const out = arena.float32(rows * cols);
        kernels.transpose(a, out, rows, cols);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(out[j * rows + i]).toBe(a[i * cols + j]);
      });

      it('row vectors, row sums, differences', () => {
        const a = random(6 * 11);
        const bias = random(11);
        // 37 columns: two 16-column blocks of the one-pass sum, a 4-column vector and a scalar tail.
        const wide = random(5 * 37);
        const wideSums = arena.float32(37);
        kernels.sumRows(wide, wideSums, 5, 37);
        expectClose(wideSums, Array.from({ length: 37 }, (_, j) => [0, 1, 2, 3, 4].reduce((s, i) => s + (wide[i * 37 + j] as number), 0)), 1e-5);
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
        // Scaled in place: Float32Array#map would return an array outside the arena, which the SIMD kernels leave to
        // JavaScript (this test did so until the fallback guard above caught it).
        const x = random(1003);
        for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) * 30;
        const y = arena.float32(x.length);
        kernels.sigmoid(x, y);
        for (let i = 0; i < x.length; i++) {
          const exact = 1 / (1 + Math.exp(-(x[i] as number)));
          // Within 2.5 float32 ulps (measured over [−80, 80]: 2.2 for the SIMD kernels, 0.5 for JavaScript).
          expect(Math.abs((y[i] as number) - exact)).toBeLessThan(2.5 * 2 ** -23 * exact);
        }
        const dy = random(x.length);
        const dx = arena.float32(x.length);
        kernels.sigmoidBackward(y, dy, dx);
        expectClose(dx, [...y].map((v, i) => (dy[i] as number) * v * (1 - v)), 1e-7);
      });

      it('relu and its backward pass, lengths not a multiple of four', () => {
        const x = random(1003);
        const y = arena.float32(x.length);
        kernels.relu(x, y);
        expect([...y]).toEqual([...x].map((v) => Math.max(v, 0)));
        const dy = random(x.length);
        kernels.reluBackward(x, dy, y);
        expect([...y]).toEqual([...x].map((v, i) => (v > 0 ? (dy[i] as number) : 0)));
      });

      for (const [h, w, c, size, padding] of [
        [7, 6, 1, 3, 'valid'],
        [5, 5, 4, 3, 'same'],
        [6, 4, 3, 2, 'same'],
        [4, 5, 8, 1, 'valid'],
      ] as const) {
        it(`convolution via im2col, ${String(h)}×${String(w)}×${String(c)} images, ${String(size)}×${String(size)} ${padding}: equal to a direct sum, col2im its adjoint`, () => {
          const batch = 3;
          const filters = 5;
          const g = convGeometry(h, w, c, size, padding);
          const x = random(batch * h * w * c);
          const kernel = random(size * size * c * filters);
          const rows = batch * g.outHeight * g.outWidth;
          const col = arena.float32(rows * size * size * c);
          kernels.im2col(x, col, g, batch);
          const y = arena.float32(rows * filters);
          kernels.gemm(col, size * size * c, 1, kernel, y, rows, size * size * c, filters, false);
          // The definition: y[b, oy, ox, f] = Σ x[b, oy + ky − pad, ox + kx − pad, ch] · K[ky, kx, ch, f].
          const direct: number[] = [];
          for (let b = 0; b < batch; b++) for (let oy = 0; oy < g.outHeight; oy++) for (let ox = 0; ox < g.outWidth; ox++) for (let f = 0; f < filters; f++) {
            let sum = 0;
            for (let ky = 0; ky < size; ky++) for (let kx = 0; kx < size; kx++) for (let ch = 0; ch < c; ch++) {
              const iy = oy + ky - g.padTop;
              const ix = ox + kx - g.padLeft;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              sum += (x[((b * h + iy) * w + ix) * c + ch] as number) * (kernel[((ky * size + kx) * c + ch) * filters + f] as number);
            }
            direct.push(sum);
          }
          expectClose(y, direct, 1e-5);
          expect(padding === 'same' ? [g.outHeight, g.outWidth] : [h - size + 1, w - size + 1]).toEqual([g.outHeight, g.outWidth]);
          // Adjoint: <im2col(x), d> = <x, col2im(d)> for any d.
          const d = random(col.length);
          const back = arena.float32(x.length);
          back.fill(7);
          kernels.col2im(d, back, g, batch);
          const left = col.reduce((s, v, i) => s + v * (d[i] as number), 0);
          const right = x.reduce((s, v, i) => s + v * (back[i] as number), 0);
          expect(Math.abs(left - right)).toBeLessThan(1e-4 * Math.max(1, Math.abs(left)));
        });
      }

      for (const [h, w, c] of [[6, 6, 4], [5, 7, 3], [5, 7, 8], [4, 4, 16]] as const) {
        it(`max pooling 2×2 of ${String(h)}×${String(w)}×${String(c)} images (a partial edge dropped) and its backward pass`, () => {
          const batch = 2;
          const x = random(batch * h * w * c);
          // Ties: the first window's maximum twice, and a window of zeros (a ReLU's output); the first element wins.
          x[0] = x[c] = 5;
          for (const q of [0, 1, 2, 3]) x[((q >> 1) * w + 2 + (q & 1)) * c] = 0;
          const oh = Math.floor(h / 2);
          const ow = Math.floor(w / 2);
          const out = arena.float32(batch * oh * ow * c);
          kernels.maxPool2d(x, out, batch, h, w, c, 2);
          const first: number[] = [];
          let o = 0;
          for (let b = 0; b < batch; b++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) for (let ch = 0; ch < c; ch++, o++) {
            const window = [0, 1, 2, 3].map((q) => ((b * h + oy * 2 + (q >> 1)) * w + ox * 2 + (q & 1)) * c + ch);
            const values = window.map((i) => x[i] as number);
            expect(out[o]).toBe(Math.max(...values));
            first.push(window[values.indexOf(Math.max(...values))] as number);
          }
          const dy = random(out.length);
          const dx = arena.float32(x.length);
          dx.fill(3);
          kernels.maxPool2dBackward(dy, x, out, dx, batch, h, w, c, 2);
          const expected = new Float32Array(x.length);
          first.forEach((at, i) => (expected[at] = dy[i] as number));
          expect([...dx]).toEqual([...expected]);
        });
      }
    });
  }

  describe('direct convolution (a first layer: few taps, no im2col)', () => {
    const cases = [
      { name: 'small-cnn conv1: 28×28×1, 3×3 valid, 16 filters, batch 20 (two chunks and a part)', g: convGeometry(28, 28, 1, 3, 'valid'), filters: 16, batch: 20 },
      { name: '7×9×2, 3×3 same, 20 filters (16 + 4)', g: convGeometry(7, 9, 2, 3, 'same'), filters: 20, batch: 3 },
      { name: '6×6×3, 5×5 same, 8 filters', g: convGeometry(6, 6, 3, 5, 'same'), filters: 8, batch: 2 },
    ];
    for (const { name, g, filters, batch } of cases) {
      for (const relu of [false, true]) {
        it(`${name}, relu ${String(relu)}: outputs bit for bit those of im2col and a product; gradients those of colᵀ·δ`, () => {
          const k = g.kernelHeight * g.kernelWidth * g.channels;
          const positions = g.outHeight * g.outWidth;
          const x = random(batch * g.height * g.width * g.channels);
          x.fill(0, 0, g.width * g.channels); // a black first row, as images have
          const weights = random(k * filters);
          const bias = random(filters);
          const dy = random(batch * positions * filters);
          for (const kernels of [jsKernels, plainSimd, wasm]) {
            const viaCol = arena.float32(batch * positions * filters);
            const col = arena.float32(batch * positions * k);
            kernels.conv2dForward(x, col, weights, bias, viaCol, g, filters, batch, relu);
            const direct = arena.float32(batch * positions * filters);
            kernels.conv2dDirectForward(x, weights, bias, direct, g, filters, batch, relu);
            expect(direct).toEqual(viaCol);
            const [wT, dW, db, masked] = [k * filters, k * filters, filters, batch * positions * filters].map((n) => arena.float32(n)) as Float32Array[];
            kernels.conv2dBackward(dy, viaCol, col, weights, wT!, dW!, db!, masked!, EMPTY, null, g, filters, batch, relu);
            const [dW2, db2, masked2] = [k * filters, filters, batch * positions * filters].map((n) => arena.float32(n).fill(9)) as Float32Array[];
            kernels.conv2dDirectBackward(dy, direct, x, dW2!, db2!, masked2!, g, filters, batch, relu);
            expectClose(dW2!, dW!, 1e-5 * batch * positions);
            expectClose(db2!, db!, 1e-5 * batch * positions);
          }
        });
      }
    }
  });

  for (const relu of [false, true]) {
    it(`the fused convolution passes (relu ${String(relu)}) equal im2col, product, bias and col2im done one by one, in chunks or not`, () => {
      // 13×13×16 with a 3×3 window: 3 samples per chunk, so a batch of 7 ends on a partial chunk.
      const g = convGeometry(13, 13, 16, 3, 'valid');
      const [batch, filters] = [7, 8];
      const k = 9 * 16;
      const rows = batch * g.outHeight * g.outWidth;
      const x = random(batch * 13 * 13 * 16);
      const weights = random(k * filters);
      const bias = random(filters);
      const dy = random(rows * filters);
      const run = (kernels: Kernels, withDx: boolean) => {
        const col = arena.float32(rows * k);
        const out = arena.float32(rows * filters);
        kernels.conv2dForward(x, col, weights, bias, out, g, filters, batch, relu);
        const [wT, dW, db, masked, dcol, dx] = [k * filters, k * filters, filters, rows * filters, rows * k, x.length].map((n) => arena.float32(n)) as Float32Array[];
        dW!.fill(9);
        kernels.conv2dBackward(dy, out, col, weights, wT!, dW!, db!, masked!, dcol!, withDx ? dx! : null, g, filters, batch, relu);
        return { out, dW: dW!, db: db!, dx: dx! };
      };
      const expected = run(jsKernels, true);
      // The definition, step by step.
      const col = arena.float32(rows * k);
      jsKernels.im2col(x, col, g, batch);
      const y = reference(col, k, 1, weights, rows, k, filters).map((v, i) => v + (bias[i % filters] as number)).map((v) => (relu ? Math.max(v, 0) : v));
      expectClose(expected.out, y, 1e-4);
      const grad = [...dy].map((v, i) => (relu && !((expected.out[i] as number) > 0) ? 0 : v));
      expectClose(expected.db, Array.from({ length: filters }, (_, f) => grad.filter((_, i) => i % filters === f).reduce((a, b) => a + b, 0)), 1e-3);
      for (const [kernels, withDx] of [[plainSimd, true], [wasm, true], [wasm, false]] as const) {
        const got = run(kernels, withDx);
        expectClose(got.out, expected.out, 1e-5);
        expectClose(got.dW, expected.dW, 1e-3);
        expectClose(got.db, expected.db, 1e-3);
        if (withDx) expectClose(got.dx, expected.dx, 1e-4);
        else expect(got.dx.every((v) => v === 0)).toBe(true);
      }
    });
  }

  it('a long k is summed in blocks that agree with the single sum (a convolution weight gradient)', () => {
    const [m, k, n] = [9, 3001, 16];
    const a = random(k * m);
    const b = random(k * n);
    for (const kernels of [plainSimd, wasm]) {
      const c = arena.float32(m * n);
      kernels.gemm(a, 1, m, b, c, m, k, n, false);
      expectClose(c, reference(a, 1, m, b, m, k, n), 1e-5 * Math.sqrt(k));
    }
  });

  it('making kernels for a memory leaves what it holds alone, and odd lengths do not read constants from it', () => {
    // An arena hands out bytes from offset 64; a kernel module with a data segment (Mathf.exp's table) wrote it at
    // 1024 on instantiation and read it back in the sigmoid's scalar tail.
    const own = createArena({ bytes: 1 << 16 });
    const held = own.float32(1000).fill(7);
    const kernels = [createKernels(own.memory), createKernels(own.memory, { relaxedSimd: false })];
    expect(held.every((v) => v === 7)).toBe(true);
    held.fill(-3);
    const x = own.float32(7);
    x.set([-2, -0.5, 0, 0.25, 1, 3, 9]);
    for (const k of kernels) {
      const out = own.float32(7);
      k.sigmoid(x, out);
      expectClose(out, [...x].map((v) => 1 / (1 + Math.exp(-v))), 1e-6);
    }
  });

  it('falls back to JavaScript for arrays outside the memory', () => {
    const a = Float32Array.from([1, 2, 3, 4]);
    const b = Float32Array.from([1, 0, 0, 1]);
    const c = new Float32Array(4);
    wasm.gemm(a, 2, 1, b, c, 2, 2, 2, false);
    expect([...c]).toEqual([1, 2, 3, 4]);
    expect(createKernels()).toBe(jsKernels);
    expect(createKernels(arena.memory, { simd: false })).toBe(jsKernels);
  });

  it('relu, tanh, softmax and argmax on arrays outside the memory', () => {
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

  describe('the route table (wasm-routes.ts)', () => {
    it('routes every export of both builds but the threads\' parts, and only exports', () => {
      for (const base64 of [KERNEL_WASM_BASE64, KERNEL_RELAXED_SIMD_WASM_BASE64]) {
        const module = new WebAssembly.Module(Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0)));
        const exported = WebAssembly.Module.exports(module).map((e) => e.name);
        expect([...Object.keys(wasmRoutes), ...THREAD_PART_EXPORTS].sort()).toEqual(exported.sort());
      }
    });

    it('passes on every argument: no routed kernel takes more than its fixed-arity wrapper', () => {
      for (const name of Object.keys(wasmRoutes) as (keyof typeof wasmRoutes)[]) {
        expect(jsKernels[name].length, name).toBeGreaterThan(1);
        expect(jsKernels[name].length, name).toBeLessThanOrEqual(wasm[name].length);
      }
    });

    /** Int32 and byte arrays in the arena, carved from float32 room. */
    const int32 = (length: number) => new Int32Array(arena.memory.buffer, arena.float32(length).byteOffset, length);
    const bytes = (length: number) => new Uint8Array(arena.memory.buffer, arena.float32(Math.ceil(length / 4)).byteOffset, length);

    /** Calls `run` with a spy on jsKernels[name] and returns how often the kernel fell back to it. */
    function fallbacksOf(name: keyof typeof wasmRoutes, run: () => void): number {
      const spy = vi.spyOn(jsKernels, name);
      try {
        run();
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    }

    it("falls back to jsKernels' method of the same name when a route's further condition fails, with its results", () => {
      const a = random(4 * 6);
      const b = random(6 * 8);
      const c = arena.float32(4 * 8);
      const expected = new Float32Array(4 * 8);
      jsKernels.gemm(a, 6, 1, b, expected, 4, 6, 8, false);
      // Scratch in the memory but shorter than GEMM_SKIP_ZEROS_SCRATCH, then long enough.
      expect(fallbacksOf('gemmSkipZeros', () => { wasm.gemmSkipZeros(a, 6, 1, b, c, 4, 6, 8, false, int32(8)); })).toBe(1);
      expect([...c]).toEqual([...expected]);
      expect(fallbacksOf('gemmSkipZeros', () => { wasm.gemmSkipZeros(a, 6, 1, b, c, 4, 6, 8, false, int32(GEMM_SKIP_ZEROS_SCRATCH)); })).toBe(0);

      // Indices as a plain list, then as an Int32Array in the memory.
      const pixels = bytes(3 * 5);
      for (let i = 0; i < pixels.length; i++) pixels[i] = i * 17;
      const rows = arena.float32(2 * 5);
      expect(fallbacksOf('gatherPixelRows', () => { wasm.gatherPixelRows(pixels, [2, 0], 2, 5, rows); })).toBe(1);
      expect(rows[0]).toBe(Math.fround(170 / 255));
      const indices = int32(2);
      indices.set([2, 0]);
      expect(fallbacksOf('gatherPixelRows', () => { wasm.gatherPixelRows(pixels, indices, 2, 5, rows); })).toBe(0);

      // A direct convolution with filters not a multiple of 4, then with 4.
      const g = convGeometry(5, 5, 1, 3, 'valid');
      const x = random(2 * 25);
      for (const filters of [6, 4]) {
        const weights = random(9 * filters);
        const bias = random(filters);
        const out = arena.float32(2 * 9 * filters);
        const reference = new Float32Array(out.length);
        jsKernels.conv2dDirectForward(x, weights, bias, reference, g, filters, 2, true);
        expect(fallbacksOf('conv2dDirectForward', () => { wasm.conv2dDirectForward(x, weights, bias, out, g, filters, 2, true); })).toBe(filters === 6 ? 1 : 0);
        expect([...out]).toEqual([...reference]);
      }
    });

    it('falls back when an array the route needs only sometimes is outside the memory, and only then', () => {
      const g = convGeometry(4, 4, 2, 3, 'same');
      const filters = 4;
      const k = 9 * 2;
      const batch = 2;
      const rows = batch * 16;
      const dy = random(rows * filters);
      const y = random(rows * filters);
      const col = random(rows * k);
      const weights = random(k * filters);
      const run = (masked: Float32Array, relu: boolean, dx: Float32Array | null) => {
        const dW = arena.float32(k * filters);
        const db = arena.float32(filters);
        return fallbacksOf('conv2dBackward', () => {
          wasm.conv2dBackward(dy, y, col, weights, arena.float32(k * filters), dW, db, masked, arena.float32(rows * k), dx, g, filters, batch, relu);
        });
      };
      const outside = new Float32Array(rows * filters);
      expect(run(outside, true, null)).toBe(1); // the ReLU's mask is wanted and lies outside
      expect(run(outside, false, null)).toBe(0); // no ReLU: the mask is not read
      expect(run(arena.float32(rows * filters), true, new Float32Array(batch * 16 * 2))).toBe(1); // dx outside
      expect(run(arena.float32(rows * filters), true, arena.float32(batch * 16 * 2))).toBe(0);
    });
  });
});
