import type { Parameter } from '@descent/optim';
import { convGeometry, directPoolBackwardScratch, winogradFits, winogradSizes, type ConvGeometry, type Kernels, type Padding } from '@descent/tensor';
import { initialize, type Initializer } from './initializers.js';
import { checkShape, EMPTY, sizeOf, type BuildContext, type ImageShape, type Layer } from './layer.js';
import { MaxPool2D } from './max-pool2d.js';
import { PrefixViews } from './views.js';

/** A `Conv2D` layer's settings, as Keras' `Conv2D(filters, kernel_size, padding, activation)`. */
export interface Conv2DOptions {
  /** Output channels: the number of kernels (a whole number ≥ 1). */
  readonly filters: number;
  /** Side of the square window (default 3). */
  readonly kernelSize?: number;
  /** `valid` (no padding: the output shrinks by kernelSize − 1) or `same` (zero padding keeps the size). Default `valid`. */
  readonly padding?: Padding;
  /** Default `glorot-uniform` with Keras' fans: kernelSize²·channels in, kernelSize²·filters out. */
  readonly initializer?: Initializer;
  /**
   * `relu` applies max(·, 0) inside the layer, as Keras' `Conv2D(…, activation='relu')`: the same numbers as a
   * separate ReLU layer, without a second pass over a large activation array. Default `linear`.
   */
  readonly activation?: 'linear' | 'relu';
  /**
   * A 3×3 window runs Winograd's F(2×2, 3×3) unless this is false (default true): fewer products and no im2col copy,
   * rounded differently from the direct sum (within a float32 bound); false keeps im2col and one matrix product.
   */
  readonly winograd?: boolean;
}

/**
 * A 2D convolution at stride 1 over NHWC images, as im2col and one matrix product; a 3×3 window by Winograd's
 * F(2×2, 3×3) (unless `winograd: false`); a first layer with a small window directly, without im2col, and with a
 * ReLU and a MaxPool2D after it, the pooling in the same pass (`fuseWith`):
 *   y[b, oy, ox, f] = bias[f] + Σ_{ky, kx, c} x[b, oy + ky − pad, ox + kx − pad, c] · K[ky, kx, c, f].
 * The kernel is stored as a (kernelSize²·channels) × filters matrix (Keras' HWIO order). Backward (with δ masked by
 * y > 0 first when the layer applies a ReLU):
 *   ΔK = colᵀ δ and Δbias = Σ δ over every position of every sample (the loss has already divided by the batch), and
 *   δx = col2im(δ Kᵀ), the adjoint of the window copy.
 */
export class Conv2D implements Layer {
  readonly kind = 'conv2d';
  readonly weights: Parameter<Float32Array> & { grad: Float32Array };
  readonly bias: Parameter<Float32Array> & { grad: Float32Array };
  readonly inputShape: ImageShape;
  readonly outputShape: ImageShape;
  readonly geometry: ConvGeometry;
  readonly filters: number;
  readonly kernelSize: number;
  readonly padding: Padding;
  readonly initializer: Initializer;
  readonly activation: 'linear' | 'relu';
  /** Whether a 3×3 window may run Winograd's F(2×2, 3×3) (the option; `build` decides). */
  readonly allowsWinograd: boolean;
  private kernels!: Kernels;
  private col = new PrefixViews(EMPTY);
  private colGradient = new PrefixViews(EMPTY);
  private output = new PrefixViews(EMPTY);
  private inputGradient = new PrefixViews(EMPTY);
  private masked = new PrefixViews(EMPTY);
  private transposed: Float32Array = EMPTY;
  private needsInputGradient = true;
  private lastOutput: Float32Array = EMPTY;
  private lastInput: Float32Array = EMPTY;
  /**
   * A first layer with a small window (k ≤ 32 taps, e.g. 3×3 over one or three channels) and filters in fours is
   * computed directly, without im2col: a product of depth 9 spends as long loading its tiles as multiplying, and the
   * window copy would be nine times the image. Bit for bit the same outputs.
   */
  private direct = false;
  /**
   * A 3×3 window otherwise goes through Winograd's F(2×2, 3×3) (the filters transformed once per step into `u`/`uT`,
   * each image's input tiles kept in `tiles` for the backward pass): 16 products per channel and filter for four
   * outputs instead of 36, and no im2col copy. It rounds differently from the direct sum, within a float32 bound.
   */
  private winograd = false;
  private u: Float32Array = EMPTY;
  private uT: Float32Array = EMPTY;
  private uGradient: Float32Array = EMPTY;
  private tiles = new PrefixViews(EMPTY);
  private tilesPerImage = 0;
  private products: Float32Array = EMPTY;
  private tileGradient: Float32Array = EMPTY;
  /**
   * The max pooling right after a direct first layer with a ReLU, computed here in the same pass (`fuseWith`): the
   * convolution's output is never stored, only the pooled one and each window's argmax byte (with the ReLU's mask in
   * it), which is all the backward pass needs. Bit for bit the unfused layers.
   */
  private pool: MaxPool2D | undefined;
  private pooled = false;
  private argmax: Uint8Array = new Uint8Array(0);
  private bandRows: Float32Array = EMPTY;

