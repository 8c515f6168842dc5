import type { OptimizerPluginV1 } from '@descent/optim';
import { adamPlugin } from '@descent/optimizer-adam';
import { momentumPlugin } from '@descent/optimizer-momentum';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBenchmark, type BenchmarkSettings } from './protocol.js';
import { evaluationSteps, executeBenchmarkRun, type BenchmarkRunSpec } from './run.js';
import { medianOrNull, summarizeBenchmark } from './summary.js';
import { parseTrials, specKey } from './trials-file.js';
import { getWorkload, UnknownWorkloadError, WORKLOADS } from './workloads.js';

const plugins: Record<string, OptimizerPluginV1> = { sgd: sgdPlugin as OptimizerPluginV1, momentum: momentumPlugin as OptimizerPluginV1, adam: adamPlugin as OptimizerPluginV1 };
const env = { resolveOptimizer: (id: string) => plugins[id] as OptimizerPluginV1 };
const spec = (over: Partial<BenchmarkRunSpec>): BenchmarkRunSpec => ({ workload: 'noisy-quadratic', optimizer: 'sgd', options: { lr: 1e-3 }, seed: 1, steps: 100, ...over });
// Debian's Fashion-MNIST, where @descent/datasets finds it by default (DESCENT_SYSTEM_DATA_DIR moves it).
const FASHION_MNIST = join(process.env.DESCENT_SYSTEM_DATA_DIR ?? '/usr/share/datasets', 'fashion-mnist');
const values = (r: { curve: readonly { step: number; value: number }[] }) => r.curve.map((p) => [p.step, p.value]);

describe('executeBenchmarkRun', () => {
  it('measures at step 0, every evalEvery steps and at the end', () => {
    expect(evaluationSteps(35, 10)).toEqual([0, 10, 20, 30, 35]);
    expect(evaluationSteps(20, 10)).toEqual([0, 10, 20]);
  });

  it('the noisy quadratic starts at f = ½ Σ λ with λ log-spaced 1 … 1000, and one spec always gives one curve', async () => {
    const a = await executeBenchmarkRun(spec({}), env);
    let half = 0;
    for (let i = 0; i < 100; i++) half += 10 ** ((3 * i) / 99) / 2;
    expect(a.curve[0]?.value).toBeCloseTo(half, 9);
    expect(a.curve.map((p) => p.step)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(values(await executeBenchmarkRun(spec({}), env))).toEqual(values(a));
    // Another seed draws other noise.
    expect(values(await executeBenchmarkRun(spec({ seed: 2 }), env))).not.toEqual(values(a));
  });

  it('a learning rate past 2 / λ_max diverges, and the run says at which step', async () => {
    const r = await executeBenchmarkRun(spec({ options: { lr: 0.01 }, steps: 2000 }), env);
    expect(r.diverged).not.toBeNull();
    expect(r.curve.length).toBeLessThan(evaluationSteps(2000, 10).length);
  });

  it('rosenbrock is deterministic: the seed changes nothing', async () => {
    const a = await executeBenchmarkRun(spec({ workload: 'rosenbrock', optimizer: 'adam', options: { lr: 0.01 }, seed: 1 }), env);
    const b = await executeBenchmarkRun(spec({ workload: 'rosenbrock', optimizer: 'adam', options: { lr: 0.01 }, seed: 99 }), env);
    expect(a.curve[0]?.value).toBeCloseTo(24.2, 12); // f(−1.2, 1)
    expect(values(b)).toEqual(values(a));
  });

  it('logreg-fmnist14 trains on Debian\'s Fashion-MNIST: test error from chance (≈ 0.9) down, the same for the same spec', async () => {
    const logreg = spec({ workload: 'logreg-fmnist14', optimizer: 'adam', options: { lr: 0.01 }, steps: 300 });
    const a = await executeBenchmarkRun(logreg, env);
    expect(a.curve.map((p) => p.step)).toEqual([0, 200, 300]);
    expect(a.curve[0]?.value).toBeGreaterThan(0.7);
    expect(a.curve.at(-1)?.value).toBeLessThan(0.4);
    expect(values(await executeBenchmarkRun(logreg, env))).toEqual(values(a));
    expect(values(await executeBenchmarkRun({ ...logreg, seed: 2 }, env))).not.toEqual(values(a));
  });

  it('a data dir that failed to load is tried again on the next run (the failure is not kept)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'descent-bench-data-'));
    const first = spec({ workload: 'logreg-fmnist14', optimizer: 'sgd', options: { lr: 0.1 }, steps: 0 });
    await expect(executeBenchmarkRun(first, { ...env, dataDir })).rejects.toThrow();
    for (const name of readdirSync(FASHION_MNIST)) symlinkSync(join(FASHION_MNIST, name), join(dataDir, name));
    const second = await executeBenchmarkRun(first, { ...env, dataDir });
    expect(second.curve.map((p) => p.step)).toEqual([0]);
  });

  it('an unknown workload is named with the known ones', async () => {
    await expect(executeBenchmarkRun(spec({ workload: 'nope' }), env)).rejects.toThrow(UnknownWorkloadError);
    expect(() => getWorkload('nope')).toThrow(`unknown workload 'nope'; known workloads: ${WORKLOADS.map((w) => w.name).join(', ')}`);
  });
});

