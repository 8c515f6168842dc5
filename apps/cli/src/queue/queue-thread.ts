// A queue worker's thread: trains the runs its process takes from Redis, one at a time, with the same code as a
// study's own worker threads (train-run.ts), and runs benchmark trials with @descent/benchmark's, as a benchmark's
// threads do. It loads each data set once, the first time a run needs it. Working here keeps the process's main
// thread free to renew the jobs' locks in Redis.
import { parentPort, workerData } from 'node:worker_threads';
import { executeBenchmarkRun } from '@descent/benchmark';
import type { OptimizerPluginV1 } from '@descent/optim';
import type { Io } from '../io.js';
import { modelFromConfig } from '../models.js';
import { builtinOptimizers, resolveOptimizer } from '../optimizer-resolver.js';
import { loadRunData, trainRun, type RunData } from '../study/train-run.js';
import { runSettings } from './queue-jobs.js';
import type { ThreadReply, ThreadTask } from './queue-thread-protocol.js';

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
const send = (message: ThreadReply) => {
  port.postMessage(message);
};

/** Only this worker's own optimizers: a job names one by id, never by a package or a path to load. */
function optimizerById(id: string): OptimizerPluginV1 {
  const optimizer = builtinOptimizers.has(id) ? builtinOptimizers.get(id) : extra.get(id);
  if (optimizer === undefined) throw new Error(`unknown optimizer '${id}'`);
  return optimizer;
}

async function perform(task: ThreadTask): Promise<unknown> {
  if (task.kind === 'trial') return await executeBenchmarkRun(task.spec, { resolveOptimizer: optimizerById });
  const job = task.run;
  const optimizer = optimizerById(job.optimizer);
  const key = `${job.dataset}@${String(job.imageSize)}`;
  let data = loaded.get(key);
  if (data === undefined) {
    const loading = loadRunData(quiet, { dataset: { name: job.dataset }, imageSize: job.imageSize, model: 'book-mlp' });
    loaded.set(key, loading);
    // A failed load is not kept: the next job tries again instead of failing with the old error.
    loading.catch(() => {
      if (loaded.get(key) === loading) loaded.delete(key);
    });
    data = loading;
  }
  const shared = await data;
  return trainRun(job, runSettings(job), { ...shared, model: modelFromConfig(job.model) }, optimizer, (progress) => {
    send({ type: 'progress', progress });
  });
}

port.on('message', (task: ThreadTask) => {
  perform(task).then(
    (result) => {
      send({ type: 'done', result });
    },
    (error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    },
  );
});
send({ type: 'ready' });
