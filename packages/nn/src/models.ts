import type { Padding } from '@descent/tensor';
import { Activation } from './activations.js';
import { Conv2D } from './conv2d.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Flatten } from './flatten.js';
import type { Initializer } from './initializers.js';
import type { ImageShape, Layer } from './layer.js';
import { bookMseLoss, softmaxCrossEntropyLoss, type Loss } from './losses.js';
import { MaxPool2D } from './max-pool2d.js';
import { Network, type NetworkOptions } from './network.js';

/**
 * One layer of a model described as data (JSON); shapes follow from the input and the layers before. `name` names
 * its parameters (`fc1.weight`); without it they are named by the layer's index (`0.weight`), as in PyTorch.
 */
export type LayerSpec = { readonly name?: string } & (
  | { readonly type: 'dense'; readonly units: number; readonly initializer?: Initializer }
  | {
      readonly type: 'conv2d';
      readonly filters: number;
      readonly kernelSize?: number;
      readonly padding?: Padding;
      readonly initializer?: Initializer;
      /** `relu` inside the layer (Keras' `activation='relu'`), one pass instead of two over the activations. */
      readonly activation?: 'linear' | 'relu';
      /** false keeps a 3×3 window on im2col and one product (the direct sum's rounding) instead of Winograd's F(2×2, 3×3). */
      readonly winograd?: boolean;
    }
  | { readonly type: 'maxpool2d'; readonly size?: number }
  | { readonly type: 'flatten' }
  | { readonly type: 'dropout'; readonly rate: number }
  | { readonly type: 'sigmoid' | 'tanh' | 'relu' }
);

/** A model as data, so the CLI, a JSON file and the docs build the same networks. */
export interface ModelSpec {
  readonly name: string;
  readonly loss: Loss['kind'];
  /** For dense and conv2d layers that name none. */
  readonly initializer: Initializer;
  readonly layers: readonly LayerSpec[];
}

/**
 * The book's network (chapter 11, listing 11-7): 196 → 100 → 50 → 10 for 14×14 images, a sigmoid after every
 * layer, weights and biases uniform in [−0.5, 0.5), the ½·MSE loss.
 */
export const BOOK_MLP: ModelSpec = {
  name: 'book-mlp',
  loss: 'book-mse',
  initializer: 'book-uniform',
  layers: [
    { type: 'dense', units: 100 },
    { type: 'sigmoid' },
    { type: 'dense', units: 50 },
    { type: 'sigmoid' },
    { type: 'dense', units: 10 },
    { type: 'sigmoid' },
  ],
};

/**
 * The small CNN of figure 11-11 (chapter §7): Conv(16, 3×3, valid) → ReLU → MaxPool 2×2 → Conv(32, 3×3, valid) →
 * ReLU → MaxPool 2×2 → Flatten (800 for 28×28 inputs) → Dense(10), softmax with cross-entropy, Glorot-uniform
 * weights and zero biases. Each ReLU is applied inside its convolution, as Keras writes `Conv2D(16, (3, 3),
 * activation='relu')`.
 */
