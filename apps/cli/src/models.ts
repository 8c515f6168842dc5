import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MODELS, parseModelSpec, type ModelSpec } from '@descent/nn';
import { countArgument } from './arguments.js';
import { UsageError } from './errors.js';

/** What a model trains with unless flags say otherwise. */
export interface ModelDefaults {
  /** Steps of random minibatches (the book's MLP), or … */
  readonly minibatches?: number;
  /** … epochs over a shuffle (the CNN of figure 11-11). */
  readonly epochs?: number;
  readonly batchSize: number;
  /** Train on this many random training images (figure 11-11: 16,384); all when absent. */
  readonly samples?: number;
  /** The image side the model was made for; the data set is loaded at this size. */
  readonly imageSize: 14 | 28;
  /** Per optimizer: the options the chapter used with this model. */
  readonly optimizerOptions: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Listing 11-7's settings for the book's MLP; chapter §7's for the small CNN. */
const DEFAULTS: Readonly<Record<string, ModelDefaults>> = {
  'book-mlp': {
    minibatches: 40_000,
    batchSize: 64,
    imageSize: 14,
    optimizerOptions: { sgd: { lr: 1.0 }, momentum: { lr: 0.2, momentum: 0.9 } },
  },
  'small-cnn': {
    epochs: 12,
    batchSize: 128,
    samples: 16_384,
    imageSize: 28,
    optimizerOptions: { sgd: { lr: 0.01 }, rmsprop: { lr: 0.001, alpha: 0.9 }, adagrad: { lr: 0.01 }, adam: { lr: 0.001 } },
  },
};

/** A JSON model trains like the small CNN (epochs of batches of 128 on 28×28 images) unless it says `"imageSize": 14`. */
const JSON_DEFAULTS: ModelDefaults = { epochs: 12, batchSize: 128, imageSize: 28, optimizerOptions: {} };

export interface ModelChoice {
  /** `book-mlp`, `small-cnn`, or the JSON file as given. */
  readonly name: string;
  readonly spec: ModelSpec;
  readonly defaults: ModelDefaults;
}

/** `--model`: a named model, or a JSON file describing one (see `parseModelSpec`). */
export function resolveModel(text: string, cwd: string): ModelChoice {
  const named = (MODELS as Record<string, ModelSpec | undefined>)[text];
  if (named !== undefined) return { name: text, spec: named, defaults: DEFAULTS[text] as ModelDefaults };
  if (!text.endsWith('.json')) throw new UsageError(`--model expects ${Object.keys(MODELS).join(', ')} or a .json file describing the layers, got '${text}'`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(cwd, text), 'utf8'));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new UsageError(`--model ${text}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  try {
    const spec = parseModelSpec(raw);
    const size = (raw as { imageSize?: unknown }).imageSize;
    if (size !== undefined && size !== 14 && size !== 28) throw new TypeError(`Invalid model: imageSize is ${JSON.stringify(size)} (expected 14 or 28)`);
    return { name: text, spec, defaults: { ...JSON_DEFAULTS, imageSize: size === 14 ? 14 : 28 } };
  } catch (error) {
    throw new UsageError(`--model ${text}: ${(error as Error).message}`);
  }
}

/** The model of a study or training job, sent to workers as data: the name of a built-in one, or its description. */
export function modelFromConfig(model: string | ModelSpec): ModelSpec {
  if (typeof model !== 'string') return model;
  const named = (MODELS as Record<string, ModelSpec | undefined>)[model];
  if (named === undefined) throw new UsageError(`unknown model '${model}'`);
  return named;
}

/** How long a run trains, and on what: the flags given, each defaulting to the model's own. */
export interface RunLength {
  readonly minibatches?: number;
  readonly epochs?: number;
  readonly batchSize: number;
  readonly samples?: number;
}

/** `--minibatches | --epochs`, `--batch-size` and `--samples`, checked, with the model's defaults for what is left out. */
export function runLength(args: { minibatches?: string; epochs?: string; batchSize?: string; samples?: string }, defaults: ModelDefaults): RunLength {
  if (args.minibatches !== undefined && args.epochs !== undefined) throw new UsageError('give --minibatches or --epochs, not both');
  const byEpochs = args.epochs !== undefined || (args.minibatches === undefined && defaults.epochs !== undefined);
  const epochs = byEpochs ? countArgument('--epochs', args.epochs, defaults.epochs ?? 12, 100_000) : undefined;
  if (epochs === 0) throw new UsageError("--epochs expects a whole number from 1 to 100000, got '0'");
  const batchSize = countArgument('--batch-size', args.batchSize, defaults.batchSize, 65_536);
  if (batchSize < 1) throw new UsageError("--batch-size expects a whole number from 1 to 65536, got '0'");
  const samples = args.samples === undefined ? defaults.samples : countArgument('--samples', args.samples, 0, 100_000_000);
  if (samples === 0) throw new UsageError("--samples expects a whole number ≥ 1, got '0'");
  return {
    ...(epochs === undefined ? { minibatches: countArgument('--minibatches', args.minibatches, defaults.minibatches ?? 40_000, 100_000_000) } : { epochs }),
    batchSize,
    ...(samples === undefined ? {} : { samples }),
  };
}