describe('the protocol on the noisy quadratic', () => {
  it('tuned momentum reaches the target in fewer steps than tuned SGD (condition number 1000: momentum ~ √κ)', async () => {
    const settings: BenchmarkSettings = { workloads: ['noisy-quadratic'], optimizers: ['sgd', 'momentum'], trials: 16, seeds: 3, pruner: 'none', seed: 0 };
    const run = (s: BenchmarkSettings) =>
      runBenchmark(s, s.optimizers.map((o) => ({ spec: o, plugin: plugins[o] as OptimizerPluginV1 })), async (specs) => Promise.all(specs.map((x) => executeBenchmarkRun(x, env))));
    const summary = summarizeBenchmark(settings, await run(settings));
    const [sgd, momentum] = summary.workloads[0]?.optimizers ?? [];
    const stepsOf = (o: typeof sgd) => o?.stepsToTarget.median ?? Infinity;
    expect(momentum?.stepsToTarget.median).not.toBeNull();
    expect(stepsOf(momentum)).toBeLessThan(stepsOf(sgd));
    expect(summary.score.momentum).toBeGreaterThan(summary.score.sgd as number);
    // At a target both reach (f − f* = 1), the gap is measured, not just "never".
    const loose = { ...settings, targets: { 'noisy-quadratic': 1 } };
    const [sgd1, momentum1] = summarizeBenchmark(loose, await run(loose)).workloads[0]?.optimizers ?? [];
    expect(sgd1?.stepsToTarget.median).not.toBeNull();
    expect(stepsOf(momentum1) * 2).toBeLessThan(stepsOf(sgd1));
  });
});

describe('summaries and the trials file', () => {
  it('medianOrNull sorts "never" last and gives null when the median lands on it', () => {
    expect(medianOrNull([30, null, 10])).toBe(30);
    expect(medianOrNull([30, null, null])).toBeNull();
    expect(medianOrNull([10, 20, 40, 50])).toBe(30);
    expect(medianOrNull([])).toBeNull();
  });

  it('parseTrials keeps finished lines, drops a last line cut short, refuses a bad line in the middle', () => {
    const line = JSON.stringify({ spec: spec({}), result: { curve: [], diverged: null, seconds: 0 } });
    expect(parseTrials(`${line}\n${line}\n`).lines).toHaveLength(2);
    expect(parseTrials(`${line}\n${line.slice(0, 20)}`)).toMatchObject({ truncatedLine: 2 });
    expect(() => parseTrials(`${line}\n{"x":1}\n${line}\n`)).toThrow('line 2 is not a benchmark run');
    // Keys ignore the order options were written in.
    expect(specKey(spec({ options: { a: 1, b: 2 } }))).toBe(specKey(spec({ options: { b: 2, a: 1 } })));
  });
});

