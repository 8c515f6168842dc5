// The kernels on T threads over one shared memory. Every split is by OUTPUT — rows of a product's C, images of a
// convolution or pooling, rows (taps) of a weight gradient — never by the terms of a sum, and each part runs the same
// export a single thread runs, so every value is the same sum in the same order: results are bit for bit those of
// one thread, for every T. A dense layer's bias and activation ride in its product's round (denseForward), its two
// products and Δbias share one round (denseBackward). What is not split (softmax, small products) runs on the calling thread.
import { jsKernels } from './js-kernels.js';
import type { ConvGeometry, Kernels } from './kernels.js';
import { ThreadPool, threadControlLength } from './thread-pool.js';
import { kernelModule, routedKernels, type KernelOptions } from './wasm-kernels.js';
import { chunkOf, directChunkOf, directPoolBackwardScratch, type TensorKernelExports } from './wasm-routes.js';

/** Kernels that split their work across threads; `close()` stops the threads (the kernels then must not be called). */
export interface ThreadedKernels extends Kernels {
  /** How many threads compute (the caller's included). */
  readonly threads: number;
  /** Rounds of work shared out over the threads so far (0 with 1 thread). */
  readonly rounds: number;
  /**
   * Resolves when every thread has started. In a browser, await it before the first call: a Web Worker starts only
   * once the thread that made it is idle. Node starts them on their own.
   */
  ready(): Promise<void>;
  /** Stops the threads (at once, without waiting for them); the kernels must not be called after. Twice does nothing. */
  close(): void;
}

/** Options of `createThreadedKernels`. */
export interface ThreadedKernelOptions extends KernelOptions {
  /** Threads that compute, the calling one included (≥ 1). */
  readonly threads: number;
  /** threadControlLength(threads) int32 in the memory, 16-byte aligned, for the pool's control block and scratch. */
  readonly control: Int32Array;
  /**
   * Zeroed float32 room in the memory (an arena's `float32`), for the scratch each further thread needs beside a
   * layer's own (Winograd's products, the fused first layer's rows): taken at a layer's first call, kept after. Without
   * it those kernels run on the calling thread alone.
   */
  readonly alloc?: (floats: number) => Float32Array;
}

export { threadControlLength };

/** The exports only threads call (assembly/thread-parts.ts): parts of a convolution's backward pass, no kernel of their own. */
export const THREAD_PART_EXPORTS = ['conv2dWeightGradientRows', 'conv2dInputGradient', 'conv2dWinogradBackwardPart', 'conv2dDirectPoolBackwardFilters'] as const;

/** A product smaller than this many multiply-adds runs on the calling thread: waking the others would cost more. */
const MIN_SPLIT_WORK = 1 << 16;

/**
 * The kernels of `createKernels(memory, options)`, with products, convolutions and pooling shared out over
 * `options.threads` threads. `memory` must be shared (`createArena({ bytes, shared: true })` from @descent/optim) when
 * threads > 1. With 1 thread, or without the WebAssembly build, they are the plain kernels and start no thread.
 */
export function createThreadedKernels(memory: WebAssembly.Memory, options: ThreadedKernelOptions): ThreadedKernels {
  const { threads } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`Invalid threads: ${String(threads)} (expected a whole number ≥ 1)`);
  const chosen = kernelModule(memory, options);
  if (chosen === undefined) return single(jsKernels);
  const wasm = new WebAssembly.Instance(chosen.module, { env: { memory } }).exports as unknown as TensorKernelExports;
  const base = routedKernels(memory, chosen.variant, wasm);
  if (threads === 1) return single(base);
  if (!(memory.buffer instanceof SharedArrayBuffer)) throw new Error('threads need a shared memory: createArena({ bytes, shared: true })');
  const pool = new ThreadPool(memory, chosen.module, options.control, threads);
  return {
    ...base,
    ...splitKernels(base, pool, memory, options.alloc),
    threads,
    get rounds() {
      return pool.rounds;
    },
    ready: () => pool.ready(),
    close: () => {
      pool.close();
    },
  };
}

