/**
 * The operations training needs, on float32 arrays. Shapes are passed as numbers: the callers (layers) know them,
 * and the kernels stay free of allocation.
 */
export interface Kernels {
  /** Which implementation runs when the operands allow it. */
  readonly name: 'wasm-simd' | 'js';
  /**
   * C (m×n) = A·B, or C += A·B. A is m×k read as A[i, p] = a[i·rowStride + p·colStride] (so Aᵀ of a row-major
   * k×m array is rowStride 1, colStride m); B is k×n row-major; C is m×n row-major.
   */
  gemm(a: Float32Array, rowStride: number, colStride: number, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate: boolean): void;
  /** out (cols×rows) = aᵀ for a rows×cols row-major array. */
  transpose(a: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** a[i, :] += bias, for m rows of n. */
  addRowVector(a: Float32Array, bias: Float32Array, m: number, n: number): void;
  /** out[j] = Σᵢ a[i, j]. */
  sumRows(a: Float32Array, out: Float32Array, m: number, n: number): void;
  /** out = 1 / (1 + e⁻ˣ). */
  sigmoid(x: Float32Array, out: Float32Array): void;
  /** out = dy · y(1 − y), from the sigmoid's output y. */
  sigmoidBackward(y: Float32Array, dy: Float32Array, out: Float32Array): void;
  /** out = a − b. */
  sub(a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** out = max(x, 0). */
  relu(x: Float32Array, out: Float32Array): void;
  /** out = dy where x > 0, else 0. */
  reluBackward(x: Float32Array, dy: Float32Array, out: Float32Array): void;
  /** out = tanh x. */
  tanh(x: Float32Array, out: Float32Array): void;
  /** out = dy (1 − y²), from tanh's output y. */
  tanhBackward(y: Float32Array, dy: Float32Array, out: Float32Array): void;
  /** Row-wise softmax of m rows of n, stable (the row maximum is subtracted first). */
  softmaxRows(x: Float32Array, out: Float32Array, m: number, n: number): void;
  /** out[i] = the index of the largest of row i (the first, on ties). */
  argmaxRows(x: Float32Array, out: Int32Array | Uint8Array, m: number, n: number): void;
}
