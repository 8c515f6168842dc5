import { jsKernels } from './js-kernels.js';
import { GEMM_SKIP_ZEROS_SCRATCH, type ConvGeometry, type Kernels } from './kernels.js';
import { KERNEL_RELAXED_SIMD_WASM_BASE64, KERNEL_WASM_BASE64 } from './tensor-kernels.generated.js';

interface TensorKernelExports {
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
    filters: number, relu: number, chunk: number,
  ): void;
  conv2dBackward(
    dy: number, y: number, col: number, weights: number, weightsT: number, dW: number, db: number, masked: number, dcol: number, dx: number,
    batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number,
    filters: number, relu: number, chunk: number, withDx: number,
  ): void;
}

/**
 * Samples per chunk of a convolution: about 64 K floats (256 KB) of im2col rows, which stay in a core's L2 cache
 * between the copy and the product that reads them.
 */
function chunkOf(g: ConvGeometry): number {
  return Math.max(1, Math.floor(65_536 / (g.outHeight * g.outWidth * g.kernelHeight * g.kernelWidth * g.channels)));
}

/**
 * Samples per chunk of a direct convolution's backward pass: about 8 K floats (32 KB) of output gradient, read once
 * per tap while it stays in a core's L1 cache (one sample of 26×26×16 is 43 KB).
 */
function directChunkOf(g: ConvGeometry, filters: number): number {
  return Math.max(1, Math.floor(8192 / (g.outHeight * g.outWidth * filters)));
}

/** The two builds of the kernels: with relaxed SIMD (fused multiply-add) and with SIMD only. */
const variants = {
  'wasm-relaxed-simd': KERNEL_RELAXED_SIMD_WASM_BASE64,
  'wasm-simd': KERNEL_WASM_BASE64,
} as const;
type Variant = keyof typeof variants;

// Only successes are kept: an engine may gain relaxed SIMD after a first look (Node 20 with `enableRelaxedSimd()`
// from @descent/tensor/node).
const compiled = new Map<Variant, WebAssembly.Module>();

function compile(variant: Variant): WebAssembly.Module | null {
  let module = compiled.get(variant);
  if (module === undefined) {
    const bytes = Uint8Array.from(atob(variants[variant]), (c) => c.charCodeAt(0));
    if (!WebAssembly.validate(bytes)) return null; // the engine lacks the feature: another variant, or JavaScript, runs
    module = new WebAssembly.Module(bytes);
    compiled.set(variant, module);
  }
  return module;
}

/** Whether this engine runs the SIMD kernels. */
export function simdAvailable(): boolean {
  return compile('wasm-simd') !== null;
}

/**
 * Whether this engine runs the relaxed-SIMD kernels, whose matrix product uses fused multiply-add (Chrome 114+,
 * Firefox 145+, Node 22+; Node 20 after `enableRelaxedSimd()` from `@descent/tensor/node`).
 */
export function relaxedSimdAvailable(): boolean {
  return compile('wasm-relaxed-simd') !== null;
}

export interface KernelOptions {
  /** `false` runs the plain JavaScript kernels. Default: SIMD where the engine has it. */
  simd?: boolean;
  /**
   * `false` keeps to the SIMD build without fused multiply-add, whose results are the same on every machine (a fused
   * multiply-add rounds once where the CPU has one, twice where it has not). Default: relaxed SIMD where available.
   */
  relaxedSimd?: boolean;
}

/**
 * Kernels that run as WebAssembly SIMD on arrays living in `memory` (for example an arena from @descent/optim's
 * `createArena`) and fall back to JavaScript for any call whose arrays are elsewhere, or where SIMD is missing.
 * Without a memory, the JavaScript kernels.
 */
