// `descent worker`: takes runs from the queue in Redis and trains them on worker threads, one run per thread. The
// process's main thread only talks to Redis (it renews each job's lock while its run trains), so a worker that is
// killed loses its lock and, after --lock-seconds, BullMQ's stalled-job check hands its runs to another worker.
import { hostname } from 'node:os';
import { Worker as ThreadWorker } from 'node:worker_threads';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { OptimizerPluginV1 } from '@descent/optim';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { builtinOptimizers, resolveOptimizer } from '../optimizer-resolver.js';
import { WORKLOADS, type BenchmarkRunResult, type BenchmarkRunSpec } from '@descent/benchmark';
import { isDiverged, type RunProgress, type StudyRun } from '../study/study-types.js';
import { faultOfRunJob, QUEUE_NAME, QUEUE_PREFIX, RUN_JOB, TRIAL_JOB, type RunJobData, type RunJobProgress } from './queue-jobs.js';
import { faultOfTrialJob, type TrialJobData } from './queue-benchmark.js';
import type { ThreadReply, ThreadTask } from './queue-thread-protocol.js';
import { checkReachable, openConnection, scrub, type RedisTarget } from './redis-url.js';

/** The thread script, beside the bundle in dist/ (as the study's: a thread cannot load TypeScript). */
function threadUrl(): URL {
  const here = import.meta.url;
  return here.includes('/src/') ? new URL(`${here.slice(0, here.lastIndexOf('/src/'))}/dist/queue-thread.js`) : new URL('./queue-thread.js', here);
}

export interface WorkerSettings {
  readonly target: RedisTarget;
  readonly concurrency: number;
  /** Optimizer packages (or files on this machine) to load besides the built-in ones. */
  readonly plugins: readonly string[];
  /** How long a job's lock lasts without renewal: how soon the runs of a worker that died go to another. */
  readonly lockSeconds: number;
}

/** A training thread, ready for its next run. */
interface Trainer {
  readonly thread: ThreadWorker;
  /** Set while a run trains: where its messages go. */
  onMessage: ((message: ThreadReply) => void) | null;
  onDeath: ((error: Error) => void) | null;
}

function startTrainer(io: Io, plugins: readonly string[]): Promise<Trainer> {
  return new Promise((resolve, reject) => {
    const trainer: Trainer = { thread: new ThreadWorker(threadUrl(), { workerData: { cwd: io.cwd, plugins } }), onMessage: null, onDeath: null };
    trainer.thread.on('message', (message: ThreadReply) => {
      if (message.type === 'ready') resolve(trainer);
      else trainer.onMessage?.(message);
    });
    trainer.thread.on('error', (error) => {
      reject(error);
      trainer.onDeath?.(error);
    });
    trainer.thread.on('exit', (code) => {
      trainer.onDeath?.(new Error(`its training thread stopped (exit code ${String(code)})`));
    });
  });
}

/** Performs `task` on `trainer`; progress as it comes. A failure of the task itself is unrecoverable: it is data. */
function performOn<T>(trainer: Trainer, task: ThreadTask, onProgress: (p: RunProgress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    trainer.onDeath = reject;
    trainer.onMessage = (message) => {
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'done') resolve(message.result as T);
      else if (message.type === 'failed') reject(new UnrecoverableError(message.message));
    };
    trainer.thread.postMessage(task);
  }).finally(() => {
    trainer.onMessage = null;
    trainer.onDeath = null;
  });
}

