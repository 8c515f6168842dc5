// The chapter's training settings, written once (chapter 11 of Math for Deep Learning, listing 11-7 and figures
// 11-8, 11-9, 11-11): the CLI's defaults and `reproduce` experiments, the studies and the docs' demos read them here.

/** How long a run trains: a number of random minibatches (the book, NN.py) or of epochs over a shuffle (Keras). */
export type RunLength = { readonly minibatches: number; readonly epochs?: never } | { readonly epochs: number; readonly minibatches?: never };

/** The steps a run length takes on `count` samples in batches of `batchSize` (an epoch's last batch may be short). */
export function stepsOf(length: RunLength, count: number, batchSize: number): number {
  return length.epochs === undefined ? length.minibatches : length.epochs * Math.ceil(count / batchSize);
}

/** `{ minibatches }` or `{ epochs }` from the two optional fields a caller carries, epochs first; `fallback` when neither. */
export function runLengthOf(fields: { readonly minibatches?: number | undefined; readonly epochs?: number | undefined }, fallback: RunLength): RunLength {
  if (fields.epochs !== undefined) return { epochs: fields.epochs };
  if (fields.minibatches !== undefined) return { minibatches: fields.minibatches };
  return fallback;
}

/** "40,000 minibatches" or "12 epochs". */
export function runLengthText(length: RunLength): string {
  return length.epochs === undefined ? `${length.minibatches.toLocaleString('en-US')} minibatches` : `${length.epochs.toLocaleString('en-US')} epochs`;
}

/** An optimizer as the chapter ran it: the plugin id and its options in PyTorch's names. */
export interface BookOptimizerSetting {
  readonly optimizer: string;
  readonly options: Readonly<Record<string, number>>;
}

/** Test-set scores the book prints for a run. */
export interface BookScores {
  readonly accuracy: number;
  readonly mcc: number;
}

/**
 * Listing 11-7: the book's MLP on 14×14 Fashion-MNIST, 40,000 random minibatches of 64, trained without momentum
 * (η = 1.0) and with momentum (η = 0.2, μ = 0.9), and the accuracy and MCC the book prints for each.
 */
export const LISTING_11_7 = {
  model: 'book-mlp',
  imageSize: 14,
  batchSize: 64,
  length: { minibatches: 40_000 },
  noMomentum: { optimizer: 'sgd', options: { lr: 1.0 }, book: { accuracy: 0.8721, mcc: 0.8584048 } },
  momentum: { optimizer: 'momentum', options: { lr: 0.2, momentum: 0.9 }, book: { accuracy: 0.8773, mcc: 0.8638721 } },
} as const satisfies {
  model: string;
  imageSize: 14 | 28;
  batchSize: number;
  length: RunLength;
  noMomentum: BookOptimizerSetting & { book: BookScores };
  momentum: BookOptimizerSetting & { book: BookScores };
};

/** Figure 11-8: listing 11-7's two settings, 22 runs each, compared by their MCC. */
export const FIGURE_11_8 = { runs: 22, length: { minibatches: 40_000 } } as const satisfies { runs: number; length: RunLength };

/** Figure 11-9: listing 11-7 with momentum, 100 runs of 10,000 minibatches, the distribution of their MCC. */
export const FIGURE_11_9 = { runs: 100, length: { minibatches: 10_000 } } as const satisfies { runs: number; length: RunLength };

/**
 * Figure 11-11 (chapter §7): the small CNN on 16,384 random 28×28 training images, 12 epochs of 128, five runs of
 * each optimizer, with the learning rates (and RMSprop's ρ) the chapter used.
 */
export const FIGURE_11_11 = {
  model: 'small-cnn',
  imageSize: 28,
  batchSize: 128,
  samples: 16_384,
  runs: 5,
  length: { epochs: 12 },
  optimizers: { sgd: { lr: 0.01 }, rmsprop: { lr: 0.001, alpha: 0.9 }, adagrad: { lr: 0.01 }, adam: { lr: 0.001 } },
} as const satisfies {
  model: string;
  imageSize: 14 | 28;
  batchSize: number;
  samples: number;
  runs: number;
  length: RunLength;
  optimizers: Readonly<Record<string, Readonly<Record<string, number>>>>;
};
