// A study's worker thread: loads the data set once, then trains one run per job it is sent, posting where the run
// is (at its start and every few hundred steps) and then its result.
import { parentPort, workerData } from 'node:worker_threads';
import { resolveDataset } from '../datasets.js';
import type { Io } from '../io.js';
import { modelFromConfig } from '../models.js';
import { resolveOptimizer } from '../optimizer-resolver.js';
import { scheduledPlugin } from '../commands/schedule-command.js';
import { labelledSplits, prepareRun } from '../training.js';
import type { StudyConfig, StudyJob, StudyRun, WorkerMessage } from './study-types.js';

const { config, cwd } = workerData as { config: StudyConfig; cwd: string };
const port = parentPort;
if (port === null) throw new Error('study-worker runs as a worker thread');
const quiet: Io = { cwd, stdout: () => undefined, stderr: () => undefined };
const dataset = await resolveDataset(quiet, config.dataset.name, config.dataset.directory, config.imageSize);
const { train, test } = labelledSplits(dataset);
const model = modelFromConfig(config.model);
const send = (message: WorkerMessage) => {
  port.postMessage(message);
};

/** Trains one run; a loss that is not finite (or, after training, a metric) makes it a diverged run. */
async function trainRun(job: StudyJob): Promise<StudyRun> {
  const resolved = await resolveOptimizer(job.optimizer, cwd);
  const plugin = config.schedule === undefined ? resolved : scheduledPlugin(resolved, config.schedule, job.options);
  const { net, rows } = prepareRun(model, dataset, train, {
    plugin,
    options: job.options,
    seed: job.seed,
    batchSize: config.batchSize,
    ...(config.samples === undefined ? {} : { samples: config.samples }),
  });
  const byEpochs = config.epochs !== undefined;
  const steps = config.epochs === undefined ? (config.minibatches ?? 40_000) : config.epochs * Math.ceil(rows.count / config.batchSize);
  const where = { arm: job.arm, run: job.run };
  send({ type: 'progress', progress: { ...where, step: 0, steps } });
  // fit stops at the first minibatch whose loss is not finite and says which (`diverged`).
  const fit = net.fit(rows, {
    ...(config.epochs === undefined ? { minibatches: steps } : { epochs: config.epochs }),
    batchSize: config.batchSize,
    // A CNN step takes ~20 ms, a step of the book's network ~0.2 ms: a report every ~0.3 s or ~0.05 s.
    progressEvery: byEpochs ? 16 : 250,
    onProgress: (p) => {
      send({ type: 'progress', progress: { ...where, step: p.step, steps: p.steps } });
    },
  });
  if (fit.diverged !== undefined) return { arm: job.arm, run: job.run, seed: job.seed, diverged: { step: fit.diverged.step }, seconds: fit.seconds };
  const evaluation = net.evaluate(test);
  if (!Number.isFinite(evaluation.mcc) || !Number.isFinite(evaluation.accuracy)) {
    return { arm: job.arm, run: job.run, seed: job.seed, diverged: { step: fit.steps }, seconds: fit.seconds };
  }
  return { arm: job.arm, run: job.run, seed: job.seed, mcc: evaluation.mcc, accuracy: evaluation.accuracy, seconds: fit.seconds };
}

port.on('message', (job: StudyJob) => {
  trainRun(job).then(
    (result) => {
      send({ type: 'done', result });
    },
    (error: unknown) => {
      send({ type: 'failed', job, message: error instanceof Error ? error.message : String(error) });
    },
  );
});
send({ type: 'ready' });
