// The hot kernels of training, four float32 lanes at a time (AssemblyScript, compiled by tooling/build-wasm.mjs).
// Pointers are byte offsets into the imported memory. src/js-kernels.ts computes the same things in plain
// JavaScript; tests hold the two together.
//
// This entry only names the module's exports; each family lives in its own file:
//   gemm.ts            matrix products, bias rows, row sums, transpose
//   elementwise.ts     sigmoid, relu, sub and their backward passes; the gather of image rows from bytes
//   im2col-pooling.ts  im2col/col2im and max pooling
//   convolution.ts     the direct and the fused (im2col + gemm) convolution layers
//   winograd.ts        Winograd F(2×2, 3×3) for a 3×3 convolution at stride 1, forward and backward
//   conv-relu-pool.ts  a first convolution, its ReLU and the max pooling after it in one pass
//   thread-parts.ts    the parts of a convolution's backward pass that threads share out by output
//   lanes.ts           what they share: the multiply-add (fused with relaxed SIMD) and the four-lane exp
export { gemm, gemmSkipZeros, addRowVector, sumRows, transpose } from './gemm';
export { sigmoid, sigmoidBackward, gatherPixelRows, sub, relu, reluBackward } from './elementwise';
export { im2col, col2im, maxPool2d, maxPool2dBackward } from './im2col-pooling';
export { conv2dDirectForward, conv2dDirectBackward, conv2dForward, conv2dBackward } from './convolution';
export { winogradFilters, conv2dWinogradForward, conv2dWinogradBackward, winogradWeightGradient } from './winograd';
export { conv2dDirectReluPool, maxPoolUnpool, conv2dDirectPoolBackward } from './conv-relu-pool';
export { conv2dWeightGradientRows, conv2dInputGradient, conv2dWinogradBackwardPart, conv2dDirectPoolBackwardFilters } from './thread-parts';
