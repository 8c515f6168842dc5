import type { OptimizerOptionSpecV1 } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import { confirmationSeed, runBenchmark, type BenchmarkSettings } from './protocol.js';
import { promote, rungSteps } from './pruner.js';
import type { BenchmarkRunResult, BenchmarkRunSpec } from './run.js';

describe('successive halving (η = 3)', () => {
  it('rungs run budget / 9, / 3 and the whole budget for 9 to 26 trials, in whole evaluation intervals', () => {
    expect(rungSteps(9, 180, 20)).toEqual([20, 60, 180]);
    expect(rungSteps(16, 1000, 10)).toEqual([120, 340, 1000]);
    expect(rungSteps(27, 810, 10)).toEqual([30, 90, 270, 810]);
    expect(rungSteps(2, 100, 10)).toEqual([100]);
    // Never less than one evaluation interval.
    expect(rungSteps(81, 100, 20)).toEqual([20, 20, 20, 40, 100]);
  });

  it('promote keeps the best third (at least one), ties to the lower index, diverged last', () => {
    const scores = new Map([
      [0, 5],
      [1, 3],
      [2, Infinity],
      [3, 1],
      [4, 3],
      [5, 2],
    ]);
    expect(promote(scores)).toEqual([3, 5]);
    expect(promote(new Map([[7, Infinity]]))).toEqual([7]);
    expect(promote(new Map([[0, 2], [1, 1], [2, 1]]))).toEqual([1]);
  });

  it('the protocol runs 9 trials for 20 steps, the best 3 for 60, the best of those for 180, then re-runs it', async () => {
    // A hand-made world: trial i (seed 10 + i) has cost rung0[i] after 20 steps and rung1[i] after 60.
    const rung0 = [5, 3, 8, 1, 9, 2, 7, 4, 6]; // best three: trials 3, 5, 1
    const rung1: Record<number, number> = { 1: 0.5, 3: 0.9, 5: 0.7 }; // best: trial 1
    const lr: OptimizerOptionSpecV1 = { name: 'lr', type: 'learning-rate', default: 0.01, min: 0, description: 'lr' };
    const settings: BenchmarkSettings = { workloads: ['rosenbrock'], optimizers: ['fake'], trials: 9, seeds: 2, pruner: 'asha', seed: 10, steps: 180 };
    const seen: BenchmarkRunSpec[][] = [];
    const cost = (s: BenchmarkRunSpec) => (s.steps === 20 ? (rung0[s.seed - 10] as number) : s.steps === 60 ? (rung1[s.seed - 10] as number) : 0.25);
    const runs = await runBenchmark(settings, [{ spec: 'fake', plugin: { id: 'fake', options: [lr] } }], (specs) => {
      seen.push([...specs]);
      return Promise.resolve(specs.map((s): BenchmarkRunResult => ({ curve: [{ step: 0, value: 100, seconds: 0 }, { step: s.steps, value: cost(s), seconds: 0 }], diverged: null, seconds: 0 })));
    });
    // Phase 1: nine trials at 20 steps, and the defaults with both confirmation seeds at the full budget.
    expect(seen[0]?.map((s) => [s.seed, s.steps])).toEqual([...rung0.map((_, i) => [10 + i, 20]), [confirmationSeed(10, 0), 180], [confirmationSeed(10, 1), 180]]);
    expect(seen[1]?.map((s) => [s.seed, s.steps])).toEqual([[11, 60], [13, 60], [15, 60]]);
    expect(seen[2]?.map((s) => [s.seed, s.steps])).toEqual([[11, 180]]);
    // Then the best trial's options with the confirmation seeds.
    const o = runs[0]?.optimizers[0];
    expect(o?.bestTrial).toBe(1);
    expect(seen[3]?.map((s) => [s.seed, s.steps, s.options])).toEqual([
      [confirmationSeed(10, 0), 180, o?.trials[1]?.options],
      [confirmationSeed(10, 1), 180, o?.trials[1]?.options],
    ]);
    expect(seen).toHaveLength(4);
    // Pruned trials count against the budget: all nine are reported, with the steps they got.
    expect(o?.trials.map((t) => [t.steps, t.pruned])).toEqual([
      [20, true], [60, true], [20, true], [60, true], [20, true], [60, true], [20, true], [20, true], [20, true],
    ].map(([s, p], i) => (i === 1 ? [180, false] : [s, p])));
    expect(runs[0]?.commonStep).toBe(20);
  });

  it('the untuned runs use the given settings over the defaults (the book\'s hand-picked lr), with the confirmation seeds', async () => {
    const specs = [
      { name: 'lr', type: 'learning-rate', default: 0.01, min: 0, description: 'lr' },
      { name: 'momentum', type: 'number', default: 0.9, description: 'μ' },
    ] satisfies OptimizerOptionSpecV1[];
    const settings: BenchmarkSettings = { workloads: ['rosenbrock'], optimizers: ['fake'], trials: 2, seeds: 2, pruner: 'none', seed: 0, steps: 20 };
    const seen: BenchmarkRunSpec[] = [];
    const runs = await runBenchmark(settings, [{ spec: 'fake', plugin: { id: 'fake', options: specs }, untuned: { lr: 0.2 } }], (batch) => {
      seen.push(...batch);
      return Promise.resolve(batch.map((): BenchmarkRunResult => ({ curve: [{ step: 0, value: 1, seconds: 0 }], diverged: null, seconds: 0 })));
    });
    expect(runs[0]?.optimizers[0]?.defaultOptions).toEqual({ lr: 0.2, momentum: 0.9 });
    const untuned = seen.filter((s) => s.options.lr === 0.2);
    expect(untuned.map((s) => s.seed)).toEqual([confirmationSeed(0, 0), confirmationSeed(0, 1)]);
  });
});
