export { Rng } from './rng.js';
export { Tensor } from './tensor.js';
export { GEMM_SKIP_ZEROS_SCRATCH, type ConvGeometry, type Kernels } from './kernels.js';
export { jsKernels } from './js-kernels.js';
export { createKernels, relaxedSimdAvailable, simdAvailable, type KernelOptions } from './wasm-kernels.js';
export { convGeometry, type Padding } from './conv-geometry.js';
export { winogradFits, winogradSizes, type WinogradSizes } from './winograd.js';
export { createThreadedKernels, threadControlLength, type ThreadedKernelOptions, type ThreadedKernels } from './threaded-kernels.js';
export { canBlock, sharedMemoryAvailable } from './thread-pool.js';