describe('comparisons', () => {
  it('a deterministic workload gets no Mann–Whitney tests: its seeds repeat one run', async () => {
    const settings: BenchmarkSettings = { workloads: ['rosenbrock', 'noisy-quadratic'], optimizers: ['sgd', 'adam'], trials: 2, seeds: 3, pruner: 'none', seed: 0, steps: 50 };
    const runs = await runBenchmark(settings, settings.optimizers.map((o) => ({ spec: o, plugin: plugins[o] as OptimizerPluginV1 })), async (specs) => Promise.all(specs.map((x) => executeBenchmarkRun(x, env))));
    const [rosenbrock, quadratic] = summarizeBenchmark(settings, runs).workloads;
    expect(rosenbrock?.deterministic).toBe(true);
    expect(rosenbrock?.comparisons).toEqual([]);
    // Its seeds repeat one number: SE exactly 0, the mean that number.
    for (const o of rosenbrock?.optimizers ?? []) {
      expect(o.final.se).toBe(0);
      expect(o.final.mean).toBe(runs[0]?.optimizers.find((r) => r.optimizer === o.name)?.tuned[0]?.result.curve.at(-1)?.value);
    }
    expect(quadratic?.comparisons.map((c) => [c.a, c.b])).toEqual([['sgd', 'adam']]);
    // One pair: Holm leaves its p as it is.
    expect(quadratic?.comparisons[0]?.pHolm).toBe(quadratic?.comparisons[0]?.p);
  });
});

describe('order independence', () => {
  it('with successive halving, runs finishing in any order give the same summary (timings aside)', async () => {
    const settings: BenchmarkSettings = { workloads: ['noisy-quadratic'], optimizers: ['sgd', 'momentum'], trials: 9, seeds: 2, pruner: 'asha', seed: 5, steps: 90 };
    const optimizers = settings.optimizers.map((o) => ({ spec: o, plugin: plugins[o] as OptimizerPluginV1 }));
    const inOrder = await runBenchmark(settings, optimizers, async (specs) => {
      const out = [];
      for (const s of specs) out.push(await executeBenchmarkRun(s, env));
      return out;
    });
    // Backwards, each after a delay that shrinks with its position: the last spec finishes first.
    const shuffled = await runBenchmark(settings, optimizers, (specs) =>
      Promise.all(specs.map((s, i) => new Promise<void>((done) => setTimeout(done, (specs.length - i) % 7)).then(() => executeBenchmarkRun(s, env)))),
    );
    const strip = (runs: typeof inOrder) => {
      const summary = summarizeBenchmark(settings, runs) as unknown as { workloads: { optimizers: { secondsToTarget?: unknown }[] }[] };
      for (const w of summary.workloads) for (const o of w.optimizers) delete o.secondsToTarget;
      return summary;
    };
    expect(strip(shuffled)).toEqual(strip(inOrder));
    expect(inOrder[0]?.optimizers[0]?.trials.filter((t) => !t.pruned)).toHaveLength(1);
  });
});

describe('benchmark.json', () => {
  it('"trials" lists every trial of the budget, pruned ones included, and "best" is the options of trials[bestTrial]', async () => {
    const settings: BenchmarkSettings = { workloads: ['noisy-quadratic'], optimizers: ['momentum'], trials: 9, seeds: 1, pruner: 'asha', seed: 2, steps: 90 };
    const optimizers = settings.optimizers.map((o) => ({ spec: o, plugin: plugins[o] as OptimizerPluginV1 }));
    const runs = await runBenchmark(settings, optimizers, (specs) => Promise.all(specs.map((s) => executeBenchmarkRun(s, env))));
    const o = summarizeBenchmark(settings, runs).workloads[0]?.optimizers[0];
    expect(o?.trials.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // Successive halving over 9 trials: 6 stop at B/9, 2 at B/3, one runs the whole budget.
    expect(o?.trials.map((t) => t.steps).sort((a, b) => a - b)).toEqual([10, 10, 10, 10, 10, 10, 30, 30, 90]);
    expect(o?.trials.filter((t) => t.pruned)).toHaveLength(8);
    expect(o?.trials[o.bestTrial]?.pruned).toBe(false);
    expect(o?.best).toEqual(o?.trials[o.bestTrial]?.options);
  });
});
