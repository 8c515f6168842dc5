// `descent queue status|clean`: what the queue in Redis holds, study by study, and removing a study's jobs.
import { Queue, type Job, type JobType } from 'bullmq';
import { FailureError } from '../errors.js';
import { BATCH_JOB, QUEUE_NAME, QUEUE_PREFIX, RUN_JOB, STUDY_JOB, TRIAL_JOB, type StudyJobData } from './queue-jobs.js';
import { removeStudy } from './queue-study.js';
import { checkReachable, openConnection, scrub, type RedisTarget } from './redis-url.js';

/** One study in the queue, or one batch of a benchmark's trials. */
interface QueuedStudy {
  readonly id: string;
  readonly title: string;
  readonly runs: number;
  /** Runs finished (their results wait in Redis for the submitter). */
  readonly done: number;
  /** Runs a worker is training now. */
  readonly training: number;
  /** Runs that failed, with the reason of the first. */
  readonly failed: number;
  readonly firstFailure: string | null;
}

export interface QueueStatus {
  readonly studies: QueuedStudy[];
  /** Workers connected to the queue now. */
  readonly workers: number;
}

const PARENT_STATES: JobType[] = ['waiting-children', 'waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized'];
const isParent = (job: Job) => job.name === STUDY_JOB || job.name === BATCH_JOB;

/** Opens the queue for one command and closes it after, whatever happens. */
async function withQueue<T>(target: RedisTarget, work: (queue: Queue) => Promise<T>): Promise<T> {
  await checkReachable(target);
  // The last connection error, which says more than a command's failure while Redis is away.
  const seen: { failure: string | null } = { failure: null };
  const connection = openConnection(target, (message) => {
    seen.failure = message;
  });
  const queue = new Queue(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
  queue.on('error', (error: Error) => {
    seen.failure = scrub(target, error.message);
  });
  try {
    return await work(queue);
  } catch (error) {
    if (error instanceof FailureError) throw error;
    throw new FailureError(`Redis at ${target.shown}: ${scrub(target, seen.failure ?? (error as Error).message)}`);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Every study whose jobs are in the queue, with its runs done, training and failed. */
export async function queueStatus(target: RedisTarget): Promise<QueueStatus> {
  return await withQueue(target, async (queue) => {
    const parents = (await queue.getJobs(PARENT_STATES)).filter(isParent);
    const active = (await queue.getJobs(['active'])).filter((j) => j.name === RUN_JOB || j.name === TRIAL_JOB);
    const studies: QueuedStudy[] = [];
    for (const parent of parents) {
      const data = parent.data as Partial<StudyJobData> & { trials?: unknown };
      const id = parent.id ?? '';
      const done = Object.keys(await parent.getChildrenValues()).length;
      const failures = Object.values(await parent.getIgnoredChildrenFailures());
      studies.push({
        id,
        title: parent.name === BATCH_JOB ? 'a batch of benchmark trials' : typeof data.title === 'string' ? data.title : '(no title)',
        runs: typeof data.runs === 'number' ? data.runs : typeof data.trials === 'number' ? data.trials : 0,
        done,
        training: active.filter((j) => (j.id ?? '').startsWith(`${id}-`)).length,
        failed: failures.length,
        firstFailure: failures[0] ?? null,
      });
    }
    studies.sort((a, b) => a.id.localeCompare(b.id));
    return { studies, workers: (await queue.getWorkers()).length };
  });
}

/** Removes one study's jobs (`id`), or every job of the queue (`null`). Returns the ids of the studies removed. */
export async function cleanQueue(target: RedisTarget, id: string | null): Promise<string[]> {
  return await withQueue(target, async (queue) => {
    const parents = (await queue.getJobs(PARENT_STATES)).filter(isParent).map((j) => j.id ?? '');
    if (id === null) {
      // Runs in flight included: their workers' results are then refused by Redis (the jobs are gone).
      await queue.obliterate({ force: true });
      return parents;
    }
    if (!parents.includes(id)) {
      throw new FailureError(`no study ${id} in the queue at ${target.shown}${parents.length > 0 ? ` (it holds ${parents.join(', ')})` : ' (it holds none)'}`);
    }
    if (!(await removeStudy(queue, id))) {
      throw new FailureError(`study ${id}: some of its runs are being trained and cannot be removed now; stop their workers or try again when they finish`);
    }
    return [id];
  });
}
