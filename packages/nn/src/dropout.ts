import type { Parameter } from '@descent/optim';
import { Rng } from '@descent/tensor';
import { ElementwiseLayer, EMPTY, type BuildContext, type Layer } from './layer.js';
import { PrefixViews } from './views.js';

/**
 * Inverted dropout (Srivastava et al. 2014, as PyTorch and Keras do it): while training, each value is zeroed with
 * probability `rate` and the rest are scaled by 1/(1 − rate), so nothing changes at evaluation time, when the layer
 * passes its input through. The mask comes from a generator seeded from the network's, so a seed repeats a run.
 */
export class Dropout extends ElementwiseLayer implements Layer {
  readonly kind = 'dropout';
  private rng = new Rng(0);
  private mask: Float32Array = EMPTY;
  private output = new PrefixViews(EMPTY);
  private inputGradient = new PrefixViews(EMPTY);

  /** `inputSize` may be left out: the network takes it from the layer before. */
  constructor(
    readonly rate: number,
    inputSize?: number,
  ) {
    super(inputSize);
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`Invalid rate for a dropout layer: ${String(rate)} (expected a number in [0, 1))`);
  }

  build(context: BuildContext): void {
    this.rng = new Rng(context.rng.nextUint32());
    this.mask = context.alloc(context.maxBatch * this.inputSize);
    this.output = new PrefixViews(context.alloc(context.maxBatch * this.inputSize));
    this.inputGradient = new PrefixViews(context.alloc(context.maxBatch * this.inputSize));
  }

  forward(input: Float32Array, batch: number, training: boolean): Float32Array {
    if (!training || this.rate === 0) return input;
    const n = batch * this.inputSize;
    const out = this.output.get(n);
    const keep = 1 / (1 - this.rate);
    for (let i = 0; i < n; i++) {
      const m = this.rng.uniform() < this.rate ? 0 : keep;
      this.mask[i] = m;
      out[i] = (input[i] as number) * m;
    }
    return out;
  }

  backward(outputGradient: Float32Array, batch: number): Float32Array {
    if (this.rate === 0) return outputGradient;
    const n = batch * this.inputSize;
    const dx = this.inputGradient.get(n);
    for (let i = 0; i < n; i++) dx[i] = (outputGradient[i] as number) * (this.mask[i] as number);
    return dx;
  }

  parameters(): Parameter<Float32Array>[] {
    return [];
  }
}
