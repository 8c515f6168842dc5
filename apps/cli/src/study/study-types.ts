/** One arm of a study: a name, an optimizer and its options. */
export interface StudyArm {
  readonly name: string;
  readonly optimizer: string;
  readonly options: Record<string, number | boolean>;
}

/** Everything that decides a study's results; a resumed study must have the same. */
export interface StudyConfig {
  readonly arms: readonly StudyArm[];
  readonly runs: number;
  readonly seed: number;
  readonly minibatches?: number;
  readonly epochs?: number;
  readonly batchSize: number;
  readonly dataset: { readonly name: string; readonly directory?: string };
}

/** A training job sent to a worker. */
export interface StudyJob {
  readonly arm: string;
  readonly run: number;
  readonly seed: number;
  readonly optimizer: string;
  readonly options: Record<string, number | boolean>;
}

/** A finished run, as appended to runs.jsonl. */
export interface StudyRun {
  readonly arm: string;
  readonly run: number;
  readonly seed: number;
  readonly mcc: number;
  readonly accuracy: number;
  readonly seconds: number;
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly result: StudyRun }
  | { readonly type: 'failed'; readonly job: StudyJob; readonly message: string };
