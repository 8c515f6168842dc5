import type { DenseActivation, Kernels } from './kernels.js';

// A dense layer's passes as the separate kernels compute them, one after the other: what `denseForward` and
// `denseBackward` are on one thread (the JavaScript and the single-thread WebAssembly kernels), and the order of
// operations the threaded versions keep, each thread on its own rows, so their results are these bit for bit.

/** out = x·W + bias (m rows of k → n), then activated = activation(out), then wT = Wᵀ when asked. */
export function denseForwardOn(
  kernels: Kernels, x: Float32Array, w: Float32Array, bias: Float32Array, out: Float32Array, m: number, k: number, n: number,
  scratch: Int32Array | null, activation: DenseActivation, activated: Float32Array, wT: Float32Array | null,
): void {
  if (scratch === null) kernels.gemm(x, k, 1, w, out, m, k, n, false);
  else kernels.gemmSkipZeros(x, k, 1, w, out, m, k, n, false, scratch);
  kernels.addRowVector(out, bias, m, n);
  activate(kernels, activation, out, activated);
  if (wT !== null) kernels.transpose(w, wT, k, n);
}

/** The activation of a dense layer's output, as the activation layer computes it. */
function activate(kernels: Kernels, activation: DenseActivation, out: Float32Array, activated: Float32Array): void {
  if (activation === 'sigmoid') kernels.sigmoid(out, activated);
  else if (activation === 'relu') kernels.relu(out, activated);
  else if (activation === 'tanh') kernels.tanh(out, activated);
}

/** ΔW (k×n) = xᵀ·δ, Δbias = Σ rows of δ, then dx = δ·Wᵀ when asked (wT made beforehand). */
export function denseBackwardOn(
  kernels: Kernels, x: Float32Array, dy: Float32Array, dW: Float32Array, db: Float32Array, m: number, k: number, n: number,
  scratch: Int32Array | null, wT: Float32Array, dx: Float32Array | null,
): void {
  if (scratch === null) kernels.gemm(x, 1, k, dy, dW, k, m, n, false);
  else kernels.gemmSkipZeros(x, 1, k, dy, dW, k, m, n, false, scratch);
  kernels.sumRows(dy, db, m, n);
  if (dx !== null) kernels.gemm(dy, n, 1, wT, dx, m, n, k, false);
}
