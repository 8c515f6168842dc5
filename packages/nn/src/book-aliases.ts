import { Activation, type ActivationName } from './activations.js';
import { Dense } from './dense.js';

// NN.py's names, so the book's listings read almost verbatim:
//   const net = new Network();
//   net.add(new FullyConnectedLayer(196, 100, { momentum: 0.9 }));
//   net.add(new ActivationLayer());
//   …
//   net.fit(train, { minibatches: 40_000, learningRate: 0.2 });

/** NN.py's FullyConnectedLayer: a dense layer with the book's uniform [−0.5, 0.5) start and its own momentum. */
export class FullyConnectedLayer extends Dense {
  readonly momentum: number;
  constructor(inputSize: number, outputSize: number, options: { momentum?: number } = {}) {
    super(inputSize, outputSize, 'book-uniform');
    this.momentum = options.momentum ?? 0;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new RangeError(`Invalid momentum: ${String(this.momentum)} (expected a number in [0, 1))`);
  }
}

/** NN.py's ActivationLayer: sigmoid unless told otherwise; its size comes from the layer before. */
export class ActivationLayer extends Activation {
  constructor(activation: ActivationName = 'sigmoid') {
    super(undefined, activation);
  }
}
