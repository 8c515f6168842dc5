// Messages between a queue worker's process and its training threads.
import type { BenchmarkRunSpec } from '@descent/benchmark';
import type { RunProgress } from '../study/study-types.js';
import type { RunJobData } from './queue-jobs.js';

/** A study's run, or a benchmark's trial. */
export type ThreadTask = { readonly kind: 'run'; readonly run: RunJobData } | { readonly kind: 'trial'; readonly spec: BenchmarkRunSpec };

export type ThreadReply =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly progress: RunProgress }
  | { readonly type: 'done'; readonly result: unknown }
  | { readonly type: 'failed'; readonly message: string };