export const SMALL_CNN: ModelSpec = {
  name: 'small-cnn',
  loss: 'softmax-cross-entropy',
  initializer: 'glorot-uniform',
  layers: [
    { type: 'conv2d', filters: 16, kernelSize: 3, padding: 'valid', activation: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'conv2d', filters: 32, kernelSize: 3, padding: 'valid', activation: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};

/** The named models (`buildModel('small-cnn')`, the CLI's `--model`): the book's MLP and the figure 11-11 CNN. */
export const MODELS = { 'book-mlp': BOOK_MLP, 'small-cnn': SMALL_CNN } as const;
/** A name of `MODELS`: `book-mlp` or `small-cnn`. */
export type ModelName = keyof typeof MODELS;

/** The image side each named model was made for: the book's 14×14 shrink for the MLP, the original 28×28 for the CNN. */
export const MODEL_IMAGE_SIZE: Readonly<Record<ModelName, 14 | 28>> = { 'book-mlp': 14, 'small-cnn': 28 };

const INITIALIZERS: readonly Initializer[] = ['book-uniform', 'glorot-uniform', 'he-uniform'];
const LOSSES: readonly Loss['kind'][] = ['book-mse', 'softmax-cross-entropy'];

/** Checks a model read from JSON and names the first thing wrong: `layers[3].filters: -2 (expected …)`. */
export function parseModelSpec(value: unknown): ModelSpec {
  const fail = (where: string, got: unknown, expected: string): never => {
    throw new TypeError(`Invalid model: ${where} is ${got === undefined ? 'missing' : JSON.stringify(got)} (expected ${expected})`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('the model', value, 'an object with "layers"');
  const spec = value as Record<string, unknown>;
  const loss = spec.loss ?? 'softmax-cross-entropy';
  if (!LOSSES.includes(loss as Loss['kind'])) fail('loss', loss, LOSSES.join(' or '));
  const initializer = spec.initializer ?? 'glorot-uniform';
  if (!INITIALIZERS.includes(initializer as Initializer)) fail('initializer', initializer, INITIALIZERS.join(', '));
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) fail('layers', spec.layers, 'a non-empty list of layers');
  const whole = (where: string, v: unknown, optional: boolean) => {
    if (v === undefined && optional) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(where, v, 'a whole number ≥ 1');
  };
  const names = new Set<string>();
  (spec.layers as unknown[]).forEach((raw, i) => {
    const at = `layers[${String(i)}]`;
    if (typeof raw !== 'object' || raw === null) fail(at, raw, 'an object with a "type"');
    const layer = raw as Record<string, unknown>;
    if (layer.initializer !== undefined && !INITIALIZERS.includes(layer.initializer as Initializer)) fail(`${at}.initializer`, layer.initializer, INITIALIZERS.join(', '));
    if (layer.name !== undefined) {
      if (typeof layer.name !== 'string' || layer.name === '' || layer.name.includes('.')) fail(`${at}.name`, layer.name, "a non-empty name without '.'");
      if (names.has(layer.name as string)) fail(`${at}.name`, layer.name, 'a name no other layer has');
      names.add(layer.name as string);
    }
    switch (layer.type) {
      case 'dense':
        whole(`${at}.units`, layer.units, false);
        break;
      case 'conv2d':
        whole(`${at}.filters`, layer.filters, false);
        whole(`${at}.kernelSize`, layer.kernelSize, true);
        if (layer.padding !== undefined && layer.padding !== 'valid' && layer.padding !== 'same') fail(`${at}.padding`, layer.padding, '"valid" or "same"');
        if (layer.activation !== undefined && layer.activation !== 'linear' && layer.activation !== 'relu') fail(`${at}.activation`, layer.activation, '"linear" or "relu"');
        if (layer.winograd !== undefined && typeof layer.winograd !== 'boolean') fail(`${at}.winograd`, layer.winograd, 'true or false');
        break;
      case 'maxpool2d':
        whole(`${at}.size`, layer.size, true);
        break;
      case 'dropout':
        if (typeof layer.rate !== 'number' || !(layer.rate >= 0 && layer.rate < 1)) fail(`${at}.rate`, layer.rate, 'a number in [0, 1)');
        break;
      case 'flatten':
      case 'sigmoid':
      case 'tanh':
      case 'relu':
        break;
      default:
        fail(`${at}.type`, layer.type, 'dense, conv2d, maxpool2d, flatten, dropout, sigmoid, tanh or relu');
    }
  });
  return {
    name: typeof spec.name === 'string' ? spec.name : 'custom',
    loss: loss as Loss['kind'],
    initializer: initializer as Initializer,
    layers: spec.layers as LayerSpec[],
  };
}

/** `buildModel`'s options: the network's (`NetworkOptions`, whose loss the model sets) and the input shape. */
export interface BuildModelOptions extends NetworkOptions {
  /** One sample's shape; default: the named model's image size (14×14×1 for book-mlp, 28×28×1 otherwise). */
  readonly inputShape?: ImageShape;
}

/** Builds a network from a model's name or its description, following the shapes from the input onwards. */
export function buildModel(model: string | ModelSpec, options: BuildModelOptions = {}): Network {
  let spec: ModelSpec;
  if (typeof model === 'string') {
    const named = (MODELS as Record<string, ModelSpec | undefined>)[model];
    if (named === undefined) throw new RangeError(`Unknown model '${model}'; known models: ${Object.keys(MODELS).join(', ')}`);
    spec = named;
  } else {
    spec = model;
  }
  const side = spec.name === 'book-mlp' ? 14 : 28;
  let shape: ImageShape = options.inputShape ?? { height: side, width: side, channels: 1 };
  const loss: Loss = spec.loss === 'book-mse' ? bookMseLoss : softmaxCrossEntropyLoss;
  const net = new Network({ ...options, loss });
  const flat = (s: ImageShape) => s.height * s.width * s.channels;
  // A flat row of n features is the shape 1×1×n.
  const isImage = (s: ImageShape) => s.height > 1 || s.width > 1;
  spec.layers.forEach((layer, i) => {
    let next: Layer;
    switch (layer.type) {
      case 'dense':
        next = new Dense(flat(shape), layer.units, layer.initializer ?? spec.initializer);
        shape = { height: 1, width: 1, channels: layer.units };
        break;
      case 'conv2d': {
        if (!isImage(shape) && i > 0) throw new RangeError(`layers[${String(i)}]: a conv2d layer needs images, but the layer before gives ${String(flat(shape))} flat features`);
        const conv = new Conv2D(shape, {
          filters: layer.filters,
          ...(layer.kernelSize === undefined ? {} : { kernelSize: layer.kernelSize }),
          ...(layer.padding === undefined ? {} : { padding: layer.padding }),
          ...(layer.activation === undefined ? {} : { activation: layer.activation }),
          ...(layer.winograd === undefined ? {} : { winograd: layer.winograd }),
          initializer: layer.initializer ?? spec.initializer,
        });
        next = conv;
        shape = conv.outputShape;
        break;
      }
      case 'maxpool2d': {
        const pool = new MaxPool2D(shape, layer.size ?? 2);
        next = pool;
        shape = pool.outputShape;
        break;
      }
      case 'flatten':
        next = new Flatten(shape);
        shape = { height: 1, width: 1, channels: flat(shape) };
        break;
      case 'dropout':
        next = new Dropout(layer.rate, flat(shape));
        break;
      case 'sigmoid':
      case 'tanh':
      case 'relu':
        next = new Activation(flat(shape), layer.type);
    }
    net.add(next, layer.name);
  });
  return net;
}

/** The book's network (listing 11-7), as `buildModel('book-mlp')`. */
export function bookMlp(options: NetworkOptions = {}): Network {
  return buildModel(BOOK_MLP, options);
}
