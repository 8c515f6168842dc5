// What goes through Redis: one parent job per study and one child job per run, all in one BullMQ queue. A job
// carries data only (the optimizer's id and options, the seed, the run length, the data set's name); never code and
// never a file path. A worker trains it with its own built-in optimizers and the plugins it was started with.
import { createHash } from 'node:crypto';
import type { ModelSpec } from '@descent/nn';
import type { ScheduleSpec } from '@descent/optim';
import { DATASET_NAMES } from '../datasets.js';
import type { StudyConfig, StudyJob } from '../study/study-types.js';
import type { RunSettings } from '../study/train-run.js';

/** The queue every study's jobs go to, under BullMQ's key prefix `descent`. */
export const QUEUE_NAME = 'runs';
export const QUEUE_PREFIX = 'descent';
export const STUDY_JOB = 'study';
export const RUN_JOB = 'run';
/** A benchmark's batch of trials (a parent job) and one trial (its child): see queue-benchmark.ts. */
export const BATCH_JOB = 'benchmark-batch';
export const TRIAL_JOB = 'trial';

/**
 * A child job: one run of one arm of one study. It is the study's job (arm, run, seed, optimizer, options and
 * whatever else a run of an arm carries, such as its gradient transformations) with the study's run settings.
 */
export interface RunJobData extends StudyJob {
  readonly study: string;
  /** An optimizer's id: a worker's built-in, or one of its --plugins. */
  readonly optimizer: string;
  /** A built-in model's name, or its description (layers as data). */
  readonly model: string | ModelSpec;
  /** The data set's name; each worker loads it from its own machine. */
  readonly dataset: string;
  readonly imageSize: 14 | 28;
  readonly samples?: number;
  readonly minibatches?: number;
  readonly epochs?: number;
  readonly batchSize: number;
  readonly schedule?: ScheduleSpec;
}

/** A parent job: what `descent queue status` shows of a study. */
export interface StudyJobData {
  readonly study: string;
  readonly title: string;
  readonly runs: number;
}

/** Where a run in flight is, as the worker reports it (BullMQ job progress). */
export interface RunJobProgress {
  readonly arm: string;
  readonly run: number;
  readonly step: number;
  readonly steps: number;
  /** The worker's host name and process id, for `queue status`. */
  readonly worker: string;
}

/**
 * A study's id in Redis: a digest of its settings (with --runs) and of the folder its results go to, so the same
 * command in the same folder (`--resume`) finds its jobs again, and another study never shares them.
 */
export function studyId(config: StudyConfig, dir: string): string {
  return `s${createHash('sha256').update(JSON.stringify({ config, dir })).digest('hex').slice(0, 16)}`;
}

/** A run's job id: its study, run index and arm, so a run is queued (and recorded) once. */
export const runJobId = (study: string, arm: string, run: number) => `${study}-${String(run)}-${arm}`;

/** The arm and run a child's job id names (an arm name may itself hold '-'). */
export function runOfJobId(jobId: string): { study: string; run: number; arm: string } | null {
  const match = /^(s[0-9a-f]{16})-(\d+)-(.+)$/.exec(jobId);
  return match === null ? null : { study: match[1] as string, run: Number(match[2]), arm: match[3] as string };
}

/** The child job of `job`, a run of `config`, with its optimizer named by id. */
export function runJobData(study: string, config: StudyConfig, job: StudyJob, optimizerId: string): RunJobData {
  return {
    ...job,
    study,
    optimizer: optimizerId,
    model: config.model,
    dataset: config.dataset.name,
    imageSize: config.imageSize,
    ...(config.samples === undefined ? {} : { samples: config.samples }),
    ...(config.minibatches === undefined ? {} : { minibatches: config.minibatches }),
    ...(config.epochs === undefined ? {} : { epochs: config.epochs }),
    batchSize: config.batchSize,
    ...(config.schedule === undefined ? {} : { schedule: config.schedule }),
  };
}

/** The run settings a job carries, as the shared training code takes them. */
export function runSettings(data: RunJobData): RunSettings {
  return {
    model: data.model,
    batchSize: data.batchSize,
    ...(data.samples === undefined ? {} : { samples: data.samples }),
    ...(data.minibatches === undefined ? {} : { minibatches: data.minibatches }),
    ...(data.epochs === undefined ? {} : { epochs: data.epochs }),
    ...(data.schedule === undefined ? {} : { schedule: data.schedule }),
  };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Why a job's data is not a run a worker can train, or null. Jobs come from anyone who can write to the queue: a
 * model or data set named by anything but a known name (a path, say) is refused, never opened.
 */
export function faultOfRunJob(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return 'the job carries no run';
  const d = data as Partial<Record<keyof RunJobData, unknown>>;
  if (typeof d.arm !== 'string' || !isCount(d.run) || !isCount(d.seed)) return 'the job names no arm, run and seed';
  if (typeof d.optimizer !== 'string' || typeof d.options !== 'object' || d.options === null) return 'the job names no optimizer and options';
  if (!(DATASET_NAMES as readonly string[]).includes(d.dataset as string)) return `unknown data set ${JSON.stringify(d.dataset)} (a worker knows ${DATASET_NAMES.join(', ')})`;
  if (typeof d.model !== 'string' && (typeof d.model !== 'object' || d.model === null)) return 'the job names no model';
  if (d.imageSize !== 14 && d.imageSize !== 28) return `image size ${JSON.stringify(d.imageSize)} (expected 14 or 28)`;
  if (!isCount(d.batchSize) || d.batchSize === 0) return 'the job gives no batch size';
  if ((d.minibatches === undefined) === (d.epochs === undefined)) return 'the job gives neither minibatches nor epochs (or both)';
  return null;
}
