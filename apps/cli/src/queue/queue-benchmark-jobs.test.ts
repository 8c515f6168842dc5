// A benchmark's jobs in the queue, without Redis: the id of a batch's flow, and the trial jobs a worker refuses.
import { describe, expect, it } from 'vitest';
import type { BenchmarkRunSpec } from '@descent/benchmark';
import type { Io } from '../io.js';
import { faultOfTrialJob, QueueBenchmarkPool } from './queue-benchmark.js';
import { parseRedisUrl } from './redis-url.js';

const io: Io = { cwd: process.cwd(), stdout: () => undefined, stderr: () => undefined };
const spec = (seed: number): BenchmarkRunSpec => ({ workload: 'noisy-quadratic', optimizer: 'sgd', options: { lr: 0.1 }, seed, steps: 10 });
const pool = () => new QueueBenchmarkPool(io, parseRedisUrl('--redis', 'redis://127.0.0.1:1'), 'b0123456789abcdef', new Map([['sgd', 'sgd']]));

describe("a queued benchmark batch's flow id", () => {
  it('is the same whichever of the batch’s trials are still to run (a --resume finds the flow queued before)', () => {
    const batch = [spec(1), spec(2), spec(3)];
    const first = pool();
    first.beginBatch(batch);
    const fresh = first.parentIdOf(batch);
    const resumed = pool();
    resumed.beginBatch(batch);
    // Trials 1 and 2 finished before the stop: trials.jsonl holds them, only trial 3 is asked for again.
    expect(resumed.parentIdOf([spec(3)])).toBe(fresh);
    expect(fresh).toMatch(/^b0123456789abcdef-p[0-9a-f]{16}$/);
  });

  it('differs between batches, and does not depend on the order of the specs', () => {
    const p = pool();
    p.beginBatch([spec(1), spec(2)]);
    const a = p.parentIdOf([spec(1)]);
    p.beginBatch([spec(2), spec(1)]);
    expect(p.parentIdOf([spec(1)])).toBe(a);
    p.beginBatch([spec(1), spec(4)]);
    expect(p.parentIdOf([spec(1)])).not.toBe(a);
  });
});

describe('a trial job a worker refuses', () => {
  it('carries no trial when its spec is null or missing (not a TypeError and three retries)', () => {
    expect(faultOfTrialJob({ spec: null }, ['noisy-quadratic'])).toBe('the job carries no trial');
    expect(faultOfTrialJob({}, ['noisy-quadratic'])).toBe('the job carries no trial');
    expect(faultOfTrialJob(null, ['noisy-quadratic'])).toBe('the job carries no trial');
    expect(faultOfTrialJob({ spec: spec(1) }, ['noisy-quadratic'])).toBeNull();
  });
});
