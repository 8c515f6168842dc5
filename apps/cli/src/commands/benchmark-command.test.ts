import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOADS } from '@descent/benchmark';
import { describe, expect, it } from 'vitest';
import type { Io } from '../io.js';
import { main } from '../program.js';
import { tunedFigureSettings } from '../experiments/tuned-figure.js';

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  };
  return { code: await main(argv, io, false), stdout, stderr };
}

const pluginFile = fileURLToPath(new URL('../__fixtures__/sign-descent-plugin.mjs', import.meta.url));
// A tiny benchmark: two cheap workloads, 40 steps, 4 trials, 2 seeds.
const TINY = ['--workloads', 'noisy-quadratic,rosenbrock', '--optimizers', 'sgd,momentum', '--trials', '4', '--seeds', '2', '--steps', '40', '--seed', '3'];

/** benchmark.json without its timings (seconds to target), which differ from one run to the next. */
function withoutTimings(dir: string): unknown {
  const summary = JSON.parse(readFileSync(join(dir, 'benchmark.json'), 'utf8')) as { workloads: { optimizers: { secondsToTarget?: unknown }[] }[] };
  for (const w of summary.workloads) for (const o of w.optimizers) delete o.secondsToTarget;
  return summary;
}

const lines = (dir: string) => readFileSync(join(dir, 'trials.jsonl'), 'utf8').trim().split('\n');