/** Serves the queue until SIGINT or SIGTERM; returns the exit code. */
export async function serveQueue(io: Io, settings: WorkerSettings): Promise<number> {
  const { target } = settings;
  const extra: OptimizerPluginV1[] = [];
  for (const name of settings.plugins) {
    try {
      extra.push(await resolveOptimizer(name, io.cwd));
    } catch (error) {
      throw new UsageError(`--plugins ${name}: ${(error as Error).message.replace(/^--optimizer \S+: /, '')}`);
    }
  }
  const known = new Set([...builtinOptimizers.ids(), ...extra.map((p) => p.id)]);
  await checkReachable(target);

  const me = `${hostname()}:${String(process.pid)}`;
  const idle: Trainer[] = [];
  for (let i = 0; i < settings.concurrency; i++) idle.push(await startTrainer(io, settings.plugins));
  let lastComplaint = 0;
  const complain = (message: string) => {
    // Redis gone: ioredis retries every ~2 s; one line every 10 s says so without flooding the log.
    if (Date.now() - lastComplaint < 10_000) return;
    lastComplaint = Date.now();
    io.stderr(`descent worker: Redis at ${target.shown}: ${scrub(target, message)} (retrying)\n`);
  };
  const connection = openConnection(target, complain);

  /** Runs `task` on a free thread; a thread that died is replaced, and the job fails over to BullMQ's retry. */
  const onThread = async <T>(task: ThreadTask, onProgress: (p: RunProgress) => void): Promise<T> => {
    const trainer = idle.pop();
    if (trainer === undefined) throw new Error('no training thread free (more jobs than --concurrency)');
    try {
      const result = await performOn<T>(trainer, task, onProgress);
      idle.push(trainer);
      return result;
    } catch (error) {
      if (error instanceof UnrecoverableError) idle.push(trainer);
      else {
        void trainer.thread.terminate();
        idle.push(await startTrainer(io, settings.plugins));
      }
      throw error;
    }
  };
  const refuse = (what: string, optimizer: string) => {
    io.stdout(`descent worker: ${what}: unknown optimizer '${optimizer}'; refused\n`);
    return new UnrecoverableError(`unknown optimizer '${optimizer}' on worker ${me}, which has the built-in ones${extra.length > 0 ? ` and ${extra.map((p) => p.id).join(', ')}` : ''} (start it with --plugins PACKAGE)`);
  };

  /** A benchmark's trial: its workload by name, its optimizer by id, the rest data. */
  const trial = async (job: Job): Promise<BenchmarkRunResult> => {
    const fault = faultOfTrialJob(job.data, WORKLOADS.map((w) => w.name));
    if (fault !== null) throw new UnrecoverableError(fault);
    const { spec } = job.data as TrialJobData;
    const what = `trial ${job.id ?? ''} (${spec.workload}, ${spec.optimizer}, seed ${String(spec.seed)})`;
    if (!known.has(spec.optimizer)) throw refuse(what, spec.optimizer);
    try {
      const result = await onThread<BenchmarkRunResult>({ kind: 'trial', spec: spec satisfies BenchmarkRunSpec }, () => undefined);
      io.stdout(`descent worker: finished ${what}\n`);
      return result;
    } catch (error) {
      io.stdout(`descent worker: ${what} failed: ${(error as Error).message}\n`);
      throw error;
    }
  };

  const process_ = async (job: Job): Promise<StudyRun | BenchmarkRunResult | null> => {
    if (job.name === TRIAL_JOB) return await trial(job);
    // A parent job (a study, a benchmark's batch) becomes ready once its children finished: nothing left to do.
    if (job.name !== RUN_JOB) return null;
    const fault = faultOfRunJob(job.data);
    if (fault !== null) throw new UnrecoverableError(fault);
    const data = job.data as RunJobData;
    const what = `run ${String(data.run)} of arm ${data.arm} (${data.study})`;
    if (!known.has(data.optimizer)) throw refuse(what, data.optimizer);
    io.stdout(`descent worker: started ${what}\n`);
    let lastReport = 0;
    try {
      const result = await onThread<StudyRun>({ kind: 'run', run: data }, (p) => {
        // At most one report a second per run: each one is a write to Redis and an event for every submitter.
        const now = Date.now();
        if (now - lastReport < 1_000 && p.step !== 0) return;
        lastReport = now;
        const progress: RunJobProgress = { ...p, worker: me };
        job.updateProgress({ ...progress }).catch(() => undefined);
      });
      io.stdout(`descent worker: finished ${what}: ${isDiverged(result) ? `diverged at step ${String(result.diverged.step)}` : `MCC ${result.mcc.toFixed(4)}`} in ${result.seconds.toFixed(1)}s\n`);
      return result;
    } catch (error) {
      io.stdout(`descent worker: ${what} failed: ${(error as Error).message}\n`);
      throw error;
    }
  };

  const worker = new Worker(QUEUE_NAME, process_, {
    connection,
    prefix: QUEUE_PREFIX,
    concurrency: settings.concurrency,
    lockDuration: settings.lockSeconds * 1000,
    stalledInterval: settings.lockSeconds * 1000,
    // A run whose worker died more than this many times is failed rather than handed out again.
    maxStalledCount: 3,
    autorun: false,
  });
  worker.on('error', (error) => {
    complain(error.message);
  });
  io.stdout(
    `descent worker: serving the queue at ${target.shown} with ${String(settings.concurrency)} training thread${settings.concurrency === 1 ? '' : 's'} (optimizers: the built-in ones${extra.length > 0 ? `, ${extra.map((p) => p.id).join(', ')}` : ''}); Ctrl-C stops\n`,
  );

  return await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) {
        // A second Ctrl-C: stop now; the runs in flight return to the queue when their locks expire.
        process.exit(130);
      }
      stopping = true;
      io.stdout('descent worker: stopping after the runs in flight (Ctrl-C again to stop now)\n');
      void worker
        .close()
        .then(async () => {
          await Promise.all(idle.map((t) => t.thread.terminate()));
          connection.disconnect();
        })
        .finally(() => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(0);
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    void worker.run();
  });
}