  constructor(inputShape: ImageShape, options: Conv2DOptions) {
    checkShape('conv2d', inputShape);
    this.filters = options.filters;
    this.kernelSize = options.kernelSize ?? 3;
    this.padding = options.padding ?? 'valid';
    this.initializer = options.initializer ?? 'glorot-uniform';
    this.activation = options.activation ?? 'linear';
    this.allowsWinograd = options.winograd ?? true;
    if (!['linear', 'relu'].includes(this.activation)) throw new RangeError(`Invalid activation for a conv2d layer: '${this.activation}' (expected 'linear' or 'relu')`);
    for (const [name, v] of [['filters', this.filters], ['kernelSize', this.kernelSize]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`Invalid ${name} for a conv2d layer: ${String(v)} (expected a whole number ≥ 1)`);
    }
    // Checked for callers without types (JavaScript, JSON).
    if (!['valid', 'same'].includes(this.padding)) throw new RangeError(`Invalid padding for a conv2d layer: '${this.padding}' (expected 'valid' or 'same')`);
    this.inputShape = { ...inputShape };
    this.geometry = convGeometry(inputShape.height, inputShape.width, inputShape.channels, this.kernelSize, this.padding);
    this.outputShape = { height: this.geometry.outHeight, width: this.geometry.outWidth, channels: this.filters };
    // The kernel's shape in its HWIO storage order; a network names them <index>.weight and <index>.bias.
    const shape = [this.kernelSize, this.kernelSize, inputShape.channels, this.filters];
    this.weights = { data: new Float32Array(0), grad: new Float32Array(0), name: 'weight', shape };
    this.bias = { data: new Float32Array(0), grad: new Float32Array(0), name: 'bias', shape: [this.filters] };
  }

  get inputSize(): number {
    return sizeOf(this.inputShape);
  }

  get outputSize(): number {
    return sizeOf(this.outputShape);
  }

  /** Rows of the im2col matrix per sample (output positions) and its width (one window). */
  private get positions(): number {
    return this.geometry.outHeight * this.geometry.outWidth;
  }

  private get window(): number {
    return this.kernelSize * this.kernelSize * this.inputShape.channels;
  }

  /** Called by the network with the layer after this one: a MaxPool2D is computed inside this layer when it can be. */
  fuseWith(next: Layer | undefined): void {
    this.pool = next instanceof MaxPool2D ? next : undefined;
  }

