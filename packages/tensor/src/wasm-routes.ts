// The table from each kernel to its WebAssembly export: which arguments must be arrays in the kernels' memory, any
// further condition, and how the call maps onto the export. wasm-kernels.ts turns each entry into a kernel that calls
// the export when the condition holds and jsKernels' method of the same name otherwise.
import { GEMM_SKIP_ZEROS_SCRATCH, type ConvGeometry, type Kernels } from './kernels.js';

/** The exports of assembly/tensor-kernels.ts: arrays are byte offsets into the memory, booleans 0 or 1. */
export interface TensorKernelExports {
  gemm(a: number, rs: number, cs: number, b: number, c: number, m: number, k: number, n: number, accumulate: number): void;
  gemmSkipZeros(a: number, rs: number, cs: number, b: number, c: number, m: number, k: number, n: number, accumulate: number, scratch: number): void;
  transpose(a: number, out: number, rows: number, cols: number): void;
  gatherPixelRows(pixels: number, indices: number, count: number, rowLength: number, out: number): void;
  addRowVector(a: number, bias: number, m: number, n: number): void;
  sumRows(a: number, out: number, m: number, n: number): void;
  sigmoid(x: number, out: number, len: number): void;
  sigmoidBackward(y: number, dy: number, out: number, len: number): void;
  sub(a: number, b: number, out: number, len: number): void;
  relu(x: number, out: number, len: number): void;
  reluBackward(x: number, dy: number, out: number, len: number): void;
  im2col(x: number, col: number, batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number): void;
  col2im(dcol: number, dx: number, batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number): void;
  maxPool2d(x: number, out: number, batch: number, h: number, w: number, c: number, size: number): void;
  maxPool2dBackward(dy: number, x: number, y: number, dx: number, batch: number, h: number, w: number, c: number, size: number): void;
  conv2dForward(
    x: number, col: number, weights: number, bias: number, out: number,
    batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number,
    filters: number, relu: number, chunk: number,
  ): void;
  conv2dDirectForward(
    x: number, weights: number, bias: number, out: number,
    batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number,
    filters: number, relu: number,
  ): void;
  conv2dDirectBackward(
    dy: number, y: number, x: number, dW: number, db: number, masked: number,
    batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number,
    filters: number, relu: number, chunk: number, t0: number, t1: number,
  ): void;
  conv2dBackward(
    dy: number, y: number, col: number, weights: number, weightsT: number, dW: number, db: number, masked: number, dcol: number, dx: number,
    batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number,
    filters: number, relu: number, chunk: number, withDx: number,
  ): void;
  winogradFilters(weights: number, u: number, uT: number, c: number, f: number): void;
  conv2dWinogradForward(
    x: number, u: number, bias: number, v: number, m: number, out: number,
    batch: number, h: number, w: number, c: number, padTop: number, padLeft: number, oh: number, ow: number,
    filters: number, relu: number,
  ): void;
  conv2dWinogradBackward(
    dy: number, y: number, v: number, uT: number, dU: number, db: number, m: number, dv: number, dx: number,
    batch: number, h: number, w: number, c: number, padTop: number, padLeft: number, oh: number, ow: number,
    filters: number, relu: number,
  ): void;
  winogradWeightGradient(dU: number, dW: number, c: number, f: number): void;
  conv2dDirectReluPool(
    x: number, weights: number, bias: number, out: number, argmax: number, rows: number,
    batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number,
    filters: number, size: number,
  ): void;
  maxPoolUnpool(dy: number, argmax: number, g: number, batch: number, oh: number, ow: number, filters: number, size: number): void;
  conv2dDirectPoolBackward(
    dy: number, argmax: number, x: number, dW: number, db: number, g: number,
    batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number,
    filters: number, size: number, chunk: number, t0: number, t1: number,
  ): void;
}

/** The kernels (every method of Kernels). */
export type KernelName = Exclude<keyof Kernels, 'name'>;
type Arguments<K extends KernelName> = Parameters<Kernels[K]>;

/** The positions of the arguments that are always arrays: the ones a route may require to be in the memory. */
type ArrayPositions<P extends readonly unknown[]> = {
  [I in keyof P]: P[I] extends ArrayBufferView ? (I extends `${infer N extends number}` ? N : never) : never;
}[number];

/** Whether an array lies in the kernels' memory. */
export type InMemory = (a: ArrayBufferView) => boolean;

