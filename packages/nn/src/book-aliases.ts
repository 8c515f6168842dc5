import {
  learningRateSpec,
  maximizeSpec,
  Optimizer,
  stateLike,
  type FloatArray,
  type LearningRate,
  type OptimizerOptionSpecV1,
  type OptimizerPluginV1,
  type ParamsInput,
} from '@descent/optim';
import { Activation, type ActivationName } from './activations.js';
import { Dense } from './dense.js';
import type { Layer } from './layer.js';
import type { OptimizerChoice } from './network.js';

// NN.py's names, so the book's listings read almost verbatim:
//   const net = new Network();
//   net.add(new FullyConnectedLayer(196, 100, { momentum: 0.9 }));
//   net.add(new ActivationLayer());
//   …
//   net.fit(train, { minibatches: 40_000, lr: 0.2 });

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

interface NnPyMomentumOptions {
  lr: LearningRate;
  momentum: number;
  [key: string]: unknown;
}

interface NnPyMomentumState {
  [key: string]: FloatArray | number;
  /** NN.py's velocity v. */
  velocity: FloatArray;
}

const nnPyMomentumSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(0.2),
  { name: 'momentum', type: 'number', default: 0, min: 0, max: 1, maxInclusive: false, description: 'Momentum μ of the layer.' },
  maximizeSpec(),
];

/**
 * NN.py's update, as the book's listing writes it: v ← μv − ηΔW/n, W ← W + v (the gradient is already the minibatch
 * mean). For a constant η it is PyTorch's momentum SGD (v = −ηb), so `fit({ lr })` needs no optimizer
 * package: `@descent/nn` depends on none.
 */
class NnPyMomentum extends Optimizer<NnPyMomentumOptions, NnPyMomentumState> {
  constructor(params: ParamsInput<NnPyMomentumOptions>, options?: Partial<NnPyMomentumOptions>) {
    super({ id: 'nn-py-momentum', name: 'NN.py momentum', optionSpecs: nnPyMomentumSpecs }, params, options);
  }

  protected initState(param: FloatArray): NnPyMomentumState {
    return { velocity: stateLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: NnPyMomentumState, o: NnPyMomentumOptions, lr: number): void {
    const v = state.velocity;
    for (let i = 0; i < param.length; i++) {
      const vi = (v[i] = o.momentum * (v[i] as number) - lr * (grad[i] as number));
      param[i] = (param[i] as number) + vi;
    }
  }
}

const nnPyMomentumPlugin: OptimizerPluginV1<NnPyMomentumOptions> = {
  specificationVersion: 'v1',
  id: 'nn-py-momentum',
  name: 'NN.py momentum',
  packageName: '@descent/nn',
  summary: "The book's NN.py update: momentum with each layer's own μ.",
  updateRule: 'v \\leftarrow \\mu v - \\eta g,\\quad W \\leftarrow W + v',
  bookMapping: "NN.py's FullyConnectedLayer update, as written in the book's listing.",
  options: nnPyMomentumSpecs,
  references: [],
  create: (params, options) => new NnPyMomentum(params, options),
};

/**
 * What `fit({ lr })` trains with when the network was not compiled (NN.py style): the book's momentum rule
 * at that rate, one parameter group per trainable layer with the layer's own μ (0 for a layer that has none).
 */
export function nnPyOptimizer(lr: number, layers: readonly Layer[]): { choice: OptimizerChoice; layerOptions: Readonly<Record<string, unknown>>[] } {
  return {
    choice: { plugin: nnPyMomentumPlugin as unknown as OptimizerPluginV1, options: { lr } },
    layerOptions: layers.map((l) => ({ momentum: l instanceof FullyConnectedLayer ? l.momentum : 0 })),
  };
}