export function createKernels(memory?: WebAssembly.Memory, options: KernelOptions = {}): Kernels {
  if (memory === undefined || options.simd === false) return jsKernels;
  const order: Variant[] = options.relaxedSimd === false ? ['wasm-simd'] : ['wasm-relaxed-simd', 'wasm-simd'];
  const variant = order.find((v) => compile(v) !== null);
  if (variant === undefined) return jsKernels;
  const module = compile(variant) as WebAssembly.Module;
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as TensorKernelExports;
  // Fixed arities rather than a rest parameter: a training step calls these thousands of times per second and must
  // not allocate.
  // Memory#buffer is a call into the engine; the buffer changes only when the memory grows, which an arena never does,
  // so it is read again only when an array does not match the one seen last.
  let seen = memory.buffer;
  const current = () => (seen = memory.buffer);
  const isIn = (a: ArrayBufferView) => a.buffer === seen || a.buffer === current();
  const inMemory = (a: ArrayBufferView, b: ArrayBufferView, c?: ArrayBufferView) => isIn(a) && isIn(b) && (c === undefined || isIn(c));
  return {
    ...jsKernels,
    name: variant,
    gemm(a, rs, cs, b, c, m, k, n, accumulate) {
      if (inMemory(a, b, c)) wasm.gemm(a.byteOffset, rs, cs, b.byteOffset, c.byteOffset, m, k, n, accumulate ? 1 : 0);
      else jsKernels.gemm(a, rs, cs, b, c, m, k, n, accumulate);
    },
    gemmSkipZeros(a, rs, cs, b, c, m, k, n, accumulate, scratch) {
      if (inMemory(a, b, c) && isIn(scratch) && scratch.length >= GEMM_SKIP_ZEROS_SCRATCH) {
        wasm.gemmSkipZeros(a.byteOffset, rs, cs, b.byteOffset, c.byteOffset, m, k, n, accumulate ? 1 : 0, scratch.byteOffset);
      } else jsKernels.gemm(a, rs, cs, b, c, m, k, n, accumulate);
    },
    gatherPixelRows(pixels, indices, count, rowLength, out) {
      if (indices instanceof Int32Array && inMemory(pixels, indices, out)) wasm.gatherPixelRows(pixels.byteOffset, indices.byteOffset, count, rowLength, out.byteOffset);
      else jsKernels.gatherPixelRows(pixels, indices, count, rowLength, out);
    },
    transpose(a, out, rows, cols) {
      if (inMemory(a, out)) wasm.transpose(a.byteOffset, out.byteOffset, rows, cols);
      else jsKernels.transpose(a, out, rows, cols);
    },
    addRowVector(a, bias, m, n) {
      if (inMemory(a, bias)) wasm.addRowVector(a.byteOffset, bias.byteOffset, m, n);
      else jsKernels.addRowVector(a, bias, m, n);
    },
    sumRows(a, out, m, n) {
      if (inMemory(a, out)) wasm.sumRows(a.byteOffset, out.byteOffset, m, n);
      else jsKernels.sumRows(a, out, m, n);
    },
    sigmoid(x, out) {
      if (inMemory(x, out)) wasm.sigmoid(x.byteOffset, out.byteOffset, x.length);
      else jsKernels.sigmoid(x, out);
    },
    sigmoidBackward(y, dy, out) {
      if (inMemory(y, dy, out)) wasm.sigmoidBackward(y.byteOffset, dy.byteOffset, out.byteOffset, y.length);
      else jsKernels.sigmoidBackward(y, dy, out);
    },
    sub(a, b, out) {
      if (inMemory(a, b, out)) wasm.sub(a.byteOffset, b.byteOffset, out.byteOffset, a.length);
      else jsKernels.sub(a, b, out);
    },
    relu(x, out) {
      if (inMemory(x, out)) wasm.relu(x.byteOffset, out.byteOffset, x.length);
      else jsKernels.relu(x, out);
    },
    reluBackward(x, dy, out) {
      if (inMemory(x, dy, out)) wasm.reluBackward(x.byteOffset, dy.byteOffset, out.byteOffset, x.length);
      else jsKernels.reluBackward(x, dy, out);
    },
    im2col(x, col, g, batch) {
      if (inMemory(x, col)) {
        wasm.im2col(x.byteOffset, col.byteOffset, batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth);
      } else jsKernels.im2col(x, col, g, batch);
    },
    col2im(dcol, dx, g, batch) {
      if (inMemory(dcol, dx)) {
        wasm.col2im(dcol.byteOffset, dx.byteOffset, batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth);
      } else jsKernels.col2im(dcol, dx, g, batch);
    },
    maxPool2d(x, out, batch, h, w, c, size) {
      if (inMemory(x, out)) wasm.maxPool2d(x.byteOffset, out.byteOffset, batch, h, w, c, size);
      else jsKernels.maxPool2d(x, out, batch, h, w, c, size);
    },
    conv2dForward(x, col, weights, bias, out, g, filters, batch, relu) {
      if (inMemory(x, col, weights) && inMemory(bias, out)) {
        wasm.conv2dForward(
          x.byteOffset, col.byteOffset, weights.byteOffset, bias.byteOffset, out.byteOffset,
          batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
          filters, relu ? 1 : 0, chunkOf(g),
        );
      } else jsKernels.conv2dForward(x, col, weights, bias, out, g, filters, batch, relu);
    },
    conv2dBackward(dy, y, col, weights, weightsT, dW, db, masked, dcol, dx, g, filters, batch, relu) {
      // `masked` matters only with a ReLU, `dcol` and `dx` only when dx is wanted: a layer may pass empty arrays.
      const extras = (!relu || isIn(masked)) && (dx === null || (isIn(dx) && isIn(dcol)));
      if (extras && inMemory(dy, y, col) && inMemory(weights, weightsT, dW) && isIn(db)) {
        wasm.conv2dBackward(
          dy.byteOffset, y.byteOffset, col.byteOffset, weights.byteOffset, weightsT.byteOffset, dW.byteOffset, db.byteOffset,
          masked.byteOffset, dcol.byteOffset, dx === null ? 0 : dx.byteOffset,
          batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
          filters, relu ? 1 : 0, chunkOf(g), dx === null ? 0 : 1,
        );
      } else jsKernels.conv2dBackward(dy, y, col, weights, weightsT, dW, db, masked, dcol, dx, g, filters, batch, relu);
    },
    conv2dDirectForward(x, weights, bias, out, g, filters, batch, relu) {
      if (filters % 4 === 0 && inMemory(x, weights) && inMemory(bias, out)) {
        wasm.conv2dDirectForward(
          x.byteOffset, weights.byteOffset, bias.byteOffset, out.byteOffset,
          batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
          filters, relu ? 1 : 0,
        );
      } else jsKernels.conv2dDirectForward(x, weights, bias, out, g, filters, batch, relu);
    },
    conv2dDirectBackward(dy, y, x, dW, db, masked, g, filters, batch, relu) {
      if (filters % 4 === 0 && inMemory(dy, y, x) && inMemory(dW, db) && (!relu || isIn(masked))) {
        wasm.conv2dDirectBackward(
          dy.byteOffset, y.byteOffset, x.byteOffset, dW.byteOffset, db.byteOffset, masked.byteOffset,
          batch, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth,
          filters, relu ? 1 : 0, directChunkOf(g, filters),
        );
      } else jsKernels.conv2dDirectBackward(dy, y, x, dW, db, masked, g, filters, batch, relu);
    },
    maxPool2dBackward(dy, x, y, dx, batch, h, w, c, size) {
      if (inMemory(dy, x, y) && isIn(dx)) wasm.maxPool2dBackward(dy.byteOffset, x.byteOffset, y.byteOffset, dx.byteOffset, batch, h, w, c, size);
      else jsKernels.maxPool2dBackward(dy, x, y, dx, batch, h, w, c, size);
    },
  };
}
