import { toFloat32, type ImageDataset } from '@descent/datasets';
import { buildModel, type Evaluation, type FitResult } from '@descent/nn';
import type { OptimizerPluginV1 } from '@descent/optim';
import type { Io } from './io.js';

export interface TrainingRun {
  readonly dataset: ImageDataset;
  readonly model: string;
  readonly plugin: OptimizerPluginV1;
  readonly options: Record<string, number | boolean>;
  /** Steps of the book's random minibatches; ignored when `epochs` is given. */
  readonly minibatches?: number;
  readonly epochs?: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Progress on a terminal (a redrawn line) or as plain lines; none when false. */
  readonly progress: boolean;
  readonly shouldStop?: () => boolean;
}

export interface TrainingOutcome extends Evaluation {
  readonly fit: FitResult;
  readonly weights: number[][];
  readonly kernels: string;
}

const clock = (seconds: number) => (seconds >= 60 ? `${String(Math.floor(seconds / 60))}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${seconds.toFixed(1)}s`);

/** Trains a model on a data set with one optimizer for all layers and evaluates it on the test split. */
export async function train(io: Io, run: TrainingRun, tty: boolean): Promise<TrainingOutcome> {
  const { dataset } = run;
  const train = { inputs: toFloat32(dataset.train.images), labels: dataset.train.labels, count: dataset.train.count };
  const test = { inputs: toFloat32(dataset.test.images), labels: dataset.test.labels, count: dataset.test.count };
  const net = buildModel(run.model, { seed: run.seed, maxBatch: Math.max(run.batchSize, 64) });
  net.compile({ plugin: run.plugin, options: run.options });
  let lastPlain = 0;
  const fit = await net.fitAsync(train, {
    ...(run.epochs === undefined ? { minibatches: run.minibatches ?? 40_000 } : { epochs: run.epochs }),
    batchSize: run.batchSize,
    progressEvery: 250,
    ...(run.shouldStop === undefined ? {} : { shouldStop: run.shouldStop }),
    onProgress: (p) => {
      if (!run.progress) return;
      const eta = (p.steps - p.step) / p.stepsPerSecond;
      if (tty) {
        const width = 30;
        const filled = Math.round((width * p.step) / p.steps);
        io.stderr(`\r[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${String(p.step)}/${String(p.steps)}  ${p.stepsPerSecond.toFixed(0)} steps/s  ETA ${clock(eta)}  loss ${p.loss.toFixed(5)}   `);
        if (p.step === p.steps) io.stderr('\n');
      } else if (p.step === p.steps || p.step - lastPlain >= p.steps / 10) {
        lastPlain = p.step;
        io.stderr(`step ${String(p.step)}/${String(p.steps)}  ${p.stepsPerSecond.toFixed(0)} steps/s  loss ${p.loss.toFixed(5)}\n`);
      }
    },
  });
  if (tty && fit.stopped) io.stderr('\n');
  return { ...net.evaluate(test), fit, weights: net.getWeights(), kernels: net.kernelName };
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
