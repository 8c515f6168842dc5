/** One arm of a study: a name, an optimizer and its options. */
export interface StudyArm {
  readonly name: string;
  readonly optimizer: string;
  readonly options: Record<string, number | boolean | string>;
  /** Gradient transformations of the arm (`--clip-grad-norm 1` in its text), by flag name: `{ 'clip-grad-norm': 1 }`. */
  readonly transforms?: Record<string, number | string>;
}

import type { ModelSpec } from '@descent/nn';
import type { ScheduleSpec } from '@descent/optim';

/** Everything that decides a study's results; a resumed study must have the same (it may only add runs). */
export interface StudyConfig {
  /** A built-in model's name, or a model's description. */
  readonly model: string | ModelSpec;
  /** Each run trains on this many random training images (seeded by its seed); all when absent. */
  readonly samples?: number;
  /** The image side the data set is loaded at. */
  readonly imageSize: 14 | 28;
  readonly arms: readonly StudyArm[];
  readonly runs: number;
  readonly seed: number;
  readonly minibatches?: number;
  readonly epochs?: number;
  readonly batchSize: number;
  readonly dataset: { readonly name: string; readonly directory?: string };
  /** A learning-rate schedule every arm's optimizer follows from its own lr, counting minibatches (--schedule). */
  readonly schedule?: ScheduleSpec;
}

/** A training job sent to a worker. */
export interface StudyJob {
  readonly arm: string;
  readonly run: number;
  readonly seed: number;
  readonly optimizer: string;
  readonly options: Record<string, number | boolean | string>;
  /** The arm's gradient transformations, as `StudyArm.transforms`. */
  readonly transforms?: Record<string, number | string>;
}

/** A run that trained to the end, as appended to runs.jsonl. */
export interface FinishedRun {
  readonly arm: string;
  readonly run: number;
  readonly seed: number;
  readonly mcc: number;
  readonly accuracy: number;
  readonly seconds: number;
  /** Threads the run computed on (its network's pool, not the flag): not a setting, it changes no number. */
  readonly threads?: number;
}

/** A run whose loss or metrics became non-finite: it stopped at `step` and has no metrics to average. */
export interface DivergedRun {
  readonly arm: string;
  readonly run: number;
  readonly seed: number;
  readonly diverged: { readonly step: number };
  readonly seconds: number;
  /** Threads the run computed on (its network's pool, not the flag): not a setting, it changes no number. */
  readonly threads?: number;
}

/** A line of runs.jsonl. */
export type StudyRun = FinishedRun | DivergedRun;

export const isDiverged = (run: StudyRun): run is DivergedRun => 'diverged' in run;

/** Where a run in flight is: posted by the worker when it starts and every few hundred steps. */
export interface RunProgress {
  readonly arm: string;
  readonly run: number;
  readonly step: number;
  readonly steps: number;
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly progress: RunProgress }
  | { readonly type: 'done'; readonly result: StudyRun }
  | { readonly type: 'failed'; readonly job: StudyJob; readonly message: string };
