import { Activation } from './activations.js';
import { Dense } from './dense.js';
import { Network, type NetworkOptions } from './network.js';

/** Models by name, so the CLI and the docs build the same networks. */
export type ModelName = 'book-mlp';

/**
 * The book's network (chapter 11, listing 11-7): 196 → 100 → 50 → 10, a sigmoid after every layer, weights and
 * biases uniform in [−0.5, 0.5), the ½·MSE loss.
 */
export function bookMlp(options: NetworkOptions = {}): Network {
  return new Network(options)
    .add(new Dense(196, 100, 'book-uniform'))
    .add(new Activation(100, 'sigmoid'))
    .add(new Dense(100, 50, 'book-uniform'))
    .add(new Activation(50, 'sigmoid'))
    .add(new Dense(50, 10, 'book-uniform'))
    .add(new Activation(10, 'sigmoid'));
}

export function buildModel(name: string, options: NetworkOptions = {}): Network {
  if (name === 'book-mlp') return bookMlp(options);
  throw new RangeError(`Unknown model '${name}'; known models: book-mlp`);
}