export interface Route<K extends KernelName> {
  /** The arguments, by position, that must be arrays in the memory for the export to run. */
  readonly inMemory: readonly ArrayPositions<Arguments<K>>[];
  /** Any further condition: arrays needed only sometimes, shapes the export does not handle. */
  readonly also?: (isIn: InMemory, ...args: Arguments<K>) => boolean;
  /** The export's call: arrays become their byte offsets, booleans 0 or 1, a geometry its numbers. */
  readonly call: (wasm: TensorKernelExports, ...args: Arguments<K>) => void;
}

// Each `also` and `call` below is written with the kernel's own parameters (no rest parameter): a training step
// calls them thousands of times per second and must not allocate.
export const wasmRoutes: { readonly [K in KernelName]?: Route<K> } = {
  gemm: {
    inMemory: [0, 3, 4],
    call: (wasm, a, rs, cs, b, c, m, k, n, accumulate) => {
      wasm.gemm(a.byteOffset, rs, cs, b.byteOffset, c.byteOffset, m, k, n, accumulate ? 1 : 0);
    },
  },
  gemmSkipZeros: {
    inMemory: [0, 3, 4, 9],
    also: (_isIn, _a, _rs, _cs, _b, _c, _m, _k, _n, _accumulate, scratch) => scratch.length >= GEMM_SKIP_ZEROS_SCRATCH,
    call: (wasm, a, rs, cs, b, c, m, k, n, accumulate, scratch) => {
      wasm.gemmSkipZeros(a.byteOffset, rs, cs, b.byteOffset, c.byteOffset, m, k, n, accumulate ? 1 : 0, scratch.byteOffset);
    },
  },
  gatherPixelRows: {
    // The indices may be any list of numbers; the export reads int32 ones from the memory.
    inMemory: [0, 4],
    also: (isIn, _pixels, indices) => indices instanceof Int32Array && isIn(indices),
    call: (wasm, pixels, indices, count, rowLength, out) => {
      wasm.gatherPixelRows(pixels.byteOffset, (indices as Int32Array).byteOffset, count, rowLength, out.byteOffset);
    },
  },
  transpose: {
    inMemory: [0, 1],
    call: (wasm, a, out, rows, cols) => {
      wasm.transpose(a.byteOffset, out.byteOffset, rows, cols);
    },
  },
  addRowVector: {
    inMemory: [0, 1],
    call: (wasm, a, bias, m, n) => {
      wasm.addRowVector(a.byteOffset, bias.byteOffset, m, n);
    },
  },
  sumRows: {
    inMemory: [0, 1],
    call: (wasm, a, out, m, n) => {
      wasm.sumRows(a.byteOffset, out.byteOffset, m, n);
    },
  },
  sigmoid: {
    inMemory: [0, 1],
    call: (wasm, x, out) => {
      wasm.sigmoid(x.byteOffset, out.byteOffset, x.length);
    },
  },
  sigmoidBackward: {
    inMemory: [0, 1, 2],
    call: (wasm, y, dy, out) => {
      wasm.sigmoidBackward(y.byteOffset, dy.byteOffset, out.byteOffset, y.length);
    },
  },
  sub: {
    inMemory: [0, 1, 2],
    call: (wasm, a, b, out) => {
      wasm.sub(a.byteOffset, b.byteOffset, out.byteOffset, a.length);
    },
  },
  relu: {
    inMemory: [0, 1],
    call: (wasm, x, out) => {
      wasm.relu(x.byteOffset, out.byteOffset, x.length);
    },
  },
  reluBackward: {
    inMemory: [0, 1, 2],
    call: (wasm, x, dy, out) => {
      wasm.reluBackward(x.byteOffset, dy.byteOffset, out.byteOffset, x.length);
    },
  },
  im2col: {
    inMemory: [0, 1],
    call: (wasm, x, col, g, batch) => {
      wasm.im2col(x.byteOffset, col.byteOffset, batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth);
    },
  },
  col2im: {
    inMemory: [0, 1],
    call: (wasm, dcol, dx, g, batch) => {
      wasm.col2im(dcol.byteOffset, dx.byteOffset, batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth);
    },
  },
  maxPool2d: {
    inMemory: [0, 1],
    call: (wasm, x, out, batch, h, w, c, size) => {
      wasm.maxPool2d(x.byteOffset, out.byteOffset, batch, h, w, c, size);
    },
  },
  maxPool2dBackward: {
    inMemory: [0, 1, 2, 3],
    call: (wasm, dy, x, y, dx, batch, h, w, c, size) => {
      wasm.maxPool2dBackward(dy.byteOffset, x.byteOffset, y.byteOffset, dx.byteOffset, batch, h, w, c, size);
    },
  },
  conv2dForward: {
    inMemory: [0, 1, 2, 3, 4],
    call: (wasm, x, col, weights, bias, out, g, filters, batch, relu) => {
      wasm.conv2dForward(
        x.byteOffset, col.byteOffset, weights.byteOffset, bias.byteOffset, out.byteOffset,
        batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
        filters, relu ? 1 : 0, chunkOf(g),
      );
    },
  },
  conv2dBackward: {
    inMemory: [0, 1, 2, 3, 4, 5, 6],
    // `masked` matters only with a ReLU, `dcol` and `dx` only when dx is wanted: a layer may pass empty arrays.
    also: (isIn, _dy, _y, _col, _weights, _weightsT, _dW, _db, masked, dcol, dx, _g, _filters, _batch, relu) =>
      (!relu || isIn(masked)) && (dx === null || (isIn(dx) && isIn(dcol))),
    call: (wasm, dy, y, col, weights, weightsT, dW, db, masked, dcol, dx, g, filters, batch, relu) => {
      wasm.conv2dBackward(
        dy.byteOffset, y.byteOffset, col.byteOffset, weights.byteOffset, weightsT.byteOffset, dW.byteOffset, db.byteOffset,
        masked.byteOffset, dcol.byteOffset, dx === null ? 0 : dx.byteOffset,
        batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
        filters, relu ? 1 : 0, chunkOf(g), dx === null ? 0 : 1,
      );
    },
  },
  conv2dDirectForward: {
    inMemory: [0, 1, 2, 3],
    // The export works through the filters four at a time.
    also: (_isIn, _x, _weights, _bias, _out, _g, filters) => filters % 4 === 0,
    call: (wasm, x, weights, bias, out, g, filters, batch, relu) => {
      wasm.conv2dDirectForward(
        x.byteOffset, weights.byteOffset, bias.byteOffset, out.byteOffset,
        batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
        filters, relu ? 1 : 0,
      );
    },
  },
  conv2dDirectBackward: {
    inMemory: [0, 1, 2, 3, 4],
    also: (isIn, _dy, _y, _x, _dW, _db, masked, _g, filters, _batch, relu) => filters % 4 === 0 && (!relu || isIn(masked)),
    call: (wasm, dy, y, x, dW, db, masked, g, filters, batch, relu) => {
      wasm.conv2dDirectBackward(
        dy.byteOffset, y.byteOffset, x.byteOffset, dW.byteOffset, db.byteOffset, masked.byteOffset,
        batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
        filters, relu ? 1 : 0, directChunkOf(g, filters), 0, g.kernelHeight * g.kernelWidth * g.channels,
      );
    },
  },
  // The Winograd exports work four channels and four filters at a time (assembly/winograd.ts).
  winogradFilters: {
    inMemory: [0, 1, 2],
    also: (_isIn, _weights, _u, _uT, channels, filters) => channels % 4 === 0 && filters % 4 === 0,
    call: (wasm, weights, u, uT, channels, filters) => {
      wasm.winogradFilters(weights.byteOffset, u.byteOffset, uT.byteOffset, channels, filters);
    },
  },
  conv2dWinogradForward: {
    inMemory: [0, 1, 2, 3, 4, 5],
    also: (_isIn, _x, _u, _bias, _v, _m, _out, g, filters) => winogradShapeFits(g, filters),
    call: (wasm, x, u, bias, v, m, out, g, filters, batch, relu) => {
      wasm.conv2dWinogradForward(
        x.byteOffset, u.byteOffset, bias.byteOffset, v.byteOffset, m.byteOffset, out.byteOffset,
        batch, g.height, g.width, g.channels, g.padTop, g.padLeft, g.outHeight, g.outWidth, filters, relu ? 1 : 0,
      );
    },
  },
  conv2dWinogradBackward: {
    inMemory: [0, 1, 2, 3, 4, 5, 6, 7],
    also: (isIn, _dy, _y, _v, _uT, _dU, _db, _m, _dv, dx, g, filters) => winogradShapeFits(g, filters) && (dx === null || isIn(dx)),
    call: (wasm, dy, y, v, uT, dU, db, m, dv, dx, g, filters, batch, relu) => {
      wasm.conv2dWinogradBackward(
        dy.byteOffset, y.byteOffset, v.byteOffset, uT.byteOffset, dU.byteOffset, db.byteOffset, m.byteOffset, dv.byteOffset, dx === null ? 0 : dx.byteOffset,
        batch, g.height, g.width, g.channels, g.padTop, g.padLeft, g.outHeight, g.outWidth, filters, relu ? 1 : 0,
      );
    },
  },
  winogradWeightGradient: {
    inMemory: [0, 1],
    also: (_isIn, _dU, _dW, channels, filters) => channels % 4 === 0 && filters % 4 === 0,
    call: (wasm, dU, dW, channels, filters) => {
      wasm.winogradWeightGradient(dU.byteOffset, dW.byteOffset, channels, filters);
    },
  },
  conv2dDirectReluPool: {
    inMemory: [0, 1, 2, 3, 4, 5],
    // Filters four at a time; a window index must fit a byte below 255 (size ≤ 15).
    also: (_isIn, _x, _weights, _bias, _out, _argmax, _rows, _g, filters, _batch, size) => filters % 4 === 0 && size <= 15,
    call: (wasm, x, weights, bias, out, argmax, rows, g, filters, batch, size) => {
      wasm.conv2dDirectReluPool(
        x.byteOffset, weights.byteOffset, bias.byteOffset, out.byteOffset, argmax.byteOffset, rows.byteOffset,
        batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
        filters, size,
      );
    },
  },
  maxPoolUnpool: {
    inMemory: [0, 1, 2],
    also: (_isIn, _dy, _argmax, _g, _batch, _oh, _ow, filters, size) => filters % 4 === 0 && size <= 15,
    call: (wasm, dy, argmax, g, batch, oh, ow, filters, size) => {
      wasm.maxPoolUnpool(dy.byteOffset, argmax.byteOffset, g.byteOffset, batch, oh, ow, filters, size);
    },
  },
  conv2dDirectPoolBackward: {
    inMemory: [0, 1, 2, 3, 4, 5],
    // conv2dDirectBackward's chunk (the same sums), which the scratch must hold.
    also: (_isIn, _dy, _argmax, _x, _dW, _db, scratch, g, filters, _batch, size) =>
      filters % 4 === 0 && size <= 15 && scratch.length >= directPoolBackwardScratch(g, filters),
    call: (wasm, dy, argmax, x, dW, db, scratch, g, filters, batch, size) => {
      wasm.conv2dDirectPoolBackward(
        dy.byteOffset, argmax.byteOffset, x.byteOffset, dW.byteOffset, db.byteOffset, scratch.byteOffset,
        batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
        filters, size, directChunkOf(g, filters), 0, g.kernelHeight * g.kernelWidth * g.channels,
      );
    },
  },
};

