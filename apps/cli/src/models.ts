import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIGURE_11_11, LISTING_11_7, MODELS, parseModelSpec, type ModelSpec, type RunLength } from '@descent/nn';
import { countArgument } from './arguments.js';
import { UsageError } from './errors.js';

/** What a model trains with unless flags say otherwise. */
export interface ModelDefaults {
  /** Random minibatches (the book's MLP) or epochs over a shuffle (the CNN of figure 11-11). */
  readonly length: RunLength;
  readonly batchSize: number;
  /** Train on this many random training images (figure 11-11: 16,384); all when absent. */
  readonly samples?: number;
  /** The image side the model was made for; the data set is loaded at this size. */
  readonly imageSize: 14 | 28;
  /** Per optimizer: the options the chapter used with this model. */
  readonly optimizerOptions: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Listing 11-7's settings for the book's MLP; chapter §7's for the small CNN (both from `@descent/nn`'s book settings). */
const DEFAULTS: Readonly<Record<string, ModelDefaults>> = {
  'book-mlp': {
    length: LISTING_11_7.length,
    batchSize: LISTING_11_7.batchSize,
    imageSize: LISTING_11_7.imageSize,
    optimizerOptions: {
      [LISTING_11_7.noMomentum.optimizer]: LISTING_11_7.noMomentum.options,
      [LISTING_11_7.momentum.optimizer]: LISTING_11_7.momentum.options,
    },
  },
  'small-cnn': {
    length: FIGURE_11_11.length,
    batchSize: FIGURE_11_11.batchSize,
    samples: FIGURE_11_11.samples,
    imageSize: FIGURE_11_11.imageSize,
    optimizerOptions: FIGURE_11_11.optimizers,
  },
};

/** A JSON model trains like the small CNN (epochs of batches of 128 on 28×28 images) unless it says `"imageSize": 14`. */
const JSON_DEFAULTS: ModelDefaults = { length: FIGURE_11_11.length, batchSize: FIGURE_11_11.batchSize, imageSize: 28, optimizerOptions: {} };

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
export type RunSettings = RunLength & {
  readonly batchSize: number;
  readonly samples?: number;
};

/** `--minibatches | --epochs`, `--batch-size` and `--samples`, checked, with the model's defaults for what is left out. */
export function runLength(args: { minibatches?: string; epochs?: string; batchSize?: string; samples?: string }, defaults: ModelDefaults): RunSettings {
  if (args.minibatches !== undefined && args.epochs !== undefined) throw new UsageError('give --minibatches or --epochs, not both');
  const byEpochs = args.epochs !== undefined || (args.minibatches === undefined && defaults.length.epochs !== undefined);
  const epochs = byEpochs ? countArgument('--epochs', args.epochs, defaults.length.epochs ?? FIGURE_11_11.length.epochs, 100_000) : undefined;
  if (epochs === 0) throw new UsageError("--epochs expects a whole number from 1 to 100000, got '0'");
  const batchSize = countArgument('--batch-size', args.batchSize, defaults.batchSize, 65_536);
  if (batchSize < 1) throw new UsageError("--batch-size expects a whole number from 1 to 65536, got '0'");
  const samples = args.samples === undefined ? defaults.samples : countArgument('--samples', args.samples, 0, 100_000_000);
  if (samples === 0) throw new UsageError("--samples expects a whole number ≥ 1, got '0'");
  const length: RunLength =
    epochs === undefined ? { minibatches: countArgument('--minibatches', args.minibatches, defaults.length.minibatches ?? LISTING_11_7.length.minibatches, 100_000_000) } : { epochs };
  return { ...length, batchSize, ...(samples === undefined ? {} : { samples }) };
}
