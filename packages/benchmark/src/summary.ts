import { mannWhitneyU, mean, standardError } from '@descent/stats';
import { holmAdjust } from './holm.js';
import { performanceProfile, profileScores, type ProfileCurve } from './profile.js';
import { finalCost, firstReach, valueAt, type BenchmarkSettings, type OptimizerRuns, type WorkloadRuns } from './protocol.js';
import type { BenchmarkRunResult } from './run.js';
import type { TrialOptions } from './search-space.js';

/** A median over runs, with the runs themselves; null for a run (or a median) that never reached the target. */
export interface MedianOf {
  readonly median: number | null;
  readonly runs: (number | null)[];
}

/** The mean final metric over runs, with its standard error; diverged runs are counted but left out. */
export interface MeanSe {
  /** Null when every run diverged. */
  readonly mean: number | null;
  /** The standard error of the mean (sample SD / √n); null with fewer than two finished runs. */
  readonly se: number | null;
  /** Runs that diverged, left out of the mean. */
  readonly diverged: number;
}

/** One tuning trial of an optimizer on a workload: its sampled options and how its run went. */
export interface TrialSummary {
  readonly index: number;
  readonly options: TrialOptions;
  /** Steps the trial ran: the budget, or the rung where successive halving stopped it. */
  readonly steps: number;
  readonly pruned: boolean;
  /** The metric where the trial's run ended; null when it diverged. */
  readonly final: number | null;
  /** The metric at the step every trial reached (the lr-sensitivity figure). */
  readonly atCommonStep: number | null;
  /** The first evaluation step at which the metric reached the target; null when it never did. */
  readonly stepsToTarget: number | null;
}

/**
 * One optimizer on one workload: its trials, the best one's options, and the tuned runs (fresh seeds) and the
 * default-options runs measured by steps and seconds to target and by final metric.
 */
export interface OptimizerSummary {
  readonly name: string;
  readonly trials: TrialSummary[];
  /** Index into `trials` of the best full-budget trial. */
  readonly bestTrial: number;
  /** That trial's options, which the tuned runs use. */
  readonly best: TrialOptions;
  readonly stepsToTarget: MedianOf;
  readonly secondsToTarget: MedianOf;
  readonly final: MeanSe;
  /** The mean metric over the tuned runs at every evaluation step (finished runs only): the learning curve. */
  readonly curve: { readonly steps: number[]; readonly mean: number[] };
  readonly default: { readonly options: TrialOptions; readonly final: MeanSe; readonly stepsToTarget: MedianOf };
}

/** Two optimizers' final metrics on one workload compared by a Mann–Whitney U test. */
export interface PairComparison {
  readonly a: string;
  readonly b: string;
  /** Mann–Whitney U of a's final metrics against b's, two-sided. */
  readonly u: number;
  /** The test's two-sided p-value, before correction. */
  readonly p: number;
  /** p after Holm's correction over this workload's pairs. */
  readonly pHolm: number;
}

/** Everything a benchmark reports about one workload: its settings, each optimizer's summary and the pairwise tests. */
export interface WorkloadSummary {
  readonly name: string;
  readonly metric: string;
  readonly lowerIsBetter: boolean;
  readonly deterministic: boolean;
  readonly target: number;
  readonly steps: number;
  readonly evalEvery: number;
  readonly commonStep: number;
  readonly optimizers: OptimizerSummary[];
  readonly comparisons: PairComparison[];
}

/** benchmark.json. */
export interface BenchmarkSummary {
  readonly settings: BenchmarkSettings;
  readonly workloads: WorkloadSummary[];
  readonly profile: ProfileCurve[];
  readonly score: Record<string, number>;
}

