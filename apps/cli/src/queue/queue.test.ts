// The queue end to end: Debian's redis-server started by the tests (a free port, a temporary folder), `descent
// worker` processes of the built binary, and studies submitted with --redis, compared with the same studies trained
// here. The faults the issue names are made for real: a worker SIGKILLed mid-run, Redis restarted mid-study, a
// job naming an optimizer the worker lacks, a wrong password, nothing listening.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../io.js';
import { main } from '../program.js';
import { QUEUE_NAME, QUEUE_PREFIX } from './queue-jobs.js';
import { openConnection, parseRedisUrl } from './redis-url.js';
import { freePort, startTestRedis, type TestRedis } from './test-redis.js';

const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const sleepy = fileURLToPath(new URL('./__fixtures__/sleepy-sgd-plugin.mjs', import.meta.url));
const signDescent = fileURLToPath(new URL('../__fixtures__/sign-descent-plugin.mjs', import.meta.url));
const PASSWORD = 'pw-not-to-be-shown-9f2c';

const FAST = ['study', '--arm', 'plain: sgd --lr 1', '--arm', 'heavy: momentum --lr 0.2 --momentum 0.9', '--runs', '2', '--minibatches', '300', '--dataset', 'fashion-mnist-sample', '--seed', '10'];
// Runs of ~0.6 s that sleep rather than compute: long enough to be cut in the middle, cheap on a busy machine.
const SLOW = ['study', '--arm', `slow: ${sleepy} --lr 0.5 --pause 2`, '--runs', '3', '--minibatches', '300', '--dataset', 'fashion-mnist-sample', '--seed', '3'];

/** Everything the command and its workers printed, checked at the end for the password. */
const printed: string[] = [];

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) };
  const code = await main(argv, io);
  printed.push(stdout, stderr);
  return { code, stdout, stderr };
}

interface Process {
  readonly child: ChildProcess;
  readonly out: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startBinary(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Process {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      printed.push(out);
      resolve({ code, signal });
    }),
  );
  return { child, out: () => out, exited };
}

/** Resolves when `test` holds, checked every 20 ms. */
function until(test: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (test()) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
}

const workers: Process[] = [];
async function startWorker(cwd: string, url: string, ...extra: string[]): Promise<Process> {
  const worker = startBinary(cwd, ['worker', '--redis', url, '--concurrency', '1', '--lock-seconds', '2', ...extra]);
  workers.push(worker);
  await until(() => worker.out().includes('Ctrl-C stops') || worker.child.exitCode !== null);
  expect(worker.out()).toContain('descent worker: serving the queue');
  return worker;
}
async function stopWorker(worker: Process): Promise<void> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await worker.exited;
}

/** runs.jsonl's rows without their wall time, in run order. */
function rowsOf(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, 'runs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const row = JSON.parse(l) as Record<string, unknown>;
      delete row.seconds;
      return row;
    })
    .sort((a, b) => Number(a.run) - Number(b.run) || String(a.arm).localeCompare(String(b.arm)));
}

const hasRun = (dir: string) => existsSync(join(dir, 'runs.jsonl')) && readFileSync(join(dir, 'runs.jsonl'), 'utf8').includes('\n');

let redis: TestRedis;
let cwd: string;
/** The slow study trained here, once: what every queued copy of it must end with. */
let slowLocal: Record<string, unknown>[];

beforeAll(async () => {
  redis = await startTestRedis(PASSWORD);
  cwd = mkdtempSync(join(tmpdir(), 'descent-queue-'));
  const local = await run(cwd, ...SLOW, '--workers', '1', '--out', 'slow-local', '--json');
  expect(local.code, local.stderr).toBe(0);
  slowLocal = rowsOf(join(cwd, 'slow-local'));
  expect(slowLocal).toHaveLength(3);
});

afterAll(async () => {
  try {
    await Promise.all(workers.map(stopWorker));
  } finally {
    await redis.stop();
  }
  for (const text of printed) expect(text).not.toContain(PASSWORD);
});

