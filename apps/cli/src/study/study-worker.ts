// A study's worker thread: loads the data set once, then trains one run per job it is sent and posts the result.
import { parentPort, workerData } from 'node:worker_threads';
import { resolveDataset } from '../datasets.js';
import type { Io } from '../io.js';
import { modelFromConfig } from '../models.js';
import { resolveOptimizer } from '../optimizer-resolver.js';
import { labelledSplits, prepareRun } from '../training.js';
import type { StudyConfig, StudyJob, WorkerMessage } from './study-types.js';

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

port.on('message', (job: StudyJob) => {
  void (async () => {
    try {
      const plugin = await resolveOptimizer(job.optimizer, cwd);
      const { net, rows } = prepareRun(model, dataset, train, {
        plugin,
        options: job.options,
        seed: job.seed,
        batchSize: config.batchSize,
        ...(config.samples === undefined ? {} : { samples: config.samples }),
      });
      const fit = net.fit(rows, {
        ...(config.epochs === undefined ? { minibatches: config.minibatches ?? 40_000 } : { epochs: config.epochs }),
        batchSize: config.batchSize,
      });
      const evaluation = net.evaluate(test);
      send({ type: 'done', result: { arm: job.arm, run: job.run, seed: job.seed, mcc: evaluation.mcc, accuracy: evaluation.accuracy, seconds: fit.seconds } });
    } catch (error) {
      send({ type: 'failed', job, message: (error as Error).message });
    }
  })();
});
send({ type: 'ready' });