/** The median of values where null means "never": sorted last, and a median that lands on one is null. */
export function medianOrNull(values: readonly (number | null)[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.map((v) => v ?? Infinity).sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const m = sorted.length % 2 === 1 ? (sorted[Math.floor(mid)] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Number.isFinite(m) ? m : null;
}

function meanSe(results: readonly BenchmarkRunResult[]): MeanSe {
  const finals = results.filter((r) => r.diverged === null).map((r) => (r.curve[r.curve.length - 1] as { value: number }).value);
  // Equal values (a deterministic workload) have mean that value and SE 0 exactly, not 1e-19 of rounding.
  const same = finals.every((v) => v === finals[0]);
  return {
    mean: finals.length === 0 ? null : same ? (finals[0] as number) : mean(finals),
    se: finals.length < 2 ? null : same ? 0 : standardError(finals),
    diverged: results.length - finals.length,
  };
}

const finals = (results: readonly BenchmarkRunResult[]): number[] => results.filter((r) => r.diverged === null).map((r) => (r.curve[r.curve.length - 1] as { value: number }).value);

function meanCurve(results: readonly BenchmarkRunResult[]): { steps: number[]; mean: number[] } {
  const finished = results.filter((r) => r.diverged === null);
  const first = finished[0];
  if (first === undefined) return { steps: [], mean: [] };
  return {
    steps: first.curve.map((p) => p.step),
    mean: first.curve.map((_, i) => finished.reduce((s, r) => s + (r.curve[i] as { value: number }).value, 0) / finished.length),
  };
}

function summarizeOptimizer(w: WorkloadRuns, o: OptimizerRuns): OptimizerSummary {
  const reach = (r: BenchmarkRunResult) => firstReach(w.workload, r, w.target);
  const tuned = o.tuned.map((t) => t.result);
  const defaults = o.defaults.map((t) => t.result);
  const steps = tuned.map((r) => reach(r)?.step ?? null);
  const seconds = tuned.map((r) => reach(r)?.seconds ?? null);
  const defaultSteps = defaults.map((r) => reach(r)?.step ?? null);
  return {
    name: o.optimizer,
    trials: o.trials.map((t) => {
      const cost = finalCost(w.workload, t.result);
      const last = t.result.curve[t.result.curve.length - 1];
      return {
        index: t.index,
        options: t.options,
        steps: t.steps,
        pruned: t.pruned,
        final: Number.isFinite(cost) && last !== undefined ? last.value : null,
        atCommonStep: valueAt(t.result, w.commonStep),
        stepsToTarget: reach(t.result)?.step ?? null,
      };
    }),
    bestTrial: o.bestTrial,
    best: (o.trials[o.bestTrial] as { options: TrialOptions }).options,
    stepsToTarget: { median: medianOrNull(steps), runs: steps },
    secondsToTarget: { median: medianOrNull(seconds), runs: seconds },
    final: meanSe(tuned),
    curve: meanCurve(tuned),
    default: { options: o.defaultOptions, final: meanSe(defaults), stepsToTarget: { median: medianOrNull(defaultSteps), runs: defaultSteps } },
  };
}

/**
 * Pairwise two-sided Mann–Whitney tests of the tuned final metrics (pairs with two finished runs each), Holm-corrected;
 * none on a deterministic workload.
 */
export function compareOptimizers(w: WorkloadRuns): PairComparison[] {
  // Seeds of a deterministic workload repeat one run: there is no sample to test.
  if (w.workload.deterministic === true) return [];
  const raw: { a: string; b: string; u: number; p: number }[] = [];
  const opts = w.optimizers;
  for (let i = 0; i < opts.length; i++) {
    for (let j = i + 1; j < opts.length; j++) {
      const [a, b] = [opts[i] as OptimizerRuns, opts[j] as OptimizerRuns];
      const [fa, fb] = [finals(a.tuned.map((t) => t.result)), finals(b.tuned.map((t) => t.result))];
      if (fa.length < 2 || fb.length < 2) continue;
      const test = mannWhitneyU(fa, fb);
      // Identical samples (a deterministic workload) have no spread to test: no evidence of a difference.
      raw.push({ a: a.optimizer, b: b.optimizer, u: test.U, p: Number.isFinite(test.p) ? test.p : 1 });
    }
  }
  const adjusted = holmAdjust(raw.map((r) => r.p));
  return raw.map((r, k) => ({ ...r, pHolm: adjusted[k] as number }));
}

/** benchmark.json from the runs: per workload and optimizer the tuned and default results, then profiles and scores. */
export function summarizeBenchmark(settings: BenchmarkSettings, runs: readonly WorkloadRuns[]): BenchmarkSummary {
  const workloads = runs.map((w) => ({
    name: w.workload.name,
    metric: w.workload.metric,
    lowerIsBetter: w.workload.lowerIsBetter,
    deterministic: w.workload.deterministic === true,
    target: w.target,
    steps: w.budget,
    evalEvery: w.workload.evalEvery,
    commonStep: w.commonStep,
    optimizers: w.optimizers.map((o) => summarizeOptimizer(w, o)),
    comparisons: compareOptimizers(w),
  }));
  const names = [...settings.optimizers];
  const steps = workloads.map((w) => w.optimizers.map((o) => o.stepsToTarget.median));
  return { settings, workloads, profile: performanceProfile(names, steps), score: profileScores(names, steps) };
}
