import type { ImageDataset } from '@descent/datasets';
import { buildModel, LISTING_11_7, runLengthOf, splitRows, type Evaluation, type EpochReport, type FitResult, type LabelledData, type ModelSpec } from '@descent/nn';
import type { OptimizerPluginV1 } from '@descent/optim';
import type { Io } from './io.js';

export interface TrainingRun {
  readonly dataset: ImageDataset;
  readonly model: ModelSpec;
  /** Train on this many random training images (seeded by the run's seed); all when absent. */
  readonly samples?: number;
  readonly plugin: OptimizerPluginV1;
  readonly options: Record<string, number | boolean | string>;
  /** Steps of the book's random minibatches; ignored when `epochs` is given. */
  readonly minibatches?: number;
  readonly epochs?: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Threads the network computes on (default 1); the results are the same for any count. */
  readonly threads?: number;
  /** Progress on a terminal (a redrawn line) or as plain lines; none when false. */
  readonly progress: boolean;
  readonly shouldStop?: () => boolean;
  /** Epoch training: called with each epoch's mean training loss when it ends (a ReduceLROnPlateau schedule's metric). */
  readonly onEpochLoss?: (loss: number) => void;
  /** Called after training, before the test split is evaluated (`--ema` puts the averaged weights in place). */
  readonly beforeEvaluate?: () => void;
}

export interface TrainingOutcome extends Evaluation {
  readonly fit: FitResult;
  readonly weights: number[][];
  readonly kernels: string;
  /** Threads that computed each step. */
  readonly threads: number;
}

const clock = (seconds: number) => (seconds >= 60 ? `${String(Math.floor(seconds / 60))}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${seconds.toFixed(1)}s`);

/**
 * The splits of a data set as the network takes them: the pixel bytes themselves, which the network reads as
 * value / 255 (the same floats as toFloat32 gives, gathered from a quarter of the memory).
 */
export function labelledSplits(dataset: ImageDataset): { train: LabelledData; test: LabelledData } {
  const split = (s: ImageDataset['train']) => ({ inputs: s.images, labels: s.labels, count: s.count });
  return { train: split(dataset.train), test: split(dataset.test) };
}

/**
 * The network of a run, for the data set's image size (so a model made for 28×28 also trains on the 14×14 sample),
 * compiled with the run's optimizer, and the training rows it trains on.
 */
export function prepareRun(
  model: ModelSpec,
  dataset: ImageDataset,
  train: LabelledData,
  run: { readonly plugin: OptimizerPluginV1; readonly options: Record<string, number | boolean | string>; readonly seed: number; readonly batchSize: number; readonly samples?: number; readonly threads?: number },
  heldOut = 0,
): { net: ReturnType<typeof buildModel>; rows: LabelledData; heldOut: LabelledData | null } {
  const net = buildModel(model, { seed: run.seed, maxBatch: Math.max(run.batchSize, 64), inputShape: { height: dataset.size, width: dataset.size, channels: 1 }, threads: run.threads ?? 1 });
  net.compile({ plugin: run.plugin, options: run.options });
  // The subset is drawn with its own generator (seed + a constant), so it does not shift the weights' draws; the
  // held-out rows come from the same draw, after it, so training never sees them.
  if (run.samples === undefined) return { net, rows: train, heldOut: null };
  const split = splitRows(train, run.samples, heldOut, (run.seed ^ 0x5eed) >>> 0);
  return { net, rows: split.train, heldOut: split.heldOut };
}

