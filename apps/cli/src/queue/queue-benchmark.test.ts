// `descent benchmark --redis`: the same benchmark trained here and by a `descent worker` over Redis (Debian's
// redis-server, started by the test) ends with the same benchmark.json, wall times aside.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../io.js';
import { main } from '../program.js';
import { faultOfTrialJob } from './queue-benchmark.js';
import { startTestRedis, type TestRedis } from './test-redis.js';

const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const BENCHMARK = ['benchmark', '--workloads', 'noisy-quadratic', '--optimizers', 'sgd,adam', '--trials', '2', '--seeds', '2', '--json'];

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  return { code: await main(argv, io), stdout, stderr };
}

/** benchmark.json without its wall times, which differ between any two runs of the same benchmark. */
function withoutSeconds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSeconds);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !/seconds/i.test(k)).map(([k, v]) => [k, withoutSeconds(v)]));
}

let redis: TestRedis;
let worker: ReturnType<typeof spawn>;
let exited: Promise<unknown>;
let log = '';

beforeAll(async () => {
  redis = await startTestRedis('bench-pw-7c1');
  worker = spawn(process.execPath, [bin, 'worker', '--redis', redis.url, '--concurrency', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
  exited = new Promise((resolve) => worker.once('close', resolve));
  worker.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  worker.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (log.includes('Ctrl-C stops') || worker.exitCode !== null) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
  expect(log).toContain('descent worker: serving the queue');
});

afterAll(async () => {
  // Redis is stopped whatever happened to the worker (which may have exited already).
  try {
    if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGTERM');
    await exited;
  } finally {
    await redis.stop();
  }
});

describe('descent benchmark --redis', () => {
  it('runs its trials on the workers and ends with the benchmark a local run gives', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-queue-benchmark-'));
    const local = await run(cwd, ...BENCHMARK, '--out', 'local');
    const queued = await run(cwd, ...BENCHMARK, '--out', 'queued', '--redis', redis.url);
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);
    const read = (dir: string) => withoutSeconds(JSON.parse(readFileSync(join(cwd, dir, 'benchmark.json'), 'utf8')));
    expect(read('queued')).toEqual(read('local'));
    expect(log).toMatch(/finished trial b[0-9a-f]{16}-p[0-9a-f]{16}-[0-9a-f]{16} \(noisy-quadratic, adam, seed \d+\)/);
    expect(queued.stderr + queued.stdout + log).not.toContain('bench-pw-7c1');
  }, 120_000);

  it('a worker refuses a trial of a workload it does not know', () => {
    const spec = { workload: 'noisy-quadratic', optimizer: 'sgd', options: { lr: 0.1 }, seed: 1, steps: 10 };
    expect(faultOfTrialJob({ spec }, ['noisy-quadratic'])).toBeNull();
    expect(faultOfTrialJob({ spec: { ...spec, workload: '../../etc' } }, ['noisy-quadratic'])).toBe('unknown workload "../../etc" (a worker knows noisy-quadratic)');
    expect(faultOfTrialJob({ spec: { ...spec, steps: -1 } }, ['noisy-quadratic'])).toBe('the job gives no seed and steps');
  });
});
