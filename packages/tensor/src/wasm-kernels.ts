import { jsKernels } from './js-kernels.js';
import type { Kernels } from './kernels.js';
import { KERNEL_WASM_BASE64 } from './tensor-kernels.generated.js';

interface TensorKernelExports {
  gemm(a: number, rs: number, cs: number, b: number, c: number, m: number, k: number, n: number, accumulate: number): void;
  addRowVector(a: number, bias: number, m: number, n: number): void;
  sumRows(a: number, out: number, m: number, n: number): void;
  sigmoid(x: number, out: number, len: number): void;
  sigmoidBackward(y: number, dy: number, out: number, len: number): void;
  sub(a: number, b: number, out: number, len: number): void;
  relu(x: number, out: number, len: number): void;
  reluBackward(x: number, dy: number, out: number, len: number): void;
  im2col(x: number, col: number, batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number): void;
  col2im(dcol: number, dx: number, batch: number, h: number, w: number, c: number, kh: number, kw: number, padTop: number, padLeft: number, oh: number, ow: number): void;
  maxPool2d(x: number, out: number, argmax: number, batch: number, h: number, w: number, c: number, size: number): void;
  maxPool2dBackward(dy: number, argmax: number, dx: number, outputLength: number, inputLength: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

function compile(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bytes = Uint8Array.from(atob(KERNEL_WASM_BASE64), (c) => c.charCodeAt(0));
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null; // no WebAssembly SIMD here: the JavaScript kernels run
    }
  }
  return compiled;
}

/** Whether this engine runs the SIMD kernels. */
export function simdAvailable(): boolean {
  return compile() !== null;
}

/**
 * Kernels that run as WebAssembly SIMD on arrays living in `memory` (for example an arena from @descent/optim's
 * `createArena`) and fall back to JavaScript for any call whose arrays are elsewhere, or where SIMD is missing.
 * Without a memory, the JavaScript kernels.
 */
export function createKernels(memory?: WebAssembly.Memory, options: { simd?: boolean } = {}): Kernels {
  const module = memory === undefined || options.simd === false ? null : compile();
  if (memory === undefined || module === null) return jsKernels;
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as TensorKernelExports;
  // Fixed arities rather than a rest parameter: a training step calls these thousands of times per second and must
  // not allocate.
  const inMemory = (a: ArrayBufferView, b: ArrayBufferView, c?: ArrayBufferView) => {
    const buffer = memory.buffer;
    return a.buffer === buffer && b.buffer === buffer && (c === undefined || c.buffer === buffer);
  };
  return {
    ...jsKernels,
    name: 'wasm-simd',
    gemm(a, rs, cs, b, c, m, k, n, accumulate) {
      if (inMemory(a, b, c)) wasm.gemm(a.byteOffset, rs, cs, b.byteOffset, c.byteOffset, m, k, n, accumulate ? 1 : 0);
      else jsKernels.gemm(a, rs, cs, b, c, m, k, n, accumulate);
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
    maxPool2d(x, out, argmax, batch, h, w, c, size) {
      if (inMemory(x, out, argmax)) wasm.maxPool2d(x.byteOffset, out.byteOffset, argmax.byteOffset, batch, h, w, c, size);
      else jsKernels.maxPool2d(x, out, argmax, batch, h, w, c, size);
    },
    maxPool2dBackward(dy, argmax, dx) {
      if (inMemory(dy, argmax, dx)) wasm.maxPool2dBackward(dy.byteOffset, argmax.byteOffset, dx.byteOffset, dy.length, dx.length);
      else jsKernels.maxPool2dBackward(dy, argmax, dx);
    },
  };
}
