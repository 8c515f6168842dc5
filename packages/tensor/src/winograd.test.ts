import { createArena } from '@descent/optim';
import { describe, expect, it, vi } from 'vitest';
import { convGeometry } from './conv-geometry.js';
import { jsKernels } from './js-kernels.js';
import type { ConvGeometry, Kernels } from './kernels.js';
import { Rng } from './rng.js';
import { createKernels } from './wasm-kernels.js';
import { directPoolBackwardScratch } from './wasm-routes.js';
import { winogradSizes } from './winograd.js';

const arena = createArena({ bytes: 96 << 20 });
const wasm = createKernels(arena.memory);
const plainSimd = createKernels(arena.memory, { relaxedSimd: false });
const rng = new Rng(7);
const EMPTY = new Float32Array(0);
const ALL: Kernels[] = [jsKernels, plainSimd, wasm];

function random(length: number, low = -1, high = 1): Float32Array {
  const a = arena.float32(length);
  for (let i = 0; i < length; i++) a[i] = rng.uniformIn(low, high);
  return a;
}

const bytes = (length: number) => new Uint8Array(arena.memory.buffer, arena.float32(Math.ceil(length / 4)).byteOffset, length);
const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

function worstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

/** The float32 unit roundoff (round to nearest). */
const U = 2 ** -24;

/**
 * A worst-case bound on the float32 error of one Winograd F(2×2, 3×3) output summed over `depth` channels, for inputs
 * within ±X and filters within ±W, from the magnitudes of the transforms (each rounding adds u·|value|):
 *   V = Bᵀ d B: |V| ≤ 4X (two rows of Bᵀ add two values each), error ≤ 8uX after its two stages;
 *   U = G g Gᵀ: |U| ≤ 1.5²·W = 2.25W (G's rows sum at most 1.5 in absolute value), error ≤ 8uW;
 *   M = Σ_c U·V: |M| ≤ 9·depth·XW, error ≤ depth·(2.25W·8uX + 4X·8uW) + depth·u·(depth·9XW) for the running sum;
 *   Y = Aᵀ M A adds nine M's with signs (×9) and rounds four more times at |Y| ≤ 81·depth·XW.
 * Together (774·depth + 81·depth²)·u·X·W. The direct sum of 9·depth products is within (9·depth)²·u·X·W.
 */
function winogradBound(depth: number, x: number, w: number): number {
  return (774 * depth + 81 * depth * depth) * U * x * w;
}

function directBound(depth: number, x: number, w: number): number {
  return (9 * depth) ** 2 * U * x * w;
}

/** The Winograd forward pass with its own buffers: what a layer does (filters transformed, then the convolution). */
function winogradForward(kernels: Kernels, x: Float32Array, weights: Float32Array, bias: Float32Array, g: ConvGeometry, filters: number, batch: number, relu: boolean) {
  const sizes = winogradSizes(g, filters);
  const [u, uT, v, m] = [sizes.filters, sizes.filters, batch * sizes.inputPerImage, sizes.products].map((n) => arena.float32(n)) as Float32Array[];
  const out = arena.float32(batch * g.outHeight * g.outWidth * filters);
  kernels.winogradFilters(weights, u!, uT!, g.channels, filters);
  kernels.conv2dWinogradForward(x, u!, bias, v!, m!, out, g, filters, batch, relu);
  return { out, u: u!, uT: uT!, v: v! };
}

/** The same, and the backward pass: dW (HWIO), db and dx. */
function winogradPasses(kernels: Kernels, x: Float32Array, weights: Float32Array, bias: Float32Array, dy: Float32Array, g: ConvGeometry, filters: number, batch: number, relu: boolean) {
  const forward = winogradForward(kernels, x, weights, bias, g, filters, batch, relu);
  const sizes = winogradSizes(g, filters);
  const [dU, dW, db, m, dv, dx] = [sizes.filters, 9 * g.channels * filters, filters, sizes.products, sizes.inputGradient, x.length].map((n) => arena.float32(n).fill(7)) as Float32Array[];
  kernels.conv2dWinogradBackward(dy, forward.out, forward.v, forward.uT, dU!, db!, m!, dv!, dx!, g, filters, batch, relu);
  kernels.winogradWeightGradient(dU!, dW!, g.channels, filters);
  return { ...forward, dW: dW!, db: db!, dx: dx! };
}

