import type { Parameter } from '@descent/optim';
import { GEMM_SKIP_ZEROS_SCRATCH, type DenseActivation, type Kernels } from '@descent/tensor';
import { Activation } from './activations.js';
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
  /**
   * The activation layer right after this one, computed in this layer's pass (`fuseWith`): on threads the bias add
   * and the activation then run in the product's round, each thread on its own rows, instead of on one thread after.
   */
  private activation: DenseActivation = 'none';
  private activated = new PrefixViews(EMPTY);
  /** Whether `transposed` holds this step's Wᵀ (made in the training forward pass, in its round). */
  private transposedFresh = false;

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

  /** Called by the network with the layer after this one: an activation layer is computed in this layer's pass. */
  fuseWith(next: Layer | undefined): void {
    const fused = next instanceof Activation;
    this.activation = fused ? next.activation : 'none';
    if (fused) next.computedByPreviousLayer(true);
  }

  build(context: BuildContext, needsInputGradient: boolean): void {
    const { inputSize: n, outputSize: m } = this;
    this.kernels = context.kernels;
    this.needsInputGradient = needsInputGradient;
    Object.assign(this.weights, { data: context.alloc(n * m), grad: context.alloc(n * m) });
    Object.assign(this.bias, { data: context.alloc(m), grad: context.alloc(m) });
    this.output = new PrefixViews(context.alloc(context.maxBatch * m));
    this.activated = new PrefixViews(this.activation === 'none' ? EMPTY : context.alloc(context.maxBatch * m));
    this.inputGradient = new PrefixViews(needsInputGradient ? context.alloc(context.maxBatch * n) : EMPTY);
    this.transposed = needsInputGradient ? context.alloc(n * m) : EMPTY;
    // The first layer sees the data itself, where zeros are common (an image's black background); the layers after
    // it see sigmoid or tanh outputs, never zero, where looking for zeros would only cost.
    const scratch = needsInputGradient ? null : context.alloc(GEMM_SKIP_ZEROS_SCRATCH);
    this.zeroSkipScratch = scratch === null ? null : new Int32Array(scratch.buffer, scratch.byteOffset, scratch.length);
    initialize(this.initializer, context.rng, this.weights.data, this.bias.data, n, m);
  }

  forward(input: Float32Array, batch: number, training: boolean): Float32Array {
    const { inputSize: n, outputSize: m } = this;
    this.input = input;
    const out = this.output.get(batch * m);
    const activated = this.activated.get(this.activation === 'none' ? 0 : batch * m);
    // Training: Wᵀ for the backward pass's δ Wᵀ is made here, in the product's round (W does not change before it).
    this.transposedFresh = training && this.needsInputGradient;
    this.kernels.denseForward(input, this.weights.data, this.bias.data, out, batch, n, m, this.zeroSkipScratch, this.activation, activated, this.transposedFresh ? this.transposed : null);
    return this.activation === 'none' ? out : activated;
  }

  backward(outputGradient: Float32Array, batch: number): Float32Array {
    const { inputSize: n, outputSize: m, kernels } = this;
    // ΔW (n×m) = xᵀ δ, Δbias, and δ_in (batch×n) = δ Wᵀ, in one round on threads.
    if (this.needsInputGradient && !this.transposedFresh) kernels.transpose(this.weights.data, this.transposed, n, m);
    this.transposedFresh = false;
    const dx = this.needsInputGradient ? this.inputGradient.get(batch * n) : null;
    kernels.denseBackward(this.input, outputGradient, this.weights.grad, this.bias.grad, batch, n, m, this.zeroSkipScratch, this.transposed, dx);
    return dx ?? EMPTY;
  }

  parameters(): Parameter<Float32Array>[] {
    return [this.weights, this.bias];
  }
}

