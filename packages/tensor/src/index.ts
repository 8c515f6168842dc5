export { Rng } from './rng.js';
export { Tensor } from './tensor.js';
export type { ConvGeometry, Kernels } from './kernels.js';
export { jsKernels } from './js-kernels.js';
export { createKernels, simdAvailable } from './wasm-kernels.js';
export { convGeometry, type Padding } from './conv-geometry.js';