/** Floats of scratch conv2dDirectPoolBackward takes: one chunk (conv2dDirectBackward's) of δ at the convolution outputs. */
export function directPoolBackwardScratch(g: ConvGeometry, filters: number): number {
  return directChunkOf(g, filters) * g.outHeight * g.outWidth * filters;
}

/** The shapes the Winograd exports take: a 3×3 window, channels and filters in fours. */
function winogradShapeFits(g: ConvGeometry, filters: number): boolean {
  return g.kernelHeight === 3 && g.kernelWidth === 3 && g.channels % 4 === 0 && filters % 4 === 0;
}

/**
 * Samples per chunk of a convolution: about 64 K floats (256 KB) of im2col rows, which stay in a core's L2 cache
 * between the copy and the product that reads them.
 */
export function chunkOf(g: ConvGeometry): number {
  return Math.max(1, Math.floor(65_536 / (g.outHeight * g.outWidth * g.kernelHeight * g.kernelWidth * g.channels)));
}

/**
 * Samples per chunk of a direct convolution's backward pass: about 8 K floats (32 KB) of output gradient, read once
 * per tap while it stays in a core's L1 cache (one sample of 26×26×16 is 43 KB).
 */
export function directChunkOf(g: ConvGeometry, filters: number): number {
  return Math.max(1, Math.floor(8192 / (g.outHeight * g.outWidth * filters)));
}
