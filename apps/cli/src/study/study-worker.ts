// A study's worker thread: loads the data set once, then trains one run per job it is sent and posts the result.
import { parentPort, workerData } from 'node:worker_threads';
import { toFloat32 } from '@descent/datasets';
import { bookMlp } from '@descent/nn';
import { resolveDataset } from '../datasets.js';
import type { Io } from '../io.js';
import { resolveOptimizer } from '../optimizer-resolver.js';
import type { StudyConfig, StudyJob, WorkerMessage } from './study-types.js';

const { config, cwd } = workerData as { config: StudyConfig; cwd: string };
const port = parentPort;
if (port === null) throw new Error('study-worker runs as a worker thread');
const quiet: Io = { cwd, stdout: () => undefined, stderr: () => undefined };
const dataset = await resolveDataset(quiet, config.dataset.name, config.dataset.directory, 14);
const train = { inputs: toFloat32(dataset.train.images), labels: dataset.train.labels, count: dataset.train.count };
const test = { inputs: toFloat32(dataset.test.images), labels: dataset.test.labels, count: dataset.test.count };
const send = (message: WorkerMessage) => {
  port.postMessage(message);
};

port.on('message', (job: StudyJob) => {
  void (async () => {
    try {
      const plugin = await resolveOptimizer(job.optimizer, cwd);
      const net = bookMlp({ seed: job.seed, maxBatch: Math.max(64, config.batchSize) }).compile({ plugin, options: job.options });
      const fit = net.fit(train, {
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
