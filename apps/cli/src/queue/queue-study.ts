// `descent study --redis URL`: the study's runs go to Redis as jobs, one parent job for the study and a child per run
// (a BullMQ flow), and `descent worker` processes anywhere train them. The submitter only collects: each finished
// run it finds among the parent's children is appended to runs.jsonl once (its key is the arm and run index), so a
// run trained twice (its first worker died) is still recorded once, and the files end as a local study's.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowProducer, Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { FailureError } from '../errors.js';
import { resolveOptimizer } from '../optimizer-resolver.js';
import type { StudyOptions, StudyOutcome } from '../study/study-runner.js';
import { RUNS_FILE } from '../study/study-files.js';
import type { RunProgress, StudyRun } from '../study/study-types.js';
import { QUEUE_NAME, QUEUE_PREFIX, RUN_JOB, runJobData, runJobId, runOfJobId, STUDY_JOB, studyId, type StudyJobData } from './queue-jobs.js';
import { checkReachable, openConnection, scrub, type RedisTarget } from './redis-url.js';

/** How often the submitter asks Redis for finished runs (job events also make it ask at once). */
const POLL_MS = 500;

export interface QueueStudyOptions extends StudyOptions {
  readonly target: RedisTarget;
}

/** The submitter's view of Redis: one connection per BullMQ object (QueueEvents blocks on its own). */
export class QueueSession {
  private readonly clients: Redis[] = [];
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly flows: FlowProducer;

  constructor(target: RedisTarget, onError: (message: string) => void) {
    const open = () => {
      const client = openConnection(target, onError);
      this.clients.push(client);
      return client;
    };
    this.queue = new Queue(QUEUE_NAME, { connection: open(), prefix: QUEUE_PREFIX });
    this.events = new QueueEvents(QUEUE_NAME, { connection: open(), prefix: QUEUE_PREFIX, autorun: false });
    this.flows = new FlowProducer({ connection: open(), prefix: QUEUE_PREFIX });
    const forward = (error: Error) => {
      onError(scrub(target, error.message));
    };
    this.queue.on('error', forward);
    this.events.on('error', forward);
    this.flows.on('error', forward);
  }

  async close(): Promise<void> {
    // QueueEvents waits in a blocking read (up to 10 s): its connection is cut first, so closing takes no time.
    for (const client of this.clients) client.disconnect();
    await Promise.allSettled([this.events.close(), this.queue.close(), this.flows.close()]);
  }
}

/** The key BullMQ gives a child in its parent's lists: prefix:queue:jobId. */
const jobIdOfKey = (key: string) => key.slice(key.lastIndexOf(':') + 1);

/**
 * Submits the study's runs left (or finds them, submitted earlier) and collects their results as they finish. A
 * stop (Ctrl-C) leaves every job in Redis: the same command with --resume collects what finished meanwhile. When
 * every run is in, the study's jobs are removed from Redis.
 */
export async function runStudyOnQueue(o: QueueStudyOptions): Promise<StudyOutcome & { readonly id: string }> {
  const { study, target } = o;
  const id = studyId(study.config, study.dir);
  const runsFile = join(study.dir, RUNS_FILE);
  const finished: StudyRun[] = [...study.existing];
  const resumed = study.existing.length;
  const start = performance.now();
  if (study.jobs.length === 0) return { runs: finished, stopped: false, seconds: 0, resumed, id };
  await checkReachable(target);

  let lastComplaint = 0;
  const session = new QueueSession(target, (message) => {
    if (Date.now() - lastComplaint < 10_000) return;
    lastComplaint = Date.now();
    o.io.stderr(`descent: Redis at ${target.shown}: ${message} (retrying)\n`);
  });
  try {
    let parent = await Job.fromId(session.queue, id);
    if (parent === undefined) {
      const ids = new Map<string, string>();
      for (const arm of study.config.arms) ids.set(arm.name, (await resolveOptimizer(arm.optimizer, o.io.cwd)).id);
      // The title names the optimizers by id: an arm's optimizer may be a file here, and jobs carry no paths.
      const title = `study: ${study.config.arms.map((a) => `${a.name} (${ids.get(a.name) ?? a.optimizer})`).join(' vs ')}`;
      const data: StudyJobData = { study: id, title, runs: study.total };
      await session.flows.add({
        name: STUDY_JOB,
        queueName: QUEUE_NAME,
        data,
        opts: { jobId: id },
        children: study.jobs.map((job) => ({
          name: RUN_JOB,
          queueName: QUEUE_NAME,
          data: runJobData(id, study.config, job, ids.get(job.arm) ?? job.optimizer),
          // A run that fails stays beside the parent (its reason is read from there) instead of blocking it; a
          // worker thread that died is retried, a run that failed in training is not (UnrecoverableError).
          opts: { jobId: runJobId(id, job.arm, job.run), ignoreDependencyOnFailure: true, attempts: 3, backoff: { type: 'fixed', delay: 1_000 } },
        })),
      });
      parent = await Job.fromId(session.queue, id);
      if (parent === undefined) throw new FailureError(`the study's jobs vanished from Redis at ${target.shown} as they were submitted`);
    } else {
      o.io.stderr(`descent: study ${id} is already queued at ${target.shown}; collecting its runs\n`);
    }
    // Runs wait in Redis until a worker takes them: say so rather than show an ETA that never comes.
    if ((await session.queue.getWorkers()).length === 0) {
      o.io.stderr(`descent: no worker is connected to ${target.shown} yet; the runs wait in Redis until one is (descent worker --redis URL)\n`);
    }
    return { ...(await collect(o, session, parent, id, runsFile, finished)), resumed, seconds: (performance.now() - start) / 1000, id };
  } finally {
    await session.close();
  }
}

