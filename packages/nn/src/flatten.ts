import type { Parameter } from '@descent/optim';
import { checkShape, sizeOf, type ImageShape, type Layer } from './layer.js';

/**
 * Turns height × width × channels into one row of features. Samples are already stored that way (NHWC rows), so
 * both passes hand their array on unchanged; the layer records the change of shape. (PyTorch flattens in CHW order;
 * a model's own weights do not care, only weights imported from PyTorch would.)
 */
export class Flatten implements Layer {
  readonly kind = 'flatten';
  readonly inputShape: ImageShape;

  constructor(inputShape: ImageShape) {
    checkShape('flatten', inputShape);
    this.inputShape = { ...inputShape };
  }

  get inputSize(): number {
    return sizeOf(this.inputShape);
  }

  get outputSize(): number {
    return sizeOf(this.inputShape);
  }

  build(): void {
    // Nothing to allocate: both passes hand their array on.
  }

  forward(input: Float32Array): Float32Array {
    return input;
  }

  backward(outputGradient: Float32Array): Float32Array {
    return outputGradient;
  }

  parameters(): Parameter<Float32Array>[] {
    return [];
  }
}
