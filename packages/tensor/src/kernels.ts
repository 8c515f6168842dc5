/**
 * The operations training needs, on float32 arrays. Shapes are passed as numbers: the callers (layers) know them,
 * and the kernels stay free of allocation.
 */
/** The int32 scratch `gemmSkipZeros` needs: a block of 256 columns of two rows of A, and 256 offsets. */
export const GEMM_SKIP_ZEROS_SCRATCH = 3 * 256;

/** The activation a dense layer's forward pass applies to its output (`denseForward`); 'none' leaves it linear. */
export type DenseActivation = 'none' | 'sigmoid' | 'relu' | 'tanh';

/** The float32 kernels of training, over arrays in one memory: the WebAssembly SIMD build or the JavaScript one (`createKernels`). */
export interface Kernels {
  /** Which implementation runs when the operands allow it. */
  readonly name: 'wasm-relaxed-simd' | 'wasm-simd' | 'js';
  /**
   * C (m×n) = A·B, or C += A·B. A is m×k read as A[i, p] = a[i·rowStride + p·colStride] (so Aᵀ of a row-major
   * k×m array is rowStride 1, colStride m); B is k×n row-major; C is m×n row-major.
   */
  gemm(a: Float32Array, rowStride: number, colStride: number, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate: boolean): void;
  /**
   * `gemm` for an A with many zeros (an image's black background): for each block of four rows of A, the columns p
   * where all four are zero are left out. Since 0·b adds nothing, C is the same as gemm's, bit for bit (for finite
   * B). `scratch` is room for GEMM_SKIP_ZEROS_SCRATCH int32 in the kernels' memory.
   */
  gemmSkipZeros(a: Float32Array, rowStride: number, colStride: number, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate: boolean, scratch: Int32Array): void;
  /**
   * out[r, :] = pixels[indices[r], :] / 255 for `count` rows of `rowLength`: a minibatch of images gathered from
   * their bytes, each value exactly Math.fround(v / 255).
   */
  gatherPixelRows(pixels: Uint8Array, indices: ArrayLike<number>, count: number, rowLength: number, out: Float32Array): void;
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
  /**
   * A dense layer's forward pass over m rows of k (row-major): out = x·W + bias (W k×n; `gemmSkipZeros` with `scratch`
   * when given), then activated = activation(out) unless 'none', then wT = Wᵀ (n×k) when given, for the backward pass.
   * `out` and `activated` are m×n long. Bit for bit the separate kernels; on threads one round, each thread its rows.
   */
  denseForward(
    x: Float32Array, w: Float32Array, bias: Float32Array, out: Float32Array, m: number, k: number, n: number,
    scratch: Int32Array | null, activation: DenseActivation, activated: Float32Array, wT: Float32Array | null,
  ): void;
  /**
   * A dense layer's backward pass over m rows: ΔW (k×n) = xᵀ·δ (`gemmSkipZeros` with `scratch` when given), Δbias =
   * Σ rows of δ, and dx = δ·Wᵀ (m×k, from wT) when dx is given. Bit for bit the separate kernels; on threads one
   * round: rows of ΔW and rows of dx shared out, Δbias summed whole on one thread.
   */
  denseBackward(
    x: Float32Array, dy: Float32Array, dW: Float32Array, db: Float32Array, m: number, k: number, n: number,
    scratch: Int32Array | null, wT: Float32Array, dx: Float32Array | null,
  ): void;
  /** Row-wise softmax of m rows of n, stable (the row maximum is subtracted first). */
  softmaxRows(x: Float32Array, out: Float32Array, m: number, n: number): void;
  /** out[i] = the index of the largest of row i (the first, on ties). */
  argmaxRows(x: Float32Array, out: Int32Array | Uint8Array, m: number, n: number): void;
  /**
   * im2col for a batch of NHWC images (batch×h×w×c) and a kh×kw window at stride 1: row (b, oy, ox) of `col`
   * ((batch·oh·ow)×(kh·kw·c)) is the window with top-left corner (oy − padTop, ox − padLeft), ordered ky, kx,
   * channel, with zeros outside the image. A convolution is then one matrix product with the (kh·kw·c)×filters kernel.
   */
  im2col(x: Float32Array, col: Float32Array, geometry: ConvGeometry, batch: number): void;
  /** The adjoint of im2col: dx = 0, then each window of `dcol` is added back where im2col took it from. */
  col2im(dcol: Float32Array, dx: Float32Array, geometry: ConvGeometry, batch: number): void;
  /**
   * Max pooling of NHWC images over size×size windows at stride `size`, dropping a partial last row or column. On
   * ties the first element of the window (row by row) is the maximum, as in PyTorch.
   */
  maxPool2d(x: Float32Array, out: Float32Array, batch: number, h: number, w: number, c: number, size: number): void;
  /**
   * maxPool2d's backward pass over batch×h×w×c inputs x with outputs y: dx is dy at each window's maximum (the first
   * element equal to y, the one the forward pass kept) and 0 everywhere else, including the rows and columns the
   * pooling dropped. A NaN maximum passes no gradient.
   */
  maxPool2dBackward(dy: Float32Array, x: Float32Array, y: Float32Array, dx: Float32Array, batch: number, h: number, w: number, c: number, size: number): void;
  /**
   * A convolution layer's forward pass: col = im2col(x); out = col·weights + bias, then max(·, 0) when `relu`.
   * `weights` is (kh·kw·c)×filters. The SIMD kernels work through the batch a few samples at a time, so that the
   * window rows are still in cache when the product reads them; `col` keeps them all for the backward pass.
   */
  conv2dForward(x: Float32Array, col: Float32Array, weights: Float32Array, bias: Float32Array, out: Float32Array, geometry: ConvGeometry, filters: number, batch: number, relu: boolean): void;
  /**
   * Its backward pass: g = dy, masked by y > 0 into `masked` when `relu`; dW = colᵀ g; db = Σ g; and when `dx` is
   * given, dcol = g·weightsᵀ (`weightsT` receives the transpose) and dx = col2im(dcol).
   */
  conv2dBackward(
    dy: Float32Array,
    y: Float32Array,
    col: Float32Array,
    weights: Float32Array,
    weightsT: Float32Array,
    dW: Float32Array,
    db: Float32Array,
    masked: Float32Array,
    dcol: Float32Array,
    dx: Float32Array | null,
    geometry: ConvGeometry,
    filters: number,
    batch: number,
    relu: boolean,
  ): void;
  /**
   * conv2dForward computed directly, without im2col, for a window of few taps (a first layer: c = 1) and `filters` a
   * multiple of 4: the same outputs, bit for bit.
   */
  conv2dDirectForward(x: Float32Array, weights: Float32Array, bias: Float32Array, out: Float32Array, geometry: ConvGeometry, filters: number, batch: number, relu: boolean): void;
  /**
   * The weight and bias gradients of conv2dDirectForward (no input gradient: a first layer), without im2col: g = dy,
   * masked by y > 0 when `relu`; dW[t, :] = Σ x_t g over the positions; db = Σ g. `masked` is scratch room as large as
   * dy (what it holds afterwards is unspecified).
   */
  conv2dDirectBackward(dy: Float32Array, y: Float32Array, x: Float32Array, dW: Float32Array, db: Float32Array, masked: Float32Array, geometry: ConvGeometry, filters: number, batch: number, relu: boolean): void;
  /**
   * The transformed filters of a Winograd F(2×2, 3×3) convolution, once per step: u[ξ][c][f] = (G g Gᵀ)[ξ] and its
   * transpose uT[ξ][f][c] (16·channels·filters floats each) from 3×3 HWIO `weights`.
   */
  winogradFilters(weights: Float32Array, u: Float32Array, uT: Float32Array, channels: number, filters: number): void;
  /**
   * conv2dForward of a 3×3 window by Winograd's F(2×2, 3×3): per image, the input tiles' transforms into `v` (kept for
   * the backward pass, `winogradSizes(g, filters).inputPerImage` per image), 16 products into the scratch `m`
   * (`products` floats, one image's), then Y = Aᵀ M A + bias (and the ReLU). Rounds differently from the direct sum.
   */
  conv2dWinogradForward(x: Float32Array, u: Float32Array, bias: Float32Array, v: Float32Array, m: Float32Array, out: Float32Array, geometry: ConvGeometry, filters: number, batch: number, relu: boolean): void;
  /**
   * Its backward pass, the exact adjoint of the forward steps: g = dy (masked by y > 0 when `relu`); db = Σ g; dU =
   * Σ over the images of V[ξ]ᵀ·A g Aᵀ (overwritten; `winogradWeightGradient` turns it into ΔW); when `dx` is given,
   * dx from dV[ξ] = dM[ξ]·uT[ξ]. `m` and `dv` are one image's scratch (`products`, `inputGradient` floats).
   */
  conv2dWinogradBackward(
    dy: Float32Array,
    y: Float32Array,
    v: Float32Array,
    uT: Float32Array,
    dU: Float32Array,
    db: Float32Array,
    m: Float32Array,
    dv: Float32Array,
    dx: Float32Array | null,
    geometry: ConvGeometry,
    filters: number,
    batch: number,
    relu: boolean,
  ): void;
  /** ΔW (3×3 HWIO) = Gᵀ dU G, the adjoint of `winogradFilters`. */
  winogradWeightGradient(dU: Float32Array, dW: Float32Array, channels: number, filters: number): void;
  /**
   * conv2dDirectForward with its ReLU, then maxPool2d over size×size windows, in one pass a band of `size` output rows
   * at a time (`rows`: size·outWidth·filters floats of scratch): `out` is the pooled output, bit for bit the unfused
   * one, and `argmax` one byte per pooled value: the index in its window of the first maximum, or 255 when the
   * maximum is not > 0 (the ReLU then passes no gradient).
   */
  conv2dDirectReluPool(x: Float32Array, weights: Float32Array, bias: Float32Array, out: Float32Array, argmax: Uint8Array, rows: Float32Array, geometry: ConvGeometry, filters: number, batch: number, size: number): void;
  /**
   * The gradient at the convolution outputs (batch×oh×ow×filters) of conv2dDirectReluPool from the pooled outputs'
   * gradient: dy where `argmax` points, 0 elsewhere. conv2dDirectBackward (without its ReLU) takes it from there.
   */
  maxPoolUnpool(dy: Float32Array, argmax: Uint8Array, g: Float32Array, batch: number, oh: number, ow: number, filters: number, size: number): void;
  /**
   * The weight and bias gradients of conv2dDirectReluPool from the pooled outputs' gradient, a few samples at a time:
   * each chunk's δ is unpooled into the scratch `g` (`directPoolBackwardScratch(geometry, filters)` floats) and used
   * while in cache. Bit for bit maxPoolUnpool of the batch then conv2dDirectBackward without a ReLU.
   */
  conv2dDirectPoolBackward(dy: Float32Array, argmax: Uint8Array, x: Float32Array, dW: Float32Array, db: Float32Array, g: Float32Array, geometry: ConvGeometry, filters: number, batch: number, size: number): void;
}

/** The shapes of a stride-1 convolution window over NHWC images. */
export interface ConvGeometry {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly outHeight: number;
  readonly outWidth: number;
}
