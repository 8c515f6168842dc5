// `descent benchmark --redis URL`: the benchmark's trials go to Redis as jobs that `descent worker` processes run
// with @descent/benchmark's code, as the benchmark's own threads do. The benchmark asks for its trials batch by
// batch (a phase of its protocol); each batch is one BullMQ flow, a parent job and a child per trial, whose id is
// a digest of the batch, so the same command with --resume finds a batch queued earlier and collects it.
import { createHash } from 'node:crypto';
import { Job } from 'bullmq';
import { specKey, type BenchmarkRunResult, type BenchmarkRunSpec } from '@descent/benchmark';
import { FailureError } from '../errors.js';
import type { Io } from '../io.js';
import { BATCH_JOB, QUEUE_NAME, TRIAL_JOB } from './queue-jobs.js';
import { QueueSession, removeStudy } from './queue-study.js';
import { checkReachable, type RedisTarget } from './redis-url.js';


/** A child job: one trial of a benchmark. `spec.optimizer` is the optimizer's id, never a package or a path. */
export interface TrialJobData {
  readonly benchmark: string;
  readonly spec: BenchmarkRunSpec;
}

const digest = (text: string, length = 16) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** A benchmark's id in Redis: a digest of its settings and of the folder its results go to. */
export const benchmarkId = (settings: unknown, dir: string) => `b${digest(JSON.stringify({ settings, dir }))}`;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Why a trial job's data is not one a worker can run (a workload it does not know, say), or null. */
export function faultOfTrialJob(data: unknown, workloads: readonly string[]): string | null {
  // Job data come from Redis: `spec` may be anything, null included (typeof null is 'object').
  const spec = (data as { spec?: Partial<Record<keyof BenchmarkRunSpec, unknown>> | null } | null)?.spec;
  if (typeof spec !== 'object' || spec === null) return 'the job carries no trial';
  if (typeof spec.workload !== 'string' || !workloads.includes(spec.workload)) return `unknown workload ${JSON.stringify(spec.workload)} (a worker knows ${workloads.join(', ')})`;
  if (typeof spec.optimizer !== 'string' || typeof spec.options !== 'object' || spec.options === null) return 'the job names no optimizer and options';
  if (!isCount(spec.seed) || !isCount(spec.steps)) return 'the job gives no seed and steps';
  return null;
}

interface Waiting {
  readonly jobId: string;
  readonly spec: BenchmarkRunSpec;
  readonly resolve: (result: BenchmarkRunResult) => void;
  readonly reject: (error: Error) => void;
}

/** How often a batch's parent is asked for its finished trials. */
const POLL_MS = 300;

/**
 * BenchmarkPool's interface (`run(spec)`, `close()`) over the queue: the trials asked for in one turn of the event
 * loop (a batch of the protocol) are submitted as one flow and resolved as their results come in.
 */
export class QueueBenchmarkPool {
  private session: QueueSession | null = null;
  private pending: Waiting[] = [];
  private failure: Error | null = null;
  /** The protocol batch `run` is being asked for, every spec of it (those a resume file holds included), or null. */
  private batch: readonly BenchmarkRunSpec[] | null = null;

  /** @param optimizerIds each optimizer spec of the benchmark (a name, package or file) and its plugin's id */
  constructor(
    private readonly io: Io,
    private readonly target: RedisTarget,
    private readonly id: string,
    private readonly optimizerIds: ReadonlyMap<string, string>,
  ) {}

  run(spec: BenchmarkRunSpec): Promise<BenchmarkRunResult> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ jobId: '', spec, resolve, reject });
    });
  }

  /**
   * Names the protocol batch whose trials `run` is about to be asked for, cached ones included. The batch's flow id
   * digests all of them, so --resume after some trials finished finds the flow queued earlier; a digest of the
   * pending trials alone would make a new flow and leave the old parent's children orphaned.
   */
  beginBatch(specs: readonly BenchmarkRunSpec[]): void {
    this.batch = specs;
  }

  /** The id of the flow (its parent job) that runs `pending`: a digest of the named batch, or of `pending` without one. */
  parentIdOf(pending: readonly BenchmarkRunSpec[]): string {
    const keys = [...new Set((this.batch ?? pending).map((spec) => specKey(spec)))].sort();
    return `${this.id}-p${digest(keys.join('\n'))}`;
  }

  async close(): Promise<void> {
    await this.session?.close();
    this.session = null;
  }

  private async open(): Promise<QueueSession> {
    if (this.session !== null) return this.session;
    await checkReachable(this.target);
    let lastComplaint = 0;
    this.session = new QueueSession(this.target, (message) => {
      if (Date.now() - lastComplaint < 10_000) return;
      lastComplaint = Date.now();
      this.io.stderr(`descent: Redis at ${this.target.shown}: ${message} (retrying)\n`);
    });
    return this.session;
  }

  private async flush(): Promise<void> {
    const parentId = this.parentIdOf(this.pending.map((w) => w.spec));
    this.batch = null;
    const batch = this.pending.map((w) => ({ ...w, jobId: `${parentId}-${digest(specKey(w.spec))}` }));
    this.pending = [];
    try {
      const session = await this.open();
      let parent = await Job.fromId(session.queue, parentId);
      if (parent === undefined) {
        const unique = [...new Map(batch.map((w) => [w.jobId, w])).values()];
        await session.flows.add({
          name: BATCH_JOB,
          queueName: QUEUE_NAME,
          data: { benchmark: this.id, trials: unique.length },
          opts: { jobId: parentId },
          children: unique.map((w) => ({
            name: TRIAL_JOB,
            queueName: QUEUE_NAME,
            data: { benchmark: this.id, spec: { ...w.spec, optimizer: this.optimizerIds.get(w.spec.optimizer) ?? w.spec.optimizer } } satisfies TrialJobData,
            opts: { jobId: w.jobId, ignoreDependencyOnFailure: true, attempts: 3, backoff: { type: 'fixed', delay: 1_000 } },
          })),
        });
        parent = await Job.fromId(session.queue, parentId);
        if (parent === undefined) throw new FailureError(`the benchmark's jobs vanished from Redis at ${this.target.shown} as they were submitted`);
      }
      await this.collect(parent, batch);
      await removeStudy(session.queue, parentId);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      for (const w of batch) w.reject(this.failure);
    }
  }

  private async collect(parent: Job, batch: readonly Waiting[]): Promise<void> {
    const left = new Map<string, Waiting[]>();
    for (const w of batch) left.set(w.jobId, [...(left.get(w.jobId) ?? []), w]);
    const idOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);
    while (left.size > 0) {
      for (const [key, value] of Object.entries(await parent.getChildrenValues<BenchmarkRunResult>())) {
        for (const w of left.get(idOf(key)) ?? []) w.resolve(value);
        left.delete(idOf(key));
      }
      const failed = Object.entries(await parent.getIgnoredChildrenFailures()).find(([key]) => left.has(idOf(key)));
      if (failed !== undefined) {
        const spec = left.get(idOf(failed[0]))?.[0]?.spec;
        throw new FailureError(`a trial (${spec === undefined ? idOf(failed[0]) : `${spec.workload}, ${spec.optimizer}, seed ${String(spec.seed)}`}) failed on a worker: ${failed[1]}`);
      }
      if (left.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
