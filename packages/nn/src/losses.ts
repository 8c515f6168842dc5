import type { Kernels } from '@descent/tensor';

/**
 * A loss on a batch of network outputs against one-hot targets. `gradient` writes ∂L/∂output already divided by
 * the batch size, so that the layers' summed gradients are minibatch means.
 */
export interface Loss {
  readonly kind: 'book-mse' | 'softmax-cross-entropy';
  /** The mean loss over the batch. */
  value(output: Float32Array, target: Float32Array, batch: number, classes: number): number;
  /**
   * Writes ∂L/∂output into `out` (batch × classes, row-major), divided by `batch` so the layers' summed gradients are
   * minibatch means; `kernels` are the network's, for the SIMD path.
   */
  gradient(output: Float32Array, target: Float32Array, out: Float32Array, batch: number, classes: number, kernels: Kernels): void;
}

/** The book's loss (NN.py): ½·mean((y − ŷ)²) per sample, with gradient ŷ − y. */
export const bookMseLoss: Loss = {
  kind: 'book-mse',
  value(output, target, batch, classes) {
    let sum = 0;
    const n = batch * classes;
    for (let i = 0; i < n; i++) sum += ((target[i] as number) - (output[i] as number)) ** 2;
    return (0.5 * sum) / n;
  },
  gradient(output, target, out, batch, _classes, kernels) {
    kernels.sub(output, target, out);
    const scale = 1 / batch;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * scale;
  },
};

/**
 * Softmax of the output logits with cross-entropy against the target: L = −Σ y log softmax(z); ∂L/∂z = softmax(z) − y.
 * Fused, so the network's last layer stays linear.
 */
export const softmaxCrossEntropyLoss: Loss = {
  kind: 'softmax-cross-entropy',
  value(output, target, batch, classes) {
    let sum = 0;
    for (let i = 0; i < batch; i++) {
      const r = i * classes;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < classes; j++) max = Math.max(max, output[r + j] as number);
      let z = 0;
      for (let j = 0; j < classes; j++) z += Math.exp((output[r + j] as number) - max);
      const logZ = max + Math.log(z);
      for (let j = 0; j < classes; j++) sum -= (target[r + j] as number) * ((output[r + j] as number) - logZ);
    }
    return sum / batch;
  },
  gradient(output, target, out, batch, classes, kernels) {
    kernels.softmaxRows(output, out, batch, classes);
    const scale = 1 / batch;
    for (let i = 0; i < batch * classes; i++) out[i] = ((out[i] as number) - (target[i] as number)) * scale;
  },
};
