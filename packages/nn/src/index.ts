export type { BuildContext, Layer } from './layer.js';
export { Dense } from './dense.js';
export { Activation, type ActivationName } from './activations.js';
export { bookMseLoss, softmaxCrossEntropyLoss, type Loss } from './losses.js';
export { initialize, type Initializer } from './initializers.js';
export {
  Network,
  type Evaluation,
  type FitOptions,
  type FitResult,
  type LabelledData,
  type NetworkOptions,
  type OptimizerChoice,
  type Progress,
} from './network.js';
export { ActivationLayer, FullyConnectedLayer } from './book-aliases.js';
export { bookMlp, buildModel, type ModelName } from './models.js';
