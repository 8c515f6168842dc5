// A queue worker's thread: trains the runs its process takes from Redis, one at a time, with the same code as a
// study's own worker threads (train-run.ts). It loads each data set once, the first time a run needs it. Training
// here keeps the process's main thread free to renew the jobs' locks in Redis.
import { parentPort, workerData } from 'node:worker_threads';
import type { OptimizerPluginV1 } from '@descent/optim';
import type { Io } from '../io.js';
import { modelFromConfig } from '../models.js';
import { builtinOptimizers, resolveOptimizer } from '../optimizer-resolver.js';
import type { WorkerMessage } from '../study/study-types.js';
import { loadRunData, trainRun, type RunData } from '../study/train-run.js';
import { runSettings, type RunJobData } from './queue-jobs.js';

const { cwd, plugins } = workerData as { cwd: string; plugins: readonly string[] };
const port = parentPort;
if (port === null) throw new Error('queue-thread runs as a worker thread');
const quiet: Io = { cwd, stdout: () => undefined, stderr: () => undefined };
const extra = new Map<string, OptimizerPluginV1>();
for (const name of plugins) {
  const plugin = await resolveOptimizer(name, cwd);
  extra.set(plugin.id, plugin);
}
const loaded = new Map<string, Promise<RunData>>();
const send = (message: WorkerMessage) => {
  port.postMessage(message);
};

async function train(job: RunJobData) {
  const optimizer = builtinOptimizers.has(job.optimizer) ? builtinOptimizers.get(job.optimizer) : extra.get(job.optimizer);
  if (optimizer === undefined) throw new Error(`unknown optimizer '${job.optimizer}'`);
  const key = `${job.dataset}@${String(job.imageSize)}`;
  let data = loaded.get(key);
  if (data === undefined) {
    data = loadRunData(quiet, { dataset: { name: job.dataset }, imageSize: job.imageSize, model: 'book-mlp' });
    loaded.set(key, data);
  }
  const shared = await data;
  return trainRun(job, runSettings(job), { ...shared, model: modelFromConfig(job.model) }, optimizer, (progress) => {
    send({ type: 'progress', progress });
  });
}

port.on('message', (job: RunJobData) => {
  train(job).then(
    (result) => {
      send({ type: 'done', result });
    },
    (error: unknown) => {
      send({ type: 'failed', job, message: error instanceof Error ? error.message : String(error) });
    },
  );
});
send({ type: 'ready' });