describe('descent benchmark', () => {
  it('the same seed gives the same benchmark.json with 1 worker and with 2; trials.jsonl holds every run', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-bench-'));
    const one = await run(cwd, 'benchmark', ...TINY, '--workers', '1', '--out', 'one');
    expect(one.stderr).not.toContain('Error');
    expect(one.code).toBe(0);
    const two = await run(cwd, 'benchmark', ...TINY, '--workers', '2', '--out', 'two');
    expect(two.code).toBe(0);
    expect(withoutTimings(join(cwd, 'two'))).toEqual(withoutTimings(join(cwd, 'one')));
    // 2 workloads × 2 optimizers × (4 trials + 2 tuned seeds + 2 default seeds).
    expect(lines(join(cwd, 'one'))).toHaveLength(32);
    for (const f of ['benchmark.json', 'report.md', 'performance-profile.svg', 'performance-profile.png', 'noisy-quadratic-curves.svg', 'rosenbrock-lr-sensitivity.png']) {
      expect(readFileSync(join(cwd, 'one', f)).length).toBeGreaterThan(100);
    }
    expect(one.stdout).toContain('noisy-quadratic: f − f*');
    expect(readFileSync(join(cwd, 'one', 'report.md'), 'utf8')).toContain('| sgd |');
  });

  it('--resume runs nothing already in trials.jsonl; without it, a used folder is refused', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-bench-'));
    expect((await run(cwd, 'benchmark', ...TINY, '--workers', '1', '--out', 'b')).code).toBe(0);
    const before = lines(join(cwd, 'b'));
    const again = await run(cwd, 'benchmark', ...TINY, '--workers', '1', '--out', 'b');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('pass --resume');
    const resumed = await run(cwd, 'benchmark', ...TINY, '--workers', '1', '--out', 'b', '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('32 runs (32 reused)');
    expect(lines(join(cwd, 'b'))).toEqual(before);
    // A last line cut short by a stop is dropped, and only that run is done again.
    writeFileSync(join(cwd, 'b', 'trials.jsonl'), `${before.slice(0, -1).join('\n')}\n${(before.at(-1) ?? '').slice(0, 30)}`);
    const repaired = await run(cwd, 'benchmark', ...TINY, '--workers', '1', '--out', 'b', '--resume');
    expect(repaired.code).toBe(0);
    expect(repaired.stderr).toContain('was cut short');
    expect(repaired.stdout).toContain('32 runs (31 reused)');
  });

  it('--json prints benchmark.json: workloads with optimizers, the profile and the scores', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-bench-'));
    const r = await run(cwd, 'benchmark', '--workloads', 'noisy-quadratic', '--optimizers', `sgd,${pluginFile}`, '--trials', '2', '--seeds', '2', '--steps', '20', '--workers', '1', '--pruner', 'asha', '--out', 'j', '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      workloads: { name: string; metric: string; target: number; optimizers: { name: string; trials: unknown[]; best: Record<string, unknown>; stepsToTarget: { median: unknown; runs: unknown[] }; secondsToTarget: { median: unknown; runs: unknown[] }; final: { mean: unknown; se: unknown }; default: { final: { mean: unknown; se: unknown } } }[] }[];
      profile: { optimizer: string; tau: number[]; rho: number[] }[];
      score: Record<string, number>;
    };
    const w = summary.workloads[0];
    expect(w?.name).toBe('noisy-quadratic');
    expect(w?.target).toBe(WORKLOADS[0]?.target);
    // A third-party optimizer (a file exporting a descriptor) takes part like a built-in one.
    expect(w?.optimizers.map((o) => o.name)).toEqual(['sgd', pluginFile]);
    for (const o of w?.optimizers ?? []) {
      expect(Object.keys(o)).toEqual(expect.arrayContaining(['name', 'trials', 'best', 'stepsToTarget', 'secondsToTarget', 'final', 'default']));
      expect(o.stepsToTarget.runs).toHaveLength(2);
      expect(typeof o.best.lr).toBe('number');
    }
    expect(summary.profile.map((p) => p.optimizer)).toEqual(['sgd', pluginFile]);
    expect(summary.profile[0]?.tau[0]).toBe(1);
    expect(summary.profile[0]?.tau.at(-1)).toBe(4);
    expect(Object.keys(summary.score)).toEqual(['sgd', pluginFile]);
  });

  it('names an unknown workload or optimizer, a bad pruner and a missing --out, with exit 2 and nothing run', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-bench-'));
    const workload = await run(cwd, 'benchmark', '--workloads', 'noisy-quadratic,mnist-gan', '--out', 'x');
    expect(workload.code).toBe(2);
    expect(workload.stderr).toContain("--workloads: unknown workload 'mnist-gan'; known workloads: noisy-quadratic, rosenbrock, logreg-fmnist14, mlp-fmnist14, cnn-fmnist");
    const optimizer = await run(cwd, 'benchmark', '--workloads', 'rosenbrock', '--optimizers', 'sgd,adamm', '--out', 'x');
    expect(optimizer.code).toBe(2);
    expect(optimizer.stderr).toContain("unknown optimizer 'adamm'");
    const pruner = await run(cwd, 'benchmark', '--workloads', 'rosenbrock', '--pruner', 'hyperband', '--out', 'x');
    expect(pruner.code).toBe(2);
    expect(pruner.stderr).toContain("--pruner expects asha or none, got 'hyperband'");
    const out = await run(cwd, 'benchmark', '--workloads', 'rosenbrock');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('benchmark needs --out DIR');
    const closure = await run(cwd, 'benchmark', '--optimizers', 'lbfgs', '--out', 'x');
    expect(closure.code).toBe(2);
    expect(closure.stderr).toContain('--optimizers lbfgs');
    const mode = await run(cwd, 'benchmark', 'calibrat', '--out', 'x');
    expect(mode.code).toBe(2);
    for (const r of [workload, optimizer, pruner, out, closure, mode]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--workers with --redis is refused with exit 2 (the trials run on `descent worker` processes), as study refuses it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-bench-'));
    // Port 1: nothing listens there, so only a check made before reaching Redis gives exit 2.
    for (const mode of [[], ['calibrate']]) {
      const both = await run(cwd, 'benchmark', ...mode, '--workloads', 'rosenbrock', '--workers', '2', '--redis', 'redis://127.0.0.1:1', '--out', 'x');
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('--workers counts worker threads on this machine; with --redis the runs go to `descent worker` processes');
      expect(both.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--threads 2 trains every run on 2 threads (each trial says what its pool ran on) to the same curve as 1 thread; a bad count, or --threads with --redis, is refused with exit 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-bench-threads-'));
    const args = ['benchmark', '--workloads', 'mlp-fmnist14', '--optimizers', 'sgd', '--trials', '1', '--seeds', '1', '--steps', '60', '--workers', '1'];
    expect((await run(cwd, ...args, '--threads', '1', '--out', 'one')).code).toBe(0);
    expect((await run(cwd, ...args, '--threads', '2', '--out', 'two')).code).toBe(0);
    const curves = (dir: string) => lines(join(cwd, dir)).map((l) => (JSON.parse(l) as { result: { curve: { value: number }[] } }).result.curve.map((p) => p.value));
    expect(curves('two')).toEqual(curves('one'));
    const threads = (dir: string) => lines(join(cwd, dir)).map((l) => (JSON.parse(l) as { result: { threads?: number } }).result.threads);
    expect(threads('one').length).toBeGreaterThan(0);
    expect(threads('one').every((t) => t === 1)).toBe(true);
    expect(threads('two')).toEqual(threads('one').map(() => 2));
    const zero = await run(cwd, 'benchmark', '--workloads', 'rosenbrock', '--threads', '0', '--out', 'x');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("--threads expects a whole number from 1 to 256, got '0'");
    const queued = await run(cwd, 'benchmark', '--workloads', 'rosenbrock', '--threads', '2', '--redis', 'redis://127.0.0.1:1', '--out', 'x');
    expect(queued.code).toBe(2);
    expect(queued.stderr).toContain('--threads is not supported with --redis');
  }, 120_000);

  it('calibrate writes targets.json: per workload the best baseline at a third of the budget', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-bench-'));
    const r = await run(cwd, 'benchmark', 'calibrate', '--workloads', 'noisy-quadratic', '--optimizers', 'momentum,adam', '--trials', '3', '--seeds', '2', '--steps', '60', '--workers', '1', '--out', 'cal');
    expect(r.code).toBe(0);
    const targets = JSON.parse(readFileSync(join(cwd, 'cal', 'targets.json'), 'utf8')) as Record<string, { target: number; source: string }>;
    const summary = JSON.parse(readFileSync(join(cwd, 'cal', 'benchmark.json'), 'utf8')) as { workloads: { optimizers: { curve: { steps: number[]; mean: number[] } }[] }[] };
    // 60 steps measured every 10: a third of the budget is step 20, the third point of each mean curve.
    const atTwenty = (summary.workloads[0]?.optimizers ?? []).map((o) => o.curve.mean[o.curve.steps.indexOf(20)] as number);
    expect(targets['noisy-quadratic']?.target).toBe(Number(Math.min(...atTwenty).toPrecision(4)));
    expect(targets['noisy-quadratic']?.source).toContain('at step 20 of 60');
    expect(r.stdout).toContain('noisy-quadratic: target');
  });

  it('reproduce fig-11-11 --tuned benchmarks the chapter\'s four optimizers on the small CNN; --tuned elsewhere is refused', async () => {
    expect(tunedFigureSettings({ seed: 1, quick: false })).toEqual({ workloads: ['cnn-fmnist'], optimizers: ['sgd', 'rmsprop', 'adagrad', 'adam'], trials: 16, seeds: 5, pruner: 'asha', seed: 1 });
    expect(tunedFigureSettings({ seed: 1, quick: true, runs: 3 })).toMatchObject({ trials: 4, seeds: 3, steps: 32 });
    const cwd = mkdtempSync(join(tmpdir(), 'descent-bench-'));
    const r = await run(cwd, 'reproduce', 'table-11-2', '--tuned', '--out', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--tuned is for fig-11-11 (the optimizers tuned with equal budgets), not 'table-11-2'");
  });

  it('a relative --data-dir is the user\'s folder\'s; a folder without Fashion-MNIST fails with exit 1, naming it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'descent-bench-'));
    const r = await run(cwd, 'benchmark', '--workloads', 'logreg-fmnist14', '--optimizers', 'sgd', '--trials', '1', '--seeds', '1', '--steps', '1', '--workers', '1', '--data-dir', 'no-data', '--out', 'd');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`not found in ${join(cwd, 'no-data')}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
