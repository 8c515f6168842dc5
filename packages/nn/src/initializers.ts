import type { Rng } from '@descent/tensor';

/** How a dense layer's weights start; biases start at zero except for `book-uniform`. */
export type Initializer = 'book-uniform' | 'glorot-uniform' | 'he-uniform';

/**
 * Fills weights (fanIn×fanOut) and biases.
 * - `book-uniform`: NN.py's `np.random.rand(...) - 0.5` for both, uniform in [−0.5, 0.5).
 * - `glorot-uniform`: U(−√(6/(fanIn+fanOut)), +…), zero biases (Keras' default).
 * - `he-uniform`: U(−√(6/fanIn), +…), zero biases.
 */
export function initialize(kind: Initializer, rng: Rng, weights: Float32Array, biases: Float32Array, fanIn: number, fanOut: number): void {
  if (kind === 'book-uniform') {
    for (let i = 0; i < weights.length; i++) weights[i] = rng.uniform() - 0.5;
    for (let i = 0; i < biases.length; i++) biases[i] = rng.uniform() - 0.5;
    return;
  }
  const limit = kind === 'glorot-uniform' ? Math.sqrt(6 / (fanIn + fanOut)) : Math.sqrt(6 / fanIn);
  for (let i = 0; i < weights.length; i++) weights[i] = rng.uniformIn(-limit, limit);
  biases.fill(0);
}