/** Waits for the study's runs: appends each new one to runs.jsonl, reports progress, stops on a failed run. */
async function collect(o: QueueStudyOptions, session: QueueSession, parent: Job, id: string, runsFile: string, finished: StudyRun[]): Promise<{ runs: StudyRun[]; stopped: boolean }> {
  const { study } = o;
  const done = new Set(finished.map((r) => `${r.arm}#${String(r.run)}`));
  const inFlight = new Map<string, RunProgress>();
  const ours = (jobId: string) => runOfJobId(jobId)?.study === id;

  // Job events only make the live line and make the next look come sooner; what counts is read from the parent.
  let wake: (() => void) | null = null;
  session.events.on('progress', ({ jobId, data }) => {
    if (!ours(jobId) || typeof data !== 'object') return;
    const p = data as unknown as RunProgress;
    if (done.has(`${p.arm}#${String(p.run)}`)) return;
    inFlight.set(jobId, { arm: p.arm, run: p.run, step: p.step, steps: p.steps });
    o.onProgress?.([...inFlight.values()], finished);
  });
  for (const event of ['completed', 'failed', 'stalled'] as const) {
    session.events.on(event, ({ jobId }: { jobId: string }) => {
      if (!ours(jobId)) return;
      inFlight.delete(jobId);
      wake?.();
    });
  }
  void session.events.run().catch(() => undefined);

  const record = (run: StudyRun) => {
    const key = `${run.arm}#${String(run.run)}`;
    if (done.has(key)) return;
    done.add(key);
    appendFileSync(runsFile, `${JSON.stringify(run)}\n`);
    finished.push(run);
    o.onRun?.(run, finished);
  };

  // Ctrl-C must stop the submitter at once, also while a call waits for a Redis that is away (its calls wait for it).
  const STOP = Symbol('stop');
  let watch: ReturnType<typeof setInterval> | undefined;
  const stopAsked = new Promise<typeof STOP>((resolve) => {
    watch = setInterval(() => {
      if (o.shouldStop?.() === true) resolve(STOP);
    }, 100);
  });
  const unlessStopped = async <T>(call: Promise<T>): Promise<T | typeof STOP> => {
    call.catch(() => undefined); // abandoned on a stop, it fails when the session closes
    return await Promise.race([call, stopAsked]);
  };
  try {
    return await collectUntilDone();
  } finally {
    clearInterval(watch);
  }

  async function collectUntilDone(): Promise<{ runs: StudyRun[]; stopped: boolean }> {
    while (done.size < study.total) {
      const values = await unlessStopped(parent.getChildrenValues<StudyRun>());
      if (values === STOP) return { runs: finished, stopped: true };
      for (const [key, value] of Object.entries(values)) {
        const where = runOfJobId(jobIdOfKey(key));
        if (where === null || where.study !== id) continue;
        const arm = study.config.arms.find((a) => a.name === where.arm);
        if (arm === undefined || value.arm !== where.arm || value.run !== where.run || value.seed !== study.config.seed + where.run) {
          throw new FailureError(`Redis holds a result for run ${String(where.run)} of arm ${where.arm} that is not this study's (${JSON.stringify(value).slice(0, 80)})`);
        }
        inFlight.delete(jobIdOfKey(key));
        record(value);
      }
      const ignored = await unlessStopped(parent.getIgnoredChildrenFailures());
      if (ignored === STOP) return { runs: finished, stopped: true };
      const failures = Object.entries(ignored);
      const failure = failures.find(([key]) => ours(jobIdOfKey(key)));
      if (failure !== undefined) {
        const where = runOfJobId(jobIdOfKey(failure[0]));
        throw new FailureError(
          `run ${String(where?.run)} of arm ${String(where?.arm)} failed on a worker: ${failure[1]} (the study's other jobs stay in Redis; descent queue clean --redis URL --study ${id} removes them)`,
        );
      }
      if (done.size >= study.total) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, POLL_MS);
        function finish() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = finish;
      });
    }
    await removeStudy(session.queue, id);
    return { runs: finished, stopped: false };
  }
}

/**
 * Removes a study's parent job and its children. The parent is processed by a worker once its last run is done
 * (a moment's work, with its lock held): the removal is tried again for a few seconds, and left for `descent queue
 * clean` if it still fails.
 */
export async function removeStudy(queue: Queue, id: string): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const parent = await Job.fromId(queue, id);
      if (parent === undefined) return true;
      await parent.remove({ removeChildren: true });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return false;
}
