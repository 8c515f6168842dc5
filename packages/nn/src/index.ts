export type { BuildContext, ImageShape, Layer } from './layer.js';
export { Dense } from './dense.js';
export { Conv2D, type Conv2DOptions } from './conv2d.js';
export { MaxPool2D } from './max-pool2d.js';
export { Flatten } from './flatten.js';
export { Dropout } from './dropout.js';
export { Activation, type ActivationName } from './activations.js';
export { bookMseLoss, softmaxCrossEntropyLoss, type Loss } from './losses.js';
export { initialize, type Initializer } from './initializers.js';
export {
  Network,
  type EpochReport,
  type Evaluation,
  type FitOptions,
  type FitResult,
  type LabelledData,
  type NetworkOptions,
  type OptimizerChoice,
  type Progress,
} from './network.js';
export { ActivationLayer, FullyConnectedLayer } from './book-aliases.js';
export {
  BOOK_MLP,
  bookMlp,
  buildModel,
  MODEL_IMAGE_SIZE,
  MODELS,
  parseModelSpec,
  SMALL_CNN,
  type BuildModelOptions,
  type LayerSpec,
  type ModelName,
  type ModelSpec,
} from './models.js';
export { sampleRows, splitRows } from './sample-rows.js';
export type { Inputs } from './pixel-rows.js';
export {
  FIGURE_11_8,
  FIGURE_11_9,
  FIGURE_11_11,
  LISTING_11_7,
  runLengthOf,
  runLengthText,
  stepsOf,
  type BookOptimizerSetting,
  type BookScores,
  type RunLength,
} from './book-settings.js';
