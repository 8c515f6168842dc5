// A study's worker thread: loads the data set once, then trains one run per job it is sent, posting where the run
// is (at its start and every few hundred steps) and then its result.
import { parentPort, workerData } from 'node:worker_threads';
import type { Io } from '../io.js';
import { resolveOptimizer } from '../optimizer-resolver.js';
import type { StudyConfig, StudyJob, WorkerMessage } from './study-types.js';
import { loadRunData, trainRun } from './train-run.js';

const { config, cwd, threads } = workerData as { config: StudyConfig; cwd: string; threads: number };
// The threads of each run are not part of the study's settings: they change no result, only the time.
const settings = { ...config, threads };
const port = parentPort;
if (port === null) throw new Error('study-worker runs as a worker thread');
const quiet: Io = { cwd, stdout: () => undefined, stderr: () => undefined };
const data = await loadRunData(quiet, config);
const send = (message: WorkerMessage) => {
  port.postMessage(message);
};

port.on('message', (job: StudyJob) => {
  resolveOptimizer(job.optimizer, cwd)
    .then((optimizer) =>
      trainRun(job, settings, data, optimizer, (progress) => {
        send({ type: 'progress', progress });
      }),
    )
    .then(
      (result) => {
        send({ type: 'done', result });
      },
      (error: unknown) => {
        send({ type: 'failed', job, message: error instanceof Error ? error.message : String(error) });
      },
    );
});
send({ type: 'ready' });
