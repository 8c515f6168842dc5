import type { Parameter } from '@descent/optim';
import type { Kernels, Rng } from '@descent/tensor';

/** Where a network's buffers come from and which kernels run on them. */
export interface BuildContext {
  readonly kernels: Kernels;
  /** A zeroed float32 buffer; from an arena when the network has one, so the SIMD kernels reach it. */
  alloc(length: number): Float32Array;
  readonly rng: Rng;
  /** The largest batch the buffers must hold. */
  readonly maxBatch: number;
}

/**
 * A layer with explicit forward and backward passes, as NN.py's: `forward` keeps what `backward` needs, and
 * `backward` turns the gradient of the loss with respect to the output into the gradient with respect to the input,
 * writing its parameters' gradients on the way. Buffers are made once in `build`; passes allocate nothing.
 */
export interface Layer {
  readonly kind: string;
  readonly inputSize: number;
  readonly outputSize: number;
  /**
   * Makes the layer's buffers (outputs, gradients, parameters) once, sized for `context.maxBatch` rows and taken from
   * `context.alloc`, and draws the initial weights from `context.rng`. `needsInputGradient` is false for the first
   * layer, whose input gradient nobody reads, so that layer skips computing it.
   */
  build(context: BuildContext, needsInputGradient: boolean): void;
  /**
   * Returns the output rows (a view valid until the next forward). `training` is true during `fit` and false when
   * predicting; only dropout looks at it.
   */
  forward(input: Float32Array, batch: number, training: boolean): Float32Array;
  /** Returns the input gradient (a view), or an empty array for the first layer. */
  backward(outputGradient: Float32Array, batch: number): Float32Array;
  /** Trainable parameters, weights first; empty for activations. */
  parameters(): Parameter<Float32Array>[];
  /** For layers whose size follows the layer before: `Network.add` calls it with that layer's output size. */
  fitTo?(size: number): void;
  /**
   * For layers that can compute the next one in their own pass (a first convolution and its max pooling): the network
   * calls it before building, with the layer after this one (undefined for the last).
   */
  fuseWith?(next: Layer | undefined): void;
}

export const EMPTY = new Float32Array(0);

/**
 * A layer whose output is its input's size (activations, dropout). The size may be left out: `Network.add` takes it
 * from the layer before through `fitTo`.
 */
export abstract class ElementwiseLayer {
  abstract readonly kind: string;
  private size: number;

  constructor(inputSize?: number) {
    this.size = inputSize ?? 0;
  }

  get inputSize(): number {
    return this.size;
  }

  get outputSize(): number {
    return this.size;
  }

  fitTo(size: number): void {
    if (this.size !== 0 && this.size !== size) throw new RangeError(`${this.kind} layer of size ${String(this.size)} cannot follow a layer of ${String(size)} outputs`);
    this.size = size;
  }
}

/** The shape of one sample between the layers of a convolutional network: height × width × channels, NHWC order. */
export interface ImageShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export const sizeOf = (shape: ImageShape): number => shape.height * shape.width * shape.channels;

export function checkShape(layer: string, shape: ImageShape): void {
  for (const [name, v] of Object.entries(shape)) {
    if (!Number.isInteger(v) || (v as number) < 1) throw new RangeError(`Invalid input ${name} for a ${layer} layer: ${String(v)} (expected a whole number ≥ 1)`);
  }
}
