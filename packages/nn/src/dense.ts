import type { Parameter } from '@descent/optim';
import { GEMM_SKIP_ZEROS_SCRATCH, type Kernels } from '@descent/tensor';
import { initialize, type Initializer } from './initializers.js';
import { EMPTY, type BuildContext, type Layer } from './layer.js';
import { PrefixViews } from './views.js';

/**
 * A fully connected layer, y = xW + b, for a batch of rows at once. The batched products compute exactly the book's
 * per-sample mathematics: ΔW = Σ_samples xᵀδ and Δb = Σ δ (the loss already divides by the batch size, so
 * optimizers see the minibatch mean).
 */
export class Dense implements Layer {
  readonly kind = 'dense';
  readonly weights: Parameter<Float32Array> & { grad: Float32Array };
  readonly bias: Parameter<Float32Array> & { grad: Float32Array };
  private kernels!: Kernels;
  private input: Float32Array = EMPTY;
  private output = new PrefixViews(EMPTY);
  private inputGradient = new PrefixViews(EMPTY);
  private transposed: Float32Array = EMPTY;
  private needsInputGradient = true;
  /** Scratch for gemmSkipZeros when this layer reads the network's input (images: ~40 % zero pixels), else null. */
  private zeroSkipScratch: Int32Array | null = null;

  constructor(
    readonly inputSize: number,
    readonly outputSize: number,
    readonly initializer: Initializer = 'book-uniform',
  ) {
    for (const [name, v] of [['inputSize', inputSize], ['outputSize', outputSize]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`Invalid ${name} for a dense layer: ${String(v)} (expected a whole number ≥ 1)`);
    }
    // Placeholders until build() places the arrays (in an arena when there is one).
    // W is stored row-major as inputSize × outputSize (y = xW), so that is its shape; a network names them
    // <index>.weight and <index>.bias (or the layer's given name) when the layer is added.
    this.weights = { data: new Float32Array(0), grad: new Float32Array(0), name: 'weight', shape: [inputSize, outputSize] };
    this.bias = { data: new Float32Array(0), grad: new Float32Array(0), name: 'bias', shape: [outputSize] };
  }

  build(context: BuildContext, needsInputGradient: boolean): void {
    const { inputSize: n, outputSize: m } = this;
    this.kernels = context.kernels;
    this.needsInputGradient = needsInputGradient;
    Object.assign(this.weights, { data: context.alloc(n * m), grad: context.alloc(n * m) });
    Object.assign(this.bias, { data: context.alloc(m), grad: context.alloc(m) });
    this.output = new PrefixViews(context.alloc(context.maxBatch * m));
    this.inputGradient = new PrefixViews(needsInputGradient ? context.alloc(context.maxBatch * n) : EMPTY);
    this.transposed = needsInputGradient ? context.alloc(n * m) : EMPTY;
    // The first layer sees the data itself, where zeros are common (an image's black background); the layers after
    // it see sigmoid or tanh outputs, never zero, where looking for zeros would only cost.
    const scratch = needsInputGradient ? null : context.alloc(GEMM_SKIP_ZEROS_SCRATCH);
    this.zeroSkipScratch = scratch === null ? null : new Int32Array(scratch.buffer, scratch.byteOffset, scratch.length);
    initialize(this.initializer, context.rng, this.weights.data, this.bias.data, n, m);
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const { inputSize: n, outputSize: m } = this;
    this.input = input;
    const out = this.output.get(batch * m);
    if (this.zeroSkipScratch === null) this.kernels.gemm(input, n, 1, this.weights.data, out, batch, n, m, false);
    else this.kernels.gemmSkipZeros(input, n, 1, this.weights.data, out, batch, n, m, false, this.zeroSkipScratch);
    this.kernels.addRowVector(out, this.bias.data, batch, m);
    return out;
  }

  backward(outputGradient: Float32Array, batch: number): Float32Array {
    const { inputSize: n, outputSize: m, kernels } = this;
    // ΔW (n×m) = xᵀ δ: x read transposed through its strides.
    if (this.zeroSkipScratch === null) kernels.gemm(this.input, 1, n, outputGradient, this.weights.grad, n, batch, m, false);
    else kernels.gemmSkipZeros(this.input, 1, n, outputGradient, this.weights.grad, n, batch, m, false, this.zeroSkipScratch);
    kernels.sumRows(outputGradient, this.bias.grad, batch, m);
    if (!this.needsInputGradient) return EMPTY;
    // δ_in (batch×n) = δ Wᵀ, with Wᵀ made once per step (m×n is small beside the batch products).
    kernels.transpose(this.weights.data, this.transposed, n, m);
    const dx = this.inputGradient.get(batch * n);
    kernels.gemm(outputGradient, m, 1, this.transposed, dx, batch, m, n, false);
    return dx;
  }

  parameters(): Parameter<Float32Array>[] {
    return [this.weights, this.bias];
  }
}