/** Trains a model on a data set with one optimizer for all layers and evaluates it on the test split. */
export async function train(io: Io, run: TrainingRun, tty: boolean): Promise<TrainingOutcome> {
  const { dataset } = run;
  const { train, test } = labelledSplits(dataset);
  // Epoch runs on a subset (figure 11-11) report each epoch's accuracy on 1,000 training images left out of it.
  const { net, rows, heldOut } = prepareRun(run.model, dataset, train, run, run.epochs === undefined ? 0 : 1000);
  try {
    let lastPlain = 0;
    // Whether a progress bar is drawn on the terminal's last line without its newline yet (an object: the callbacks
    // set it, which TypeScript's flow analysis does not see).
    const bar = { open: false };
    const fit = await net.fitAsync(rows, {
      ...runLengthOf(run, LISTING_11_7.length),
      batchSize: run.batchSize,
      // Epoch runs are shorter (1,536 steps for figure 11-11) and slower per step: report more often.
      progressEvery: run.epochs === undefined ? 250 : 16,
      ...(run.epochs === undefined || (!run.progress && run.onEpochLoss === undefined)
        ? {}
        : {
            ...(heldOut === null ? {} : { validation: heldOut }),
            onEpoch: (e: EpochReport) => {
              run.onEpochLoss?.(e.loss);
              if (!run.progress) return;
              const accuracy = e.accuracy === undefined ? '' : `  held-out accuracy ${e.accuracy.toFixed(4)}`;
              if (tty) {
                io.stderr(`\repoch ${String(e.epoch)}/${String(e.epochs)}  loss ${e.loss.toFixed(5)}${accuracy}  ${e.seconds.toFixed(1)}s${' '.repeat(40)}\n`);
                bar.open = false;
              } else io.stderr(`epoch ${String(e.epoch)}/${String(e.epochs)}  loss ${e.loss.toFixed(5)}${accuracy}  ${e.seconds.toFixed(1)}s\n`);
            },
          }),
      ...(run.shouldStop === undefined ? {} : { shouldStop: run.shouldStop }),
      onProgress: (p) => {
        if (!run.progress) return;
        const eta = (p.steps - p.step) / p.stepsPerSecond;
        if (tty) {
          const width = 30;
          const filled = Math.round((width * p.step) / p.steps);
          const epoch = p.epoch === undefined ? '' : `epoch ${String(Math.min(p.epoch + 1, run.epochs ?? 1))}/${String(run.epochs ?? 1)}  `;
          io.stderr(`\r[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${String(p.step)}/${String(p.steps)}  ${epoch}${p.stepsPerSecond.toFixed(0)} steps/s  ETA ${clock(eta)}  loss ${p.loss.toFixed(5)}   `);
          bar.open = p.step !== p.steps;
          if (!bar.open) io.stderr('\n');
        } else if (run.epochs === undefined && (p.step === p.steps || p.step - lastPlain >= p.steps / 10)) {
          lastPlain = p.step;
          io.stderr(`step ${String(p.step)}/${String(p.steps)}  ${p.stepsPerSecond.toFixed(0)} steps/s  loss ${p.loss.toFixed(5)}\n`);
        }
      },
    });
    // Ctrl-C or divergence ended the run mid-bar: end the line so that what follows starts on its own.
    if (bar.open) io.stderr('\n');
    run.beforeEvaluate?.();
    return { ...net.evaluate(test), fit, weights: net.getWeights(), kernels: net.kernelName, threads: net.threads };
  } finally {
    net.close(); // its threads, if any (idle ones would not hold the process open either)
  }
}

/**
 * What a run's JSON says about its result: the test scores, or where it diverged (a network whose loss became NaN
 * has no scores worth reporting).
 */
export function outcomeScores(outcome: TrainingOutcome): { accuracy: number; mcc: number; confusion: number[][] } | { diverged: { step: number } } {
  const { diverged } = outcome.fit;
  return diverged === undefined ? { accuracy: outcome.accuracy, mcc: outcome.mcc, confusion: outcome.confusion } : { diverged: { step: diverged.step } };
}

/** The confusion matrix as NumPy prints it, then accuracy and MCC as the book's fmnist.py prints them. */
export function bookReport(outcome: Evaluation): string {
  const width = Math.max(...outcome.confusion.flat().map((v) => String(v).length));
  const rows = outcome.confusion.map((row, i) => {
    const cells = row.map((v) => String(v).padStart(width)).join(' ');
    return `${i === 0 ? '[[' : ' ['}${cells}]${i === outcome.confusion.length - 1 ? ']' : ''}`;
  });
  return `${rows.join('\n')}\naccuracy = ${outcome.accuracy.toFixed(7)}\nMCC = ${outcome.mcc.toFixed(7)}\n`;
}