  build(context: BuildContext, needsInputGradient: boolean): void {
    const k = this.window;
    const f = this.filters;
    const rows = context.maxBatch * this.positions;
    this.kernels = context.kernels;
    this.needsInputGradient = needsInputGradient;
    this.direct = !needsInputGradient && k <= 32 && f % 4 === 0;
    this.winograd = this.allowsWinograd && !this.direct && winogradFits(this.geometry);
    // A pooling window's index must fit a byte below 255.
    this.pooled = this.direct && this.activation === 'relu' && this.pool !== undefined && this.pool.size <= 15;
    this.pool?.computedByPreviousLayer(this.pooled);
    const im2col = !this.direct && !this.winograd;
    Object.assign(this.weights, { data: context.alloc(k * f), grad: context.alloc(k * f) });
    Object.assign(this.bias, { data: context.alloc(f), grad: context.alloc(f) });
    this.col = new PrefixViews(im2col ? context.alloc(rows * k) : EMPTY);
    this.output = new PrefixViews(context.alloc(this.pooled ? context.maxBatch * (this.pool as MaxPool2D).outputSize : rows * f));
    this.colGradient = new PrefixViews(needsInputGradient && im2col ? context.alloc(rows * k) : EMPTY);
    // The ReLU's mask of δ (direct and im2col paths), or with a fused pooling one chunk of δ at the convolution's outputs.
    const maskFloats = this.pooled ? directPoolBackwardScratch(this.geometry, f) : rows * f;
    this.masked = new PrefixViews(this.activation === 'relu' && !this.winograd ? context.alloc(maskFloats) : EMPTY);
    this.inputGradient = new PrefixViews(needsInputGradient ? context.alloc(context.maxBatch * this.inputSize) : EMPTY);
    this.transposed = im2col ? context.alloc(k * f) : EMPTY;
    if (this.winograd) {
      const sizes = winogradSizes(this.geometry, f);
      this.u = context.alloc(sizes.filters);
      this.uT = context.alloc(sizes.filters);
      this.uGradient = context.alloc(sizes.filters);
      this.tilesPerImage = sizes.inputPerImage;
      this.tiles = new PrefixViews(context.alloc(context.maxBatch * sizes.inputPerImage));
      this.products = context.alloc(sizes.products);
      this.tileGradient = needsInputGradient ? context.alloc(sizes.inputGradient) : EMPTY;
    }
    if (this.pooled) {
      const size = (this.pool as MaxPool2D).size;
      const marks = context.alloc(Math.ceil((context.maxBatch * (this.pool as MaxPool2D).outputSize) / 4));
      this.argmax = new Uint8Array(marks.buffer, marks.byteOffset, marks.length * 4);
      this.bandRows = context.alloc(size * this.geometry.outWidth * f);
    }
    const area = this.kernelSize * this.kernelSize;
    initialize(this.initializer, context.rng, this.weights.data, this.bias.data, area * this.inputShape.channels, area * f);
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const rows = batch * this.positions;
    const relu = this.activation === 'relu';
    this.lastInput = input;
    if (this.pooled) {
      const pool = this.pool as MaxPool2D;
      const out = this.output.get(batch * pool.outputSize);
      this.kernels.conv2dDirectReluPool(input, this.weights.data, this.bias.data, out, this.argmax, this.bandRows, this.geometry, this.filters, batch, pool.size);
      return out; // the pooling layer passes it on
    }
    const out = this.output.get(rows * this.filters);
    if (this.winograd) {
      this.kernels.winogradFilters(this.weights.data, this.u, this.uT, this.inputShape.channels, this.filters);
      this.kernels.conv2dWinogradForward(input, this.u, this.bias.data, this.tiles.get(batch * this.tilesPerImage), this.products, out, this.geometry, this.filters, batch, relu);
    } else if (this.direct) this.kernels.conv2dDirectForward(input, this.weights.data, this.bias.data, out, this.geometry, this.filters, batch, relu);
    else this.kernels.conv2dForward(input, this.col.get(rows * this.window), this.weights.data, this.bias.data, out, this.geometry, this.filters, batch, relu);
    this.lastOutput = out;
    return out;
  }

  backward(outputGradient: Float32Array, batch: number): Float32Array {
    const rows = batch * this.positions;
    const relu = this.activation === 'relu';
    if (this.pooled) {
      // ΔW and Δbias from the pooled δ (the pooling layer passed it through), unpooled a chunk at a time into
      // `masked` without a mask: the argmax bytes already hold the ReLU's.
      const pool = this.pool as MaxPool2D;
      this.kernels.conv2dDirectPoolBackward(outputGradient, this.argmax, this.lastInput, this.weights.grad, this.bias.grad, this.masked.buffer, this.geometry, this.filters, batch, pool.size);
      return EMPTY;
    }
    if (this.winograd) {
      const dx = this.needsInputGradient ? this.inputGradient.get(batch * this.inputSize) : null;
      this.kernels.conv2dWinogradBackward(
        outputGradient, this.lastOutput, this.tiles.get(batch * this.tilesPerImage), this.uT, this.uGradient, this.bias.grad, this.products, this.tileGradient, dx,
        this.geometry, this.filters, batch, relu,
      );
      this.kernels.winogradWeightGradient(this.uGradient, this.weights.grad, this.inputShape.channels, this.filters);
      return dx ?? EMPTY;
    }
    const masked = this.masked.get(relu ? rows * this.filters : 0);
    if (this.direct) {
      this.kernels.conv2dDirectBackward(outputGradient, this.lastOutput, this.lastInput, this.weights.grad, this.bias.grad, masked, this.geometry, this.filters, batch, relu);
      return EMPTY;
    }
    const dx = this.needsInputGradient ? this.inputGradient.get(batch * this.inputSize) : null;
    this.kernels.conv2dBackward(
      outputGradient,
      this.lastOutput,
      this.col.get(rows * this.window),
      this.weights.data,
      this.transposed,
      this.weights.grad,
      this.bias.grad,
      masked,
      this.colGradient.get(this.needsInputGradient ? rows * this.window : 0),
      dx,
      this.geometry,
      this.filters,
      batch,
      relu,
    );
    return dx ?? EMPTY;
  }

  parameters(): Parameter<Float32Array>[] {
    return [this.weights, this.bias];
  }
}
