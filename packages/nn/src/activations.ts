import type { Parameter } from '@descent/optim';
import type { Kernels } from '@descent/tensor';
import { ElementwiseLayer, EMPTY, type BuildContext, type Layer } from './layer.js';
import { PrefixViews } from './views.js';

/** The elementwise functions `Activation` applies: σ(x) = 1/(1 + e⁻ˣ), tanh x, or max(x, 0). */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu';

/** An elementwise activation with its derivative (NN.py's ActivationLayer; sigmoid by default, as the book uses). */
export class Activation extends ElementwiseLayer implements Layer {
  readonly kind: ActivationName;
  private kernels!: Kernels;
  private input: Float32Array = EMPTY;
  private output = new PrefixViews(EMPTY);
  private inputGradient = new PrefixViews(EMPTY);
  private outputView: Float32Array = EMPTY;
  /** Whether the dense layer before computes this activation in its own pass (`Dense.fuseWith`): then forward passes its input on. */
  private fused = false;

  /** `inputSize` may be left out: the network takes it from the layer before. */
  constructor(
    inputSize?: number,
    readonly activation: ActivationName = 'sigmoid',
  ) {
    super(inputSize);
    this.kind = activation;
  }

  /** Called by the dense layer before this one: true when that layer computes this activation (its output is then this layer's). */
  computedByPreviousLayer(fused: boolean): void {
    this.fused = fused;
  }

  build(context: BuildContext): void {
    this.kernels = context.kernels;
    this.output = new PrefixViews(this.fused ? EMPTY : context.alloc(context.maxBatch * this.inputSize));
    this.inputGradient = new PrefixViews(context.alloc(context.maxBatch * this.inputSize));
  }

  forward(input: Float32Array, batch: number): Float32Array {
    this.input = input;
    if (this.fused) {
      // The input is already the activation's output. The ReLU's backward pass reads `input` for its mask: y > 0
      // exactly where x > 0 (NaN and −0 included), so the output serves.
      this.outputView = input;
      return input;
    }
    const out = this.output.get(batch * this.inputSize);
    if (this.activation === 'sigmoid') this.kernels.sigmoid(input, out);
    else if (this.activation === 'tanh') this.kernels.tanh(input, out);
    else this.kernels.relu(input, out);
    this.outputView = out;
    return out;
  }

  backward(outputGradient: Float32Array, batch: number): Float32Array {
    const dx = this.inputGradient.get(batch * this.inputSize);
    if (this.activation === 'sigmoid') this.kernels.sigmoidBackward(this.outputView, outputGradient, dx);
    else if (this.activation === 'tanh') this.kernels.tanhBackward(this.outputView, outputGradient, dx);
    else this.kernels.reluBackward(this.input, outputGradient, dx);
    return dx;
  }

  parameters(): Parameter<Float32Array>[] {
    return [];
  }
}
