import { EpochSampler, RandomMinibatchSampler } from '@descent/datasets';
import type { Rng } from '@descent/tensor';
import type { LabelledData } from './input-gathering.js';

// The training loop of `Network.fit`: the sampler (the book's random minibatches or epochs of a shuffle), the steps,
// the divergence check, progress and epoch reports. The network does the step itself (`trainStep`).

/** A progress report from `fit`, every `progressEvery` steps and at the last step. */
export interface Progress {
  /** Steps done so far (1-based count). */
  readonly step: number;
  /** Steps the run will take in all. */
  readonly steps: number;
  /** Mean loss over the steps since the last report. */
  readonly loss: number;
  /** Wall-clock seconds since training began. */
  readonly seconds: number;
  /** `step / seconds`, over the whole run so far. */
  readonly stepsPerSecond: number;
  /** Epochs completed (epoch training only). */
  readonly epoch?: number;
}

/**
 * How `Network.fit` trains: either `minibatches` random minibatches (the book's way, default 1000) or `epochs`
 * shuffled passes, plus the batch size and the callbacks that report progress or stop the run.
 */
export interface FitOptions {
  /** The book's way: this many steps, each on `batchSize` distinct random samples. */
  readonly minibatches?: number;
  /** Keras' way: this many passes over a fresh shuffle of the data. */
  readonly epochs?: number;
  /** Rows per step (default 64, or the network's `maxBatch` if smaller). */
  readonly batchSize?: number;
  /** For NN.py-style use without compile(): the book's momentum rule at this learning rate, with each layer's own momentum. */
  readonly lr?: number;
  /** Called every `progressEvery` steps and at the last step. */
  readonly onProgress?: (progress: Progress) => void;
  /** Steps between progress reports (default 200). */
  readonly progressEvery?: number;
  /** Polled at every report; true stops training after the current step (Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /** Held-out data evaluated at the end of every epoch (epoch training only) and reported through `onEpoch`. */
  readonly validation?: LabelledData;
  /** Called at the end of every epoch (epoch training only). */
  readonly onEpoch?: (report: EpochReport) => void;
}

/** What `onEpoch` receives at the end of each epoch. */
export interface EpochReport {
  /** 1-based. */
  readonly epoch: number;
  /** The run's number of epochs. */
  readonly epochs: number;
  /** Mean training loss over the epoch's steps. */
  readonly loss: number;
  /** On the `validation` data, when given. */
  readonly accuracy?: number;
  /** Wall-clock seconds since training began. */
  readonly seconds: number;
}

/** How a `fit` ended: the steps taken, the time, whether it was stopped or diverged, and the last loss. */
export interface FitResult {
  /** Steps taken, the diverged one included. */
  readonly steps: number;
  /** Wall-clock seconds of training. */
  readonly seconds: number;
  /** True when `shouldStop` ended the run early. */
  readonly stopped: boolean;
  /** Mean loss over the last report's steps; the non-finite loss itself when the run diverged. */
  readonly loss: number;
  /**
   * Present when a minibatch's loss was not finite (NaN or ±Infinity): its 1-based step. Training stops there; the
   * weights hold that step's update and are not worth using.
   */
  readonly diverged?: { readonly step: number };
}

/** What the loop needs of a network: its sizes, one training step, and an accuracy for the epoch reports. */
export interface TrainableNetwork {
  readonly inputSize: number;
  readonly maxBatch: number;
  /** One step on the rows `indices` of `data`; returns the batch loss. */
  trainStep(data: LabelledData, indices: ArrayLike<number>, batch: number): number;
  evaluate(data: LabelledData): { readonly accuracy: number };
}

/** Checks the batch size and the data's shape against the network, naming what is wrong. */
function checkFit(net: TrainableNetwork, data: LabelledData, batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > net.maxBatch || batchSize > data.count) {
    throw new RangeError(`Invalid batch size: ${String(batchSize)} (expected a whole number from 1 to ${String(Math.min(net.maxBatch, data.count))})`);
  }
  if (data.inputs.length !== data.count * net.inputSize) {
    throw new RangeError(`inputs hold ${String(data.inputs.length)} values; ${String(data.count)} rows of ${String(net.inputSize)} need ${String(data.count * net.inputSize)}`);
  }
}

/**
 * The training loop, pausing (yield) after each progress report so that `fitAsync` can let the event loop run.
 * Minibatches are drawn from `rng` — the network's one generator — so the seed decides the whole run.
 */
export function* trainingLoop(net: TrainableNetwork, rng: Rng, data: LabelledData, options: FitOptions): Generator<undefined, FitResult> {
  const batchSize = options.batchSize ?? Math.min(64, net.maxBatch);
  checkFit(net, data, batchSize);
  const byEpochs = options.epochs !== undefined;
  // The book draws each minibatch at random (NN.py, Caffe); Keras and scikit-learn shuffle once per epoch.
  const sampler = byEpochs ? new EpochSampler(data.count, batchSize, rng) : new RandomMinibatchSampler(data.count, batchSize, rng);
  const batchesPerEpoch = Math.ceil(data.count / batchSize);
  const steps = byEpochs ? (options.epochs as number) * batchesPerEpoch : (options.minibatches ?? 1000);
  const every = options.progressEvery ?? 200;
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  let lossSum = 0;
  let lossCount = 0;
  let epochLoss = 0;
  let lastLoss = Number.NaN;
  let step = 0;
  let stopped = false;
  while (step < steps) {
    const indices = sampler.next();
    const loss = net.trainStep(data, indices, indices.length);
    // The loss is computed anyway: one comparison per step sees the weights blow up. Once it is NaN every later
    // step is NaN too, so there is nothing to gain by going on.
    if (!Number.isFinite(loss)) {
      step++;
      return { steps: step, seconds: elapsed(), stopped: false, loss, diverged: { step } };
    }
    lossSum += loss;
    epochLoss += loss;
    lossCount++;
    step++;
    if (byEpochs && step % batchesPerEpoch === 0 && options.onEpoch !== undefined) {
      const accuracy = options.validation === undefined ? undefined : net.evaluate(options.validation).accuracy;
      options.onEpoch({
        epoch: step / batchesPerEpoch,
        epochs: options.epochs as number,
        loss: epochLoss / batchesPerEpoch,
        ...(accuracy === undefined ? {} : { accuracy }),
        seconds: elapsed(),
      });
      epochLoss = 0;
    }
    if (step % every === 0 || step === steps) {
      lastLoss = lossSum / lossCount;
      const seconds = elapsed();
      options.onProgress?.({
        step,
        steps,
        loss: lastLoss,
        seconds,
        stepsPerSecond: step / seconds,
        ...(byEpochs ? { epoch: Math.floor(step / batchesPerEpoch) } : {}),
      });
      lossSum = 0;
      lossCount = 0;
      if (step < steps) {
        yield undefined;
        if (options.shouldStop?.() === true) {
          stopped = true;
          break;
        }
      }
    }
  }
  return { steps: step, seconds: elapsed(), stopped, loss: lastLoss };
}
