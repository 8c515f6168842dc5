import { describe, expect, it } from 'vitest';
import { benchmarkReport, formatMeanSe } from './report.js';
import type { BenchmarkSummary, OptimizerSummary } from './summary.js';

const optimizer = (name: string, over: Partial<OptimizerSummary>): OptimizerSummary => ({
  name,
  trials: [],
  bestTrial: 0,
  best: { lr: 0.01, momentum: 0.9 },
  stepsToTarget: { median: 120, runs: [120, 110, 130] },
  secondsToTarget: { median: 0.00123, runs: [0.00123, 0.001, 0.002] },
  final: { mean: 0.005, se: 0.0004, diverged: 0 },
  curve: { steps: [], mean: [] },
  default: { options: { lr: 0.001, momentum: 0.9 }, final: { mean: 0.5, se: 0.01, diverged: 0 }, stepsToTarget: { median: null, runs: [null, null, null] } },
  ...over,
});

describe('report.md', () => {
  it('formats mean ± SE, naming diverged runs', () => {
    expect(formatMeanSe({ mean: 0.0051234, se: 0.00047, diverged: 0 })).toBe('0.005123 ± 0.00047');
    expect(formatMeanSe({ mean: 1, se: null, diverged: 2 })).toBe('1 (2 diverged)');
    expect(formatMeanSe({ mean: null, se: null, diverged: 3 })).toBe('all diverged');
  });

  it('ranks the scores, and per workload lists tuned options that differ from the defaults, steps and seconds to target', () => {
    const summary: BenchmarkSummary = {
      settings: { workloads: ['w'], optimizers: ['m', 's'], trials: 16, seeds: 3, pruner: 'asha', seed: 1 },
      workloads: [
        {
          name: 'w',
          metric: 'f',
          lowerIsBetter: true,
          deterministic: false,
          target: 0.035,
          steps: 1000,
          evalEvery: 10,
          commonStep: 120,
          optimizers: [optimizer('m', {}), optimizer('s', { stepsToTarget: { median: null, runs: [null, null, 900] }, secondsToTarget: { median: null, runs: [null, null, 1] } })],
          comparisons: [{ a: 'm', b: 's', u: 9, p: 0.01, pHolm: 0.01 }],
        },
      ],
      profile: [],
      score: { s: 0.1, m: 0.9 },
    };
    const md = benchmarkReport(summary);
    expect(md).toContain('pruner: successive halving, η = 3');
    const mRow = md.indexOf('| m | 0.900 |');
    const sRow = md.indexOf('| s | 0.100 |');
    expect(mRow).toBeGreaterThanOrEqual(0);
    expect(sRow).toBeGreaterThanOrEqual(0);
    expect(mRow).toBeLessThan(sRow);
    expect(md).toContain('| m | lr=0.01 | 120 | 0.00123 | 0.005 ± 0.0004 | 0.5 ± 0.01 | never |');
    expect(md).toContain('| s | lr=0.01 | never | never |');
    expect(md).toContain('* m vs s: U = 9, p = 0.01, Holm p = 0.01 (differ at α = 0.05)');
  });
});
