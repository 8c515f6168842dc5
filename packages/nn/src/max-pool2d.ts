import type { Parameter } from '@descent/optim';
import type { Kernels } from '@descent/tensor';
import { checkShape, EMPTY, sizeOf, type BuildContext, type ImageShape, type Layer } from './layer.js';
import { PrefixViews } from './views.js';

/**
 * Max pooling over size×size windows at stride `size` (default 2), per channel; a partial last row or column is
 * dropped, as in PyTorch and Keras. The backward pass sends each output's gradient to the input that was the maximum
 * (the first of equal ones), found again by comparing the input with the output rather than kept as indices.
 */
export class MaxPool2D implements Layer {
  readonly kind = 'maxpool2d';
  readonly inputShape: ImageShape;
  readonly outputShape: ImageShape;
  private kernels!: Kernels;
  private output = new PrefixViews(EMPTY);
  private inputGradient = new PrefixViews(EMPTY);
  private input: Float32Array = EMPTY;
  /** Whether the convolution before computes this pooling in its own pass (Conv2D.fuseWith): then this layer passes its input and gradient on. */
  private fused = false;

  constructor(
    inputShape: ImageShape,
    readonly size = 2,
  ) {
    checkShape('maxpool2d', inputShape);
    if (!Number.isInteger(size) || size < 1 || size > Math.min(inputShape.height, inputShape.width)) {
      throw new RangeError(`Invalid size for a maxpool2d layer: ${String(size)} (expected a whole number from 1 to ${String(Math.min(inputShape.height, inputShape.width))})`);
    }
    this.inputShape = { ...inputShape };
    this.outputShape = { height: Math.floor(inputShape.height / size), width: Math.floor(inputShape.width / size), channels: inputShape.channels };
  }

  get inputSize(): number {
    return sizeOf(this.inputShape);
  }

  get outputSize(): number {
    return sizeOf(this.outputShape);
  }

  /** Set by a Conv2D before it: whether it computes this pooling itself (its output is then this layer's). */
  computedByPreviousLayer(fused: boolean): void {
    this.fused = fused;
  }

  build(context: BuildContext): void {
    this.kernels = context.kernels;
    if (this.fused) return;
    this.output = new PrefixViews(context.alloc(context.maxBatch * this.outputSize));
    this.inputGradient = new PrefixViews(context.alloc(context.maxBatch * this.inputSize));
  }

  forward(input: Float32Array, batch: number): Float32Array {
    if (this.fused) return input;
    const { height, width, channels } = this.inputShape;
    const out = this.output.get(batch * this.outputSize);
    this.input = input;
    this.kernels.maxPool2d(input, out, batch, height, width, channels, this.size);
    return out;
  }

  backward(outputGradient: Float32Array, batch: number): Float32Array {
    if (this.fused) return outputGradient;
    const dx = this.inputGradient.get(batch * this.inputSize);
    const { height, width, channels } = this.inputShape;
    this.kernels.maxPool2dBackward(outputGradient, this.input, this.output.get(batch * this.outputSize), dx, batch, height, width, channels, this.size);
    return dx;
  }

  parameters(): Parameter<Float32Array>[] {
    return [];
  }
}