describe('descent study --redis and descent worker', () => {
  it('end with the same files and numbers as a study trained here, and leave nothing in Redis', async () => {
    const worker = await startWorker(cwd, redis.url, '--concurrency', '2');
    const local = await run(cwd, ...FAST, '--out', 'fast-local');
    const queued = await run(cwd, ...FAST, '--redis', redis.url, '--out', 'fast-queued');
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toContain(`on the workers of redis://127.0.0.1:${String(redis.port)}`);
    expect(queued.stderr).not.toContain('no worker is connected');
    const files = readdirSync(join(cwd, 'fast-local')).sort();
    expect(readdirSync(join(cwd, 'fast-queued')).sort()).toEqual(files);
    for (const file of files.filter((f) => f !== 'runs.jsonl')) {
      expect(readFileSync(join(cwd, 'fast-queued', file)).equals(readFileSync(join(cwd, 'fast-local', file))), file).toBe(true);
    }
    expect(rowsOf(join(cwd, 'fast-queued'))).toEqual(rowsOf(join(cwd, 'fast-local')));
    for (const file of files) expect(readFileSync(join(cwd, 'fast-queued', file)).includes(PASSWORD)).toBe(false);
    const status = await run(cwd, 'queue', 'status', '--redis', redis.url, '--json');
    expect(JSON.parse(status.stdout)).toEqual({ redis: `redis://127.0.0.1:${String(redis.port)}`, studies: [], workers: 1 });
    await stopWorker(worker);
    expect(worker.out()).toMatch(/finished run 1 of arm heavy/);
  }, 120_000);

  it('a worker SIGKILLed mid-run: the run goes back to the queue, finishes on another worker and is recorded once', async () => {
    const first = await startWorker(cwd, redis.url, '--plugins', sleepy);
    const study = run(cwd, ...SLOW, '--redis', redis.url, '--out', 'killed');
    await until(() => /started run (\d+) of arm slow/.test(first.out()));
    first.child.kill('SIGKILL');
    const cut = Number(/started run (\d+) of arm slow/.exec(first.out())?.[1]);
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(first.out()).not.toContain(`finished run ${String(cut)} of arm slow`);
    const second = await startWorker(cwd, redis.url, '--plugins', sleepy);
    const result = await study;
    expect(result.code, result.stderr).toBe(0);
    expect(second.out()).toContain(`finished run ${String(cut)} of arm slow`);
    expect(rowsOf(join(cwd, 'killed'))).toEqual(slowLocal);
    await stopWorker(second);
  }, 120_000);

  it('submitted before any worker, then Redis restarted mid-study (appendonly): the study completes with nothing lost or duplicated', async () => {
    const own = await startTestRedis();
    try {
      // Submitted before any worker runs: the runs wait in Redis, and the submitter says so.
      const study = run(cwd, ...SLOW, '--redis', own.url, '--out', 'restarted');
      for (;;) {
        const status = JSON.parse((await run(cwd, 'queue', 'status', '--redis', own.url, '--json')).stdout) as { studies: unknown[] };
        if (status.studies.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const worker = await startWorker(cwd, own.url, '--plugins', sleepy, '--lock-seconds', '10');
      await until(() => hasRun(join(cwd, 'restarted')));
      await own.stop();
      await own.start();
      const result = await study;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`descent: no worker is connected to ${own.url} yet; the runs wait in Redis until one is`);
      expect(rowsOf(join(cwd, 'restarted'))).toEqual(slowLocal);
      await stopWorker(worker);
    } finally {
      await own.stop();
    }
  }, 120_000);

  it('Ctrl-C leaves the jobs in Redis; --resume collects what finished meanwhile and the rest', async () => {
    const worker = await startWorker(cwd, redis.url, '--plugins', sleepy);
    const submitter = startBinary(cwd, [...SLOW, '--redis', redis.url, '--out', 'stopped']);
    await until(() => hasRun(join(cwd, 'stopped')));
    submitter.child.kill('SIGINT');
    expect((await submitter.exited).code, submitter.out()).toBe(130);
    expect(submitter.out()).toContain(`the other runs stay queued at redis://127.0.0.1:${String(redis.port)}, and --resume collects them`);
    const kept = rowsOf(join(cwd, 'stopped'));
    expect(kept.length).toBeLessThan(3);
    const status = JSON.parse((await run(cwd, 'queue', 'status', '--redis', redis.url, '--json')).stdout) as { studies: { runs: number }[] };
    expect(status.studies.map((s) => s.runs)).toEqual([3]);
    const shown = await run(cwd, 'queue', 'status', '--redis', redis.url);
    expect(shown.stdout).toMatch(new RegExp(`^queue at redis://127\\.0\\.0\\.1:${String(redis.port)}: 1 study, 1 worker connected\n  s[0-9a-f]{16}  [0-3]/3 runs done, [01] training\n    study: slow \\(sleepy-sgd\\)\n$`));
    const resumed = await run(cwd, ...SLOW, '--redis', redis.url, '--out', 'stopped', '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('is already queued');
    expect(rowsOf(join(cwd, 'stopped'))).toEqual(slowLocal);
    await stopWorker(worker);
  }, 120_000);

  it('a job naming an optimizer the worker lacks fails with its reason; the worker keeps serving; queue clean removes it', async () => {
    const worker = await startWorker(cwd, redis.url);
    const odd = await run(cwd, 'study', '--arm', `odd: ${signDescent} --lr 0.01`, '--runs', '1', '--minibatches', '300', '--dataset', 'fashion-mnist-sample', '--redis', redis.url, '--out', 'odd');
    expect(odd.code).toBe(1);
    expect(odd.stderr).toMatch(/^descent: run 0 of arm odd failed on a worker: unknown optimizer 'sign-descent' on worker \S+, which has the built-in ones \(start it with --plugins PACKAGE\)/m);
    const id = /--study (s[0-9a-f]{16})/.exec(odd.stderr)?.[1] ?? '';
    // The failed study's jobs are still in Redis: data only, the plugin named by its id, never by its file.
    const connection = openConnection(parseRedisUrl('--redis', redis.url), () => undefined);
    const queue = new Queue(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
    const jobs = await queue.getJobs(['waiting-children', 'failed', 'completed', 'waiting']);
    await queue.close();
    connection.disconnect();
    expect(jobs.map((j) => j.name).sort()).toEqual(['run', 'study']);
    for (const job of jobs) expect(JSON.stringify(job.data)).not.toMatch(/sign-descent-plugin|\/tmp|\/work/);
    expect(jobs.find((j) => j.name === 'run')?.data).toMatchObject({ optimizer: 'sign-descent', arm: 'odd', run: 0, dataset: 'fashion-mnist-sample' });
    const fine = await run(cwd, ...FAST, '--runs', '1', '--redis', redis.url, '--out', 'after-odd');
    expect(fine.code, fine.stderr).toBe(0);
    const before = JSON.parse((await run(cwd, 'queue', 'status', '--redis', redis.url, '--json')).stdout) as { studies: { id: string; failed: number }[] };
    expect(before.studies).toContainEqual(expect.objectContaining({ id, failed: 1 }));
    const clean = await run(cwd, 'queue', 'clean', '--redis', redis.url, '--study', id);
    expect(clean.stdout).toBe(`queue at redis://127.0.0.1:${String(redis.port)}: removed the jobs of ${id}\n`);
    const after = JSON.parse((await run(cwd, 'queue', 'status', '--redis', redis.url, '--json')).stdout) as { studies: { id: string }[] };
    expect(after.studies.map((s) => s.id)).not.toContain(id);
    await stopWorker(worker);
    expect(worker.out()).toContain("run 0 of arm odd (");
  }, 120_000);

  it('a wrong password: one line naming the URL without it, exit 1, from the study, the worker and queue status', async () => {
    const wrong = `redis://:wrong-${PASSWORD}@127.0.0.1:${String(redis.port)}`;
    const line = `descent: cannot reach Redis at redis://127.0.0.1:${String(redis.port)}: wrong user name or password\n`;
    const study = await run(cwd, ...FAST, '--redis', wrong, '--out', 'wrong');
    expect([study.code, study.stderr]).toEqual([1, line]);
    const status = await run(cwd, 'queue', 'status', '--redis', wrong);
    expect([status.code, status.stderr]).toEqual([1, line]);
    const worker = startBinary(cwd, ['worker', '--redis', wrong]);
    expect((await worker.exited).code).toBe(1);
    expect(worker.out()).toBe(line);
  }, 60_000);

  it('rediss:// with a password: TLS to a server whose certificate the processes trust; refused when they do not', async () => {
    const secure = await startTestRedis(PASSWORD, { tls: true });
    try {
      const env = { ...process.env, NODE_EXTRA_CA_CERTS: secure.certificate ?? '' };
      const worker = startBinary(cwd, ['worker', '--redis', secure.url, '--concurrency', '1'], env);
      workers.push(worker);
      await until(() => worker.out().includes('Ctrl-C stops') || worker.child.exitCode !== null);
      expect(worker.out()).toContain(`serving the queue at rediss://127.0.0.1:${String(secure.port)}`);
      const study = startBinary(cwd, [...FAST, '--runs', '1', '--redis', secure.url, '--out', 'over-tls'], env);
      expect((await study.exited).code, study.out()).toBe(0);
      expect(rowsOf(join(cwd, 'over-tls'))).toEqual(rowsOf(join(cwd, 'fast-local')).filter((r) => r.run === 0));
      // Without the certificate among the trusted ones, the connection is refused, in one line.
      const untrusted = await run(cwd, ...FAST, '--redis', secure.url, '--out', 'untrusted');
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toBe(`descent: cannot reach Redis at rediss://127.0.0.1:${String(secure.port)}: self-signed certificate\n`);
      await stopWorker(worker);
    } finally {
      await secure.stop();
    }
  }, 120_000);

  it('nothing listening at the URL: one line, exit 1', async () => {
    const port = await freePort();
    const url = `redis://:${PASSWORD}@127.0.0.1:${String(port)}`;
    const line = `descent: cannot reach Redis at redis://127.0.0.1:${String(port)}: connection refused (is redis-server running there?)\n`;
    const study = await run(cwd, ...FAST, '--redis', url, '--out', 'unreachable');
    expect([study.code, study.stderr]).toEqual([1, line]);
    const worker = startBinary(cwd, ['worker', '--redis', url]);
    expect((await worker.exited).code).toBe(1);
    expect(worker.out()).toBe(line);
  }, 60_000);
});