/** The im2col path's passes (conv2dForward/Backward), the reference of the Winograd ones. */
function im2colPasses(kernels: Kernels, x: Float32Array, weights: Float32Array, bias: Float32Array, dy: Float32Array, g: ConvGeometry, filters: number, batch: number, relu: boolean) {
  const k = 9 * g.channels;
  const rows = batch * g.outHeight * g.outWidth;
  const [col, out, wT, dW, db, masked, dcol, dx] = [rows * k, rows * filters, k * filters, k * filters, filters, rows * filters, rows * k, x.length].map((n) => arena.float32(n)) as Float32Array[];
  kernels.conv2dForward(x, col!, weights, bias, out!, g, filters, batch, relu);
  kernels.conv2dBackward(dy, out!, col!, weights, wT!, dW!, db!, masked!, dcol!, dx!, g, filters, batch, relu);
  return { out: out!, dW: dW!, db: db!, dx: dx! };
}

/** Runs `run` with spies on jsKernels' methods and returns the ones called: a SIMD kernel that fell back to them. */
function fallbacksDuring(run: () => void): string[] {
  const names = ['winogradFilters', 'conv2dWinogradForward', 'conv2dWinogradBackward', 'winogradWeightGradient', 'conv2dDirectReluPool', 'maxPoolUnpool', 'conv2dDirectPoolBackward'] as const;
  const spies = names.map((name) => vi.spyOn(jsKernels, name));
  try {
    run();
    return names.filter((_, i) => spies[i]!.mock.calls.length > 0);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('Winograd F(2×2, 3×3) convolution', () => {
  const cases = [
    { name: "small-cnn's conv2: 13×13×16 → 11×11×32 (odd: a last half tile), batch 3", g: convGeometry(13, 13, 16, 3, 'valid'), filters: 32, batch: 3 },
    { name: '10×8×4 same → 10×8×8 (padding on every side), batch 2', g: convGeometry(10, 8, 4, 3, 'same'), filters: 8, batch: 2 },
    { name: '5×6×8 valid → 3×4×4, batch 2', g: convGeometry(5, 6, 8, 3, 'valid'), filters: 4, batch: 2 },
  ];
  for (const { name, g, filters, batch } of cases) {
    for (const relu of [false, true]) {
      it(`${name}, relu ${String(relu)}: outputs and gradients within the stated float32 bound of the im2col path`, () => {
        const x = random(batch * g.height * g.width * g.channels);
        x.fill(0, 0, g.width * g.channels); // a black first row
        const weights = random(9 * g.channels * filters, -0.5, 0.5);
        const bias = random(filters, -0.1, 0.1);
        const dy = random(batch * g.outHeight * g.outWidth * filters);
        const [X, W, G] = [maxAbs(x), maxAbs(weights), maxAbs(dy)];
        const positions = batch * g.outHeight * g.outWidth;
        for (const kernels of ALL) {
          const reference = im2colPasses(kernels, x, weights, bias, dy, g, filters, batch, relu);
          let ours: ReturnType<typeof winogradPasses> | undefined;
          const fell = fallbacksDuring(() => (ours = winogradPasses(kernels, x, weights, bias, dy, g, filters, batch, relu)));
          expect(fell, kernels.name).toEqual(kernels === jsKernels ? ['winogradFilters', 'conv2dWinogradForward', 'conv2dWinogradBackward', 'winogradWeightGradient'] : []);
          const w = ours!;
          // The outputs: both sums within their bounds of the exact one.
          expect(worstDifference(w.out, reference.out)).toBeLessThan(winogradBound(g.channels, X, W) + directBound(g.channels, X, W));
          // dx is the same kind of sum over the filters, with the transposed transforms (magnitudes alike).
          expect(worstDifference(w.dx, reference.dx)).toBeLessThan(winogradBound(filters, G, W) + directBound(filters, G, W));
          // dW sums over every position: the tile transforms' factors (16 for V·dM, 4 for Gᵀ·G) times a running sum of
          // batch·tiles products, against the im2col product's running sum of the positions.
          const tiles = batch * winogradSizes(g, filters).tiles;
          expect(worstDifference(w.dW, reference.dW)).toBeLessThan(64 * (16 + tiles) * tiles * U * X * G + positions * positions * U * X * G);
          expect(worstDifference(w.db, reference.db)).toBeLessThan(2 * positions * positions * U * G);
        }
      });
    }
  }

  it('agrees with the float64 direct convolution to within the bound, and far inside it in practice', () => {
    const g = convGeometry(13, 13, 16, 3, 'valid');
    const filters = 32;
    const x = random(2 * 13 * 13 * 16, 0, 1);
    const weights = random(9 * 16 * filters, -0.3, 0.3);
    const bias = random(filters, -0.1, 0.1);
    const exact = new Float64Array(2 * 11 * 11 * filters);
    for (let b = 0; b < 2; b++) for (let oy = 0; oy < 11; oy++) for (let ox = 0; ox < 11; ox++) for (let f = 0; f < filters; f++) {
      let s = bias[f] as number;
      for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) for (let c = 0; c < 16; c++) {
        s += (x[((b * 13 + oy + ky) * 13 + ox + kx) * 16 + c] as number) * (weights[((ky * 3 + kx) * 16 + c) * filters + f] as number);
      }
      exact[((b * 11 + oy) * 11 + ox) * filters + f] = s;
    }
    for (const kernels of ALL) {
      const worst = worstDifference(winogradForward(kernels, x, weights, bias, g, filters, 2, false).out, exact);
      expect(worst, kernels.name).toBeLessThan(winogradBound(16, maxAbs(x), maxAbs(weights)));
      expect(worst, kernels.name).toBeLessThan(1e-5); // rounding errors of opposite signs cancel: ~50× inside the bound
    }
  });

  it('each image is computed alone: splitting the batch (as threads split it) changes no output, V or dx bit', () => {
    const g = convGeometry(13, 13, 16, 3, 'valid');
    const filters = 32;
    const batch = 4;
    const x = random(batch * 13 * 13 * 16);
    const weights = random(9 * 16 * filters);
    const bias = random(filters);
    const dy = random(batch * 11 * 11 * filters);
    const sizes = winogradSizes(g, filters);
    for (const kernels of ALL) {
      const whole = winogradPasses(kernels, x, weights, bias, dy, g, filters, batch, true);
      const out = arena.float32(whole.out.length);
      const v = arena.float32(whole.v.length);
      const dx = arena.float32(x.length);
      const per = { x: 13 * 13 * 16, out: 11 * 11 * filters, v: sizes.inputPerImage };
      for (const [from, to] of [[0, 1], [1, 4]] as const) {
        const part = (a: Float32Array, n: number) => a.subarray(from * n, to * n);
        kernels.conv2dWinogradForward(part(x, per.x), whole.u, bias, part(v, per.v), arena.float32(sizes.products), part(out, per.out), g, filters, to - from, true);
        const [dU, db] = [sizes.filters, filters].map((n) => arena.float32(n)) as Float32Array[];
        kernels.conv2dWinogradBackward(part(dy, per.out), part(out, per.out), part(v, per.v), whole.uT, dU!, db!, arena.float32(sizes.products), arena.float32(sizes.inputGradient), part(dx, per.x), g, filters, to - from, true);
      }
      expect(out).toEqual(whole.out);
      expect(v).toEqual(whole.v);
      expect(dx).toEqual(whole.dx);
    }
  });

  it('channels or filters not in fours fall back to the JavaScript kernels, with their results', () => {
    const g = convGeometry(6, 6, 3, 3, 'valid');
    const filters = 5;
    const x = random(2 * 6 * 6 * 3);
    const weights = random(9 * 3 * filters);
    const bias = random(filters);
    const dy = random(2 * 4 * 4 * filters);
    const expected = winogradPasses(jsKernels, x, weights, bias, dy, g, filters, 2, true);
    const spy = vi.spyOn(jsKernels, 'conv2dWinogradForward');
    const got = winogradPasses(wasm, x, weights, bias, dy, g, filters, 2, true);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(got.out).toEqual(expected.out);
    expect(got.dW).toEqual(expected.dW);
    expect(got.dx).toEqual(expected.dx);
  });
});

describe('fused first layer: direct convolution → ReLU → max pooling', () => {
  const cases = [
    { name: 'small-cnn conv1: 28×28×1 → 26×26×16, pool 2', g: convGeometry(28, 28, 1, 3, 'valid'), filters: 16, batch: 5, size: 2 },
    { name: '9×11×2 → 7×9×20 (16 + 4 filters), pool 2 drops a row and a column', g: convGeometry(9, 11, 2, 3, 'valid'), filters: 20, batch: 3, size: 2 },
    { name: '8×8×1 same, 8 filters, pool 3 (a 2-row remainder dropped)', g: convGeometry(8, 8, 1, 3, 'same'), filters: 8, batch: 2, size: 3 },
  ];
  for (const { name, g, filters, batch, size } of cases) {
    it(`${name}: pooled outputs and weight/bias gradients bit for bit those of the unfused passes`, () => {
      const k = 9 * g.channels;
      const positions = g.outHeight * g.outWidth;
      const [ph, pw] = [Math.floor(g.outHeight / size), Math.floor(g.outWidth / size)];
      const pooledLength = batch * ph * pw * filters;
      const x = random(batch * g.height * g.width * g.channels, 0, 1);
      x.fill(0, 0, 3 * g.width * g.channels); // black rows: windows of equal values (ties) and all-zero windows
      x.fill(NaN, 5 * g.width * g.channels + 2, 5 * g.width * g.channels + 3); // a NaN pixel
      const weights = random(k * filters, -0.5, 0.5);
      const bias = random(filters, -0.3, 0.1); // many windows entirely ≤ 0 after the ReLU
      const dyPool = random(pooledLength);
      for (const kernels of ALL) {
        // Unfused: direct convolution with ReLU, max pooling; backward through the pooling, then the masked convolution.
        const conv = arena.float32(batch * positions * filters);
        kernels.conv2dDirectForward(x, weights, bias, conv, g, filters, batch, true);
        const pooled = arena.float32(pooledLength);
        kernels.maxPool2d(conv, pooled, batch, g.outHeight, g.outWidth, filters, size);
        const dConv = arena.float32(conv.length);
        kernels.maxPool2dBackward(dyPool, conv, pooled, dConv, batch, g.outHeight, g.outWidth, filters, size);
        const [dW, db, masked] = [k * filters, filters, conv.length].map((n) => arena.float32(n)) as Float32Array[];
        kernels.conv2dDirectBackward(dConv, conv, x, dW!, db!, masked!, g, filters, batch, true);

        const out = arena.float32(pooledLength);
        const argmax = bytes(pooledLength);
        const gradient = arena.float32(conv.length).fill(3);
        const [dW2, db2] = [k * filters, filters].map((n) => arena.float32(n)) as Float32Array[];
        const fell = fallbacksDuring(() => {
          kernels.conv2dDirectReluPool(x, weights, bias, out, argmax, arena.float32(size * g.outWidth * filters), g, filters, batch, size);
          kernels.maxPoolUnpool(dyPool, argmax, gradient, batch, g.outHeight, g.outWidth, filters, size);
        });
        expect(fell, kernels.name).toEqual(kernels === jsKernels ? ['conv2dDirectReluPool', 'maxPoolUnpool'] : []);
        kernels.conv2dDirectBackward(gradient, gradient, x, dW2!, db2!, EMPTY, g, filters, batch, false);
        expect(out, kernels.name).toEqual(pooled);
        expect(argmax.filter((a) => a === 255).length).toBeGreaterThan(0);
        const afterRelu = arena.float32(conv.length);
        kernels.reluBackward(conv, dConv, afterRelu);
        expect(gradient, kernels.name).toEqual(afterRelu); // the unfused δ after the ReLU's mask
        expect(dW2, kernels.name).toEqual(dW);
        expect(db2, kernels.name).toEqual(db);
        // The same gradients a chunk at a time, the batch-sized δ never written.
        const [dW3, db3] = [k * filters, filters].map((n) => arena.float32(n).fill(5)) as Float32Array[];
        const scratch = arena.float32(directPoolBackwardScratch(g, filters));
        const chunked = fallbacksDuring(() => {
          kernels.conv2dDirectPoolBackward(dyPool, argmax, x, dW3!, db3!, scratch, g, filters, batch, size);
        });
        expect(chunked, kernels.name).toEqual(kernels === jsKernels ? ['conv2dDirectPoolBackward'] : []);
        expect(dW3, kernels.name).toEqual(dW);
        expect(db3, kernels.name).toEqual(db);
      }
    });
  }

  it('each image is computed alone: a split batch gives the same pooled outputs and argmax bytes', () => {
    const g = convGeometry(28, 28, 1, 3, 'valid');
    const x = random(4 * 28 * 28);
    const weights = random(9 * 16);
    const bias = random(16);
    for (const kernels of ALL) {
      const whole = arena.float32(4 * 13 * 13 * 16);
      const marks = bytes(whole.length);
      kernels.conv2dDirectReluPool(x, weights, bias, whole, marks, arena.float32(2 * 26 * 16), g, 16, 4, 2);
      const split = arena.float32(whole.length);
      const splitMarks = bytes(whole.length);
      for (const [from, to] of [[0, 3], [3, 4]] as const) {
        const n = 13 * 13 * 16;
        kernels.conv2dDirectReluPool(x.subarray(from * 784, to * 784), weights, bias, split.subarray(from * n, to * n), splitMarks.subarray(from * n, to * n), arena.float32(2 * 26 * 16), g, 16, to - from, 2);
      }
      expect(split).toEqual(whole);
      expect(splitMarks).toEqual(marks);
    }
  });
});
