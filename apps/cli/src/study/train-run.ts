// One run of a study, as every worker trains it: the study's worker threads on this machine and the queue's workers
// on others run this same code, so a run gives the same numbers wherever it is trained.
import type { ImageDataset } from '@descent/datasets';
import { LISTING_11_7, runLengthOf, stepsOf, type ModelSpec } from '@descent/nn';
import type { OptimizerPluginV1 } from '@descent/optim';
import { scheduledPlugin } from '../schedules.js';
import { transformsFromJson, withTransformFlags } from '../transform-flags.js';
import { resolveDataset } from '../datasets.js';
import type { Io } from '../io.js';
import { modelFromConfig } from '../models.js';
import { labelledSplits, prepareRun } from '../training.js';
import type { RunProgress, StudyConfig, StudyJob, StudyRun } from './study-types.js';

/** What a run needs from its study: the model and how long each run trains on what. */
export type RunSettings = Pick<StudyConfig, 'model' | 'samples' | 'minibatches' | 'epochs' | 'batchSize' | 'schedule'> & {
  /** Threads the run computes on (default 1); the results are the same for any count. */
  readonly threads?: number;
};

/** A study's data set and model, loaded once per worker and shared by its runs. */
export interface RunData {
  readonly dataset: ImageDataset;
  readonly train: ReturnType<typeof labelledSplits>['train'];
  readonly test: ReturnType<typeof labelledSplits>['test'];
  readonly model: ModelSpec;
}

/** Loads the data set a study names, at its image size, and its model. */
export async function loadRunData(io: Io, config: Pick<StudyConfig, 'dataset' | 'imageSize' | 'model'>): Promise<RunData> {
  const dataset = await resolveDataset(io, config.dataset.name, config.dataset.directory, config.imageSize);
  const { train, test } = labelledSplits(dataset);
  return { dataset, train, test, model: modelFromConfig(config.model) };
}

/** Trains one run; a loss that is not finite (or, after training, a metric) makes it a diverged run. */
export function trainRun(job: StudyJob, settings: RunSettings, data: RunData, optimizer: OptimizerPluginV1, onProgress: (progress: RunProgress) => void): StudyRun {
  const scheduled = settings.schedule === undefined ? optimizer : scheduledPlugin(optimizer, settings.schedule, job.options);
  const plugin = job.transforms === undefined ? scheduled : withTransformFlags(scheduled, transformsFromJson(job.transforms));
  const { net, rows } = prepareRun(data.model, data.dataset, data.train, {
    plugin,
    options: job.options,
    seed: job.seed,
    batchSize: settings.batchSize,
    threads: settings.threads ?? 1,
    ...(settings.samples === undefined ? {} : { samples: settings.samples }),
  });
  try {
    const length = runLengthOf(settings, LISTING_11_7.length);
    const byEpochs = length.epochs !== undefined;
    const steps = stepsOf(length, rows.count, settings.batchSize);
    const where = { arm: job.arm, run: job.run };
    onProgress({ ...where, step: 0, steps });
    // fit stops at the first minibatch whose loss is not finite and says which (`diverged`).
    const fit = net.fit(rows, {
      ...(length.epochs === undefined ? { minibatches: steps } : { epochs: length.epochs }),
      batchSize: settings.batchSize,
      // A CNN step takes ~20 ms, a step of the book's network ~0.2 ms: a report every ~0.3 s or ~0.05 s.
      progressEvery: byEpochs ? 16 : 250,
      onProgress: (p) => {
        onProgress({ ...where, step: p.step, steps: p.steps });
      },
    });
    // threads: what the network's pool ran on, so a silent fallback to one thread shows in runs.jsonl.
    const { threads } = net;
    if (fit.diverged !== undefined) return { arm: job.arm, run: job.run, seed: job.seed, diverged: { step: fit.diverged.step }, seconds: fit.seconds, threads };
    const evaluation = net.evaluate(data.test);
    if (!Number.isFinite(evaluation.mcc) || !Number.isFinite(evaluation.accuracy)) {
      return { arm: job.arm, run: job.run, seed: job.seed, diverged: { step: fit.steps }, seconds: fit.seconds, threads };
    }
    return { arm: job.arm, run: job.run, seed: job.seed, mcc: evaluation.mcc, accuracy: evaluation.accuracy, seconds: fit.seconds, threads };
  } finally {
    net.close(); // its threads, if any
  }
}