function single(kernels: Kernels): ThreadedKernels {
  return { ...kernels, threads: 1, rounds: 0, ready: () => Promise.resolve(), close: () => undefined };
}

/** The first of `parts` near-equal shares of `total`, share `t`, rounded down to a multiple of `align`. */
function shareStart(total: number, parts: number, t: number, align: number): number {
  if (t >= parts) return total;
  return Math.floor(Math.floor((total * t) / parts) / align) * align;
}

const imageFloats = (g: ConvGeometry) => g.height * g.width * g.channels;
const taps = (g: ConvGeometry) => g.kernelHeight * g.kernelWidth * g.channels;

/** The split versions of the kernels that have one; each falls back to `base` when its arrays are not in the memory. */
function splitKernels(base: Kernels, pool: ThreadPool, memory: WebAssembly.Memory, alloc: ((floats: number) => Float32Array) | undefined): Partial<Kernels> {
  const buffer = memory.buffer;
  const inMemory = (a: ArrayBufferView) => a.buffer === buffer;
  const T = pool.threads;
  const GEMM = pool.exportIndex('gemm');
  const GEMM_SKIP = pool.exportIndex('gemmSkipZeros');
  const CONV_FORWARD = pool.exportIndex('conv2dForward');
  const DIRECT_FORWARD = pool.exportIndex('conv2dDirectForward');
  const DIRECT_BACKWARD = pool.exportIndex('conv2dDirectBackward');
  const RELU_BACKWARD = pool.exportIndex('reluBackward');
  const TRANSPOSE = pool.exportIndex('transpose');
  const SUM_ROWS = pool.exportIndex('sumRows');
  const [WEIGHT_ROWS, INPUT_GRADIENT, WINOGRAD_BACKWARD, POOL_BACKWARD_FILTERS] = THREAD_PART_EXPORTS.map((name) => pool.exportIndex(name)) as [number, number, number, number];
  const WINOGRAD_FORWARD = pool.exportIndex('conv2dWinogradForward');
  const RELU_POOL = pool.exportIndex('conv2dDirectReluPool');
  const UNPOOL = pool.exportIndex('maxPoolUnpool');
  const POOL_BACKWARD = pool.exportIndex('conv2dDirectPoolBackward');

  // Scratch for threads 1…T−1 like a layer's own scratch array (the key), made at its first call.
  const scratchTable = () => {
    const lists = new Map<Float32Array, Float32Array[]>();
    return (own: Float32Array, length = own.length): Float32Array[] | undefined => {
      let list = lists.get(own);
      if (list === undefined && alloc !== undefined) {
        list = Array.from({ length: T - 1 }, () => alloc(length));
        lists.set(own, list);
      }
      return list;
    };
  };
  const scratch = scratchTable();
  const winogradFits = (g: ConvGeometry, filters: number) => g.kernelHeight === 3 && g.kernelWidth === 3 && g.channels % 4 === 0 && filters % 4 === 0;
  const tilesOf = (g: ConvGeometry) => ((g.outHeight + 1) >> 1) * ((g.outWidth + 1) >> 1);
  const ADD_ROW_VECTOR = pool.exportIndex('addRowVector');
  const SIGMOID = pool.exportIndex('sigmoid');
  const RELU = pool.exportIndex('relu');
  const MAX_POOL = pool.exportIndex('maxPool2d');
  const MAX_POOL_BACKWARD = pool.exportIndex('maxPool2dBackward');

  /** Threads for a product of m rows: blocks of at least 4 rows, and enough work to be worth a round. */
  const productParts = (m: number, k: number, n: number) => (m * k * n < MIN_SPLIT_WORK ? 1 : Math.min(T, Math.floor(m / 4)));

  return {
    gemm(a, rs, cs, b, c, m, k, n, accumulate) {
      const parts = productParts(m, k, n);
      if (parts < 2 || !inMemory(a) || !inMemory(b) || !inMemory(c)) {
        base.gemm(a, rs, cs, b, c, m, k, n, accumulate);
        return;
      }
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const r0 = shareStart(m, parts, t, 4);
        const r1 = shareStart(m, parts, t + 1, 4);
        pool.add(t, GEMM, a.byteOffset + 4 * r0 * rs, rs, cs, b.byteOffset, c.byteOffset + 4 * r0 * n, r1 - r0, k, n, accumulate ? 1 : 0);
      }
      pool.run();
    },

    gemmSkipZeros(a, rs, cs, b, c, m, k, n, accumulate, scratch) {
      const parts = productParts(m, k, n);
      if (parts < 2 || !inMemory(a) || !inMemory(b) || !inMemory(c)) {
        base.gemmSkipZeros(a, rs, cs, b, c, m, k, n, accumulate, scratch);
        return;
      }
      // Each thread packs its rows' kept columns in scratch of its own.
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const r0 = shareStart(m, parts, t, 4);
        const r1 = shareStart(m, parts, t + 1, 4);
        pool.add(t, GEMM_SKIP, a.byteOffset + 4 * r0 * rs, rs, cs, b.byteOffset, c.byteOffset + 4 * r0 * n, r1 - r0, k, n, accumulate ? 1 : 0, pool.scratchOffset(t));
      }
      pool.run();
    },

    denseForward(x, w, bias, out, m, k, n, scratch, activation, activated, wT) {
      // One round, each thread its rows: the product, the bias and the activation (the elementwise passes that would
      // otherwise run on this thread alone between rounds, reading rows the other threads wrote); Wᵀ on the last
      // thread. tanh has no export: it follows the round here.
      const parts = productParts(m, k, n);
      const arrays = inMemory(x) && inMemory(w) && inMemory(bias) && inMemory(out) && (activation === 'none' || inMemory(activated)) && (wT === null || inMemory(wT));
      if (parts < 2 || !arrays) {
        base.denseForward(x, w, bias, out, m, k, n, scratch, activation, activated, wT);
        return;
      }
      const act = activation === 'sigmoid' ? SIGMOID : activation === 'relu' ? RELU : -1;
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const r0 = shareStart(m, parts, t, 4);
        const r1 = shareStart(m, parts, t + 1, 4);
        const rows = out.byteOffset + 4 * r0 * n;
        if (scratch === null) pool.add(t, GEMM, x.byteOffset + 4 * r0 * k, k, 1, w.byteOffset, rows, r1 - r0, k, n, 0);
        else pool.add(t, GEMM_SKIP, x.byteOffset + 4 * r0 * k, k, 1, w.byteOffset, rows, r1 - r0, k, n, 0, pool.scratchOffset(t));
        pool.add(t, ADD_ROW_VECTOR, rows, bias.byteOffset, r1 - r0, n);
        if (act >= 0) pool.add(t, act, rows, activated.byteOffset + 4 * r0 * n, (r1 - r0) * n);
      }
      if (wT !== null) pool.add(parts - 1, TRANSPOSE, w.byteOffset, wT.byteOffset, k, n);
      pool.run();
      if (activation === 'tanh') base.tanh(out, activated);
    },

    denseBackward(x, dy, dW, db, m, k, n, scratch, wT, dx) {
      // One round: rows of ΔW = xᵀδ (input features), rows of dx = δWᵀ (samples), and Δbias — a sum over the batch,
      // never split — whole on the last thread.
      const weightParts = Math.max(1, productParts(k, m, n));
      const inputParts = dx === null ? 0 : Math.max(1, productParts(m, n, k));
      // wT is read only for dx (a first layer passes an empty one).
      const arrays = inMemory(x) && inMemory(dy) && inMemory(dW) && inMemory(db) && (dx === null || (inMemory(dx) && inMemory(wT)));
      if (Math.max(weightParts, inputParts) < 2 || !arrays) {
        base.denseBackward(x, dy, dW, db, m, k, n, scratch, wT, dx);
        return;
      }
      pool.begin();
      for (let t = 0; t < weightParts; t++) {
        const r0 = shareStart(k, weightParts, t, 4);
        const r1 = shareStart(k, weightParts, t + 1, 4);
        if (scratch === null) pool.add(t, GEMM, x.byteOffset + 4 * r0, 1, k, dy.byteOffset, dW.byteOffset + 4 * r0 * n, r1 - r0, m, n, 0);
        else pool.add(t, GEMM_SKIP, x.byteOffset + 4 * r0, 1, k, dy.byteOffset, dW.byteOffset + 4 * r0 * n, r1 - r0, m, n, 0, pool.scratchOffset(t));
      }
      if (dx !== null) {
        for (let t = 0; t < inputParts; t++) {
          const r0 = shareStart(m, inputParts, t, 4);
          const r1 = shareStart(m, inputParts, t + 1, 4);
          pool.add(t, GEMM, dy.byteOffset + 4 * r0 * n, n, 1, wT.byteOffset, dx.byteOffset + 4 * r0 * k, r1 - r0, n, k, 0);
        }
      }
      pool.add(T - 1, SUM_ROWS, dy.byteOffset, db.byteOffset, m, n);
      pool.run();
    },

    conv2dForward(x, col, weights, bias, out, g, filters, batch, relu) {
      const parts = Math.min(T, batch);
      if (parts < 2 || !inMemory(x) || !inMemory(col) || !inMemory(weights) || !inMemory(bias) || !inMemory(out)) {
        base.conv2dForward(x, col, weights, bias, out, g, filters, batch, relu);
        return;
      }
      const image = 4 * imageFloats(g);
      const colImage = 4 * g.outHeight * g.outWidth * taps(g);
      const outImage = 4 * g.outHeight * g.outWidth * filters;
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const b0 = shareStart(batch, parts, t, 1);
        const b1 = shareStart(batch, parts, t + 1, 1);
        pool.add(
          t, CONV_FORWARD, x.byteOffset + b0 * image, col.byteOffset + b0 * colImage, weights.byteOffset, bias.byteOffset, out.byteOffset + b0 * outImage,
          b1 - b0, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth, filters, relu ? 1 : 0, chunkOf(g),
        );
      }
      pool.run();
    },

    conv2dDirectForward(x, weights, bias, out, g, filters, batch, relu) {
      const parts = Math.min(T, batch);
      if (parts < 2 || filters % 4 !== 0 || !inMemory(x) || !inMemory(weights) || !inMemory(bias) || !inMemory(out)) {
        base.conv2dDirectForward(x, weights, bias, out, g, filters, batch, relu);
        return;
      }
      const image = 4 * imageFloats(g);
      const outImage = 4 * g.outHeight * g.outWidth * filters;
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const b0 = shareStart(batch, parts, t, 1);
        const b1 = shareStart(batch, parts, t + 1, 1);
        pool.add(
          t, DIRECT_FORWARD, x.byteOffset + b0 * image, weights.byteOffset, bias.byteOffset, out.byteOffset + b0 * outImage,
          b1 - b0, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth, filters, relu ? 1 : 0,
        );
      }
      pool.run();
    },

    conv2dDirectBackward(dy, y, x, dW, db, masked, g, filters, batch, relu) {
      // By taps (rows of ΔW): each thread walks every chunk of the batch, masking δ into a chunk-sized part of
      // `masked` of its own, so each ΔW row is summed in the same order as on one thread.
      const k = taps(g);
      const chunk = directChunkOf(g, filters);
      const chunkFloats = Math.min(chunk, batch) * g.outHeight * g.outWidth * filters;
      const room = relu ? Math.floor(masked.length / chunkFloats) : T;
      const parts = Math.min(T, k, room);
      if (parts < 2 || filters % 4 !== 0 || !inMemory(dy) || !inMemory(y) || !inMemory(x) || !inMemory(dW) || !inMemory(db) || (relu && !inMemory(masked))) {
        base.conv2dDirectBackward(dy, y, x, dW, db, masked, g, filters, batch, relu);
        return;
      }
      pool.begin();
      for (let t = 0; t < parts; t++) {
        pool.add(
          t, DIRECT_BACKWARD, dy.byteOffset, y.byteOffset, x.byteOffset, dW.byteOffset, db.byteOffset, masked.byteOffset + 4 * t * chunkFloats,
          batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
          filters, relu ? 1 : 0, chunk, shareStart(k, parts, t, 1), shareStart(k, parts, t + 1, 1),
        );
      }
      pool.run();
    },

    conv2dBackward(dy, y, col, weights, weightsT, dW, db, masked, dcol, dx, g, filters, batch, relu) {
      const k = taps(g);
      const parts = Math.min(T, batch);
      const arrays = inMemory(dy) && inMemory(y) && inMemory(col) && inMemory(weights) && inMemory(weightsT) && inMemory(dW) && inMemory(db);
      if (parts < 2 || !arrays || (relu && !inMemory(masked)) || (dx !== null && !(inMemory(dx) && inMemory(dcol)))) {
        base.conv2dBackward(dy, y, col, weights, weightsT, dW, db, masked, dcol, dx, g, filters, batch, relu);
        return;
      }
      const positions = g.outHeight * g.outWidth;
      const outImage = 4 * positions * filters;
      const colImage = 4 * positions * k;
      const chunk = chunkOf(g);
      // Round 1: δ masked by y > 0, by images; Wᵀ for Δx, on the calling thread.
      if (relu || dx !== null) {
        pool.begin();
        if (dx !== null) pool.add(0, TRANSPOSE, weights.byteOffset, weightsT.byteOffset, k, filters);
        if (relu) {
          for (let t = 0; t < parts; t++) {
            const b0 = shareStart(batch, parts, t, 1);
            const b1 = shareStart(batch, parts, t + 1, 1);
            pool.add(t, RELU_BACKWARD, y.byteOffset + b0 * outImage, dy.byteOffset + b0 * outImage, masked.byteOffset + b0 * outImage, (b1 - b0) * positions * filters);
          }
        }
        pool.run();
      }
      const grad = relu ? masked : dy;
      // Round 2: rows of ΔW (every chunk, in order), Δbias on the calling thread, and Δx by images.
      const rowParts = Math.min(T, k);
      pool.begin();
      pool.add(0, SUM_ROWS, grad.byteOffset, db.byteOffset, batch * positions, filters);
      for (let t = 0; t < rowParts; t++) {
        pool.add(t, WEIGHT_ROWS, col.byteOffset, grad.byteOffset, dW.byteOffset, batch, positions, k, filters, chunk, shareStart(k, rowParts, t, 1), shareStart(k, rowParts, t + 1, 1));
      }
      if (dx !== null) {
        const image = 4 * imageFloats(g);
        for (let t = 0; t < parts; t++) {
          const b0 = shareStart(batch, parts, t, 1);
          const b1 = shareStart(batch, parts, t + 1, 1);
          pool.add(
            t, INPUT_GRADIENT, grad.byteOffset + b0 * outImage, weightsT.byteOffset, dcol.byteOffset + b0 * colImage, dx.byteOffset + b0 * image,
            b1 - b0, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth, filters, chunk,
          );
        }
      }
      pool.run();
    },

    conv2dWinogradForward(x, u, bias, v, m, out, g, filters, batch, relu) {
      const parts = Math.min(T, batch);
      const ms = parts < 2 ? undefined : scratch(m);
      if (ms === undefined || !winogradFits(g, filters) || !inMemory(x) || !inMemory(u) || !inMemory(bias) || !inMemory(v) || !inMemory(m) || !inMemory(out)) {
        base.conv2dWinogradForward(x, u, bias, v, m, out, g, filters, batch, relu);
        return;
      }
      const image = 4 * imageFloats(g);
      const vImage = 4 * 16 * tilesOf(g) * g.channels;
      const outImage = 4 * g.outHeight * g.outWidth * filters;
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const b0 = shareStart(batch, parts, t, 1);
        const b1 = shareStart(batch, parts, t + 1, 1);
        const mt = t === 0 ? m : (ms[t - 1] as Float32Array);
        pool.add(
          t, WINOGRAD_FORWARD, x.byteOffset + b0 * image, u.byteOffset, bias.byteOffset, v.byteOffset + b0 * vImage, mt.byteOffset, out.byteOffset + b0 * outImage,
          b1 - b0, g.height, g.width, g.channels, g.padTop, g.padLeft, g.outHeight, g.outWidth, filters, relu ? 1 : 0,
        );
      }
      pool.run();
    },

    conv2dWinogradBackward(dy, y, v, uT, dU, db, m, dv, dx, g, filters, batch, relu) {
      // ΔU by its 16 planes ξ (each summed over every image in order) and Δx by images; Δbias on the calling thread.
      // A thread transforms dy into dM in full only for its own images (Δx needs every plane) and only its planes for
      // the others, so the batch's dM is made about once in all, not once per thread.
      const parts = Math.min(T, 16);
      const ms = parts < 2 ? undefined : scratch(m);
      const dvs = parts < 2 ? undefined : scratch(dv);
      const arrays = inMemory(dy) && inMemory(y) && inMemory(v) && inMemory(uT) && inMemory(dU) && inMemory(db) && inMemory(m) && inMemory(dv) && (dx === null || inMemory(dx));
      if (ms === undefined || dvs === undefined || !winogradFits(g, filters) || !arrays) {
        base.conv2dWinogradBackward(dy, y, v, uT, dU, db, m, dv, dx, g, filters, batch, relu);
        return;
      }
      const imageParts = Math.min(parts, batch);
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const mt = t === 0 ? m : (ms[t - 1] as Float32Array);
        const dvt = t === 0 ? dv : (dvs[t - 1] as Float32Array);
        // conv2dWinogradBackwardPart's flags: 1 = the ReLU's mask, 2 = Δbias on this thread.
        const flags = (relu ? 1 : 0) | (t === 0 ? 2 : 0);
        pool.add(
          t, WINOGRAD_BACKWARD, dy.byteOffset, y.byteOffset, v.byteOffset, uT.byteOffset, dU.byteOffset, db.byteOffset, mt.byteOffset, dvt.byteOffset, dx === null ? 0 : dx.byteOffset,
          batch, g.height, g.width, g.channels, g.padTop, g.padLeft, g.outHeight, g.outWidth, filters, flags,
          shareStart(16, parts, t, 1), shareStart(16, parts, t + 1, 1), shareStart(batch, imageParts, t, 1), shareStart(batch, imageParts, t + 1, 1),
        );
      }
      pool.run();
    },

    conv2dDirectReluPool(x, weights, bias, out, argmax, rows, g, filters, batch, size) {
      const parts = Math.min(T, batch);
      const rs = parts < 2 ? undefined : scratch(rows);
      if (rs === undefined || filters % 4 !== 0 || size > 15 || !inMemory(x) || !inMemory(weights) || !inMemory(bias) || !inMemory(out) || !inMemory(argmax) || !inMemory(rows)) {
        base.conv2dDirectReluPool(x, weights, bias, out, argmax, rows, g, filters, batch, size);
        return;
      }
      const image = 4 * imageFloats(g);
      const pooled = Math.floor(g.outHeight / size) * Math.floor(g.outWidth / size) * filters;
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const b0 = shareStart(batch, parts, t, 1);
        const b1 = shareStart(batch, parts, t + 1, 1);
        const rt = t === 0 ? rows : (rs[t - 1] as Float32Array);
        pool.add(
          t, RELU_POOL, x.byteOffset + b0 * image, weights.byteOffset, bias.byteOffset, out.byteOffset + 4 * b0 * pooled, argmax.byteOffset + b0 * pooled, rt.byteOffset,
          b1 - b0, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth, filters, size,
        );
      }
      pool.run();
    },

    conv2dDirectPoolBackward(dy, argmax, x, dW, db, g, geometry, filters, batch, size) {
      // By filters (columns of ΔW and Δbias), four at a time: each thread unpools every chunk for its filters alone, into
      // a scratch of its own. With fewer than 8 filters, by taps (rows of ΔW) as conv2dDirectBackward: each thread then
      // unpools every chunk in full; Δbias on the thread with tap 0.
      const k = taps(geometry);
      const room = directPoolBackwardScratch(geometry, filters);
      const filterParts = Math.min(T, Math.floor(filters / 4));
      const parts = filterParts >= 2 ? filterParts : Math.min(T, k);
      const gs = parts < 2 ? undefined : scratch(g, room);
      if (gs === undefined || filters % 4 !== 0 || size > 15 || g.length < room || !inMemory(dy) || !inMemory(argmax) || !inMemory(x) || !inMemory(dW) || !inMemory(db) || !inMemory(g)) {
        base.conv2dDirectPoolBackward(dy, argmax, x, dW, db, g, geometry, filters, batch, size);
        return;
      }
      const chunk = directChunkOf(geometry, filters);
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const gt = t === 0 ? g : (gs[t - 1] as Float32Array);
        const [from, to] = filterParts >= 2 ? [shareStart(filters, parts, t, 4), shareStart(filters, parts, t + 1, 4)] : [shareStart(k, parts, t, 1), shareStart(k, parts, t + 1, 1)];
        pool.add(
          t, filterParts >= 2 ? POOL_BACKWARD_FILTERS : POOL_BACKWARD, dy.byteOffset, argmax.byteOffset, x.byteOffset, dW.byteOffset, db.byteOffset, gt.byteOffset,
          batch, geometry.height, geometry.width, geometry.channels, geometry.kernelHeight, geometry.kernelWidth, geometry.padTop, geometry.padLeft,
          geometry.outHeight, geometry.outWidth, filters, size, chunk, from, to,
        );
      }
      pool.run();
    },

    maxPoolUnpool(dy, argmax, g, batch, oh, ow, filters, size) {
      const parts = Math.min(T, batch);
      if (parts < 2 || filters % 4 !== 0 || size > 15 || !inMemory(dy) || !inMemory(argmax) || !inMemory(g)) {
        base.maxPoolUnpool(dy, argmax, g, batch, oh, ow, filters, size);
        return;
      }
      const pooled = Math.floor(oh / size) * Math.floor(ow / size) * filters;
      const full = 4 * oh * ow * filters;
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const b0 = shareStart(batch, parts, t, 1);
        const b1 = shareStart(batch, parts, t + 1, 1);
        pool.add(t, UNPOOL, dy.byteOffset + 4 * b0 * pooled, argmax.byteOffset + b0 * pooled, g.byteOffset + b0 * full, b1 - b0, oh, ow, filters, size);
      }
      pool.run();
    },

    maxPool2d(x, out, batch, h, w, c, size) {
      const parts = Math.min(T, batch);
      if (parts < 2 || !inMemory(x) || !inMemory(out)) {
        base.maxPool2d(x, out, batch, h, w, c, size);
        return;
      }
      const image = 4 * h * w * c;
      const outImage = 4 * Math.floor(h / size) * Math.floor(w / size) * c;
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const b0 = shareStart(batch, parts, t, 1);
        const b1 = shareStart(batch, parts, t + 1, 1);
        pool.add(t, MAX_POOL, x.byteOffset + b0 * image, out.byteOffset + b0 * outImage, b1 - b0, h, w, c, size);
      }
      pool.run();
    },

    maxPool2dBackward(dy, x, y, dx, batch, h, w, c, size) {
      const parts = Math.min(T, batch);
      if (parts < 2 || !inMemory(dy) || !inMemory(x) || !inMemory(y) || !inMemory(dx)) {
        base.maxPool2dBackward(dy, x, y, dx, batch, h, w, c, size);
        return;
      }
      const image = 4 * h * w * c;
      const outImage = 4 * Math.floor(h / size) * Math.floor(w / size) * c;
      pool.begin();
      for (let t = 0; t < parts; t++) {
        const b0 = shareStart(batch, parts, t, 1);
        const b1 = shareStart(batch, parts, t + 1, 1);
        pool.add(t, MAX_POOL_BACKWARD, dy.byteOffset + b0 * outImage, x.byteOffset + b0 * image, y.byteOffset + b0 * outImage, dx.byteOffset + b0 * image, b1 - b0, h, w, c, size);
      }
      pool.run();
    },
  };
}
