import type { OptimizerPluginV1 } from '@descent/optim';
import { promote, rungSteps } from './pruner.js';
import type { BenchmarkRunResult, BenchmarkRunSpec } from './run.js';
import { trialOptions, type TrialOptions } from './search-space.js';
import { getWorkload, reaches, type Workload } from './workloads.js';

/** How a benchmark is run; everything that decides its results (timings aside). */
export interface BenchmarkSettings {
  readonly workloads: readonly string[];
  /** Optimizer specs as given (`sgd`, `my-package`, `./opt.js`); their names in the results. */
  readonly optimizers: readonly string[];
  /** Trials per optimizer and workload (AlgoPerf's equal budget). */
  readonly trials: number;
  /** Runs of the best trial, and of the default settings, with fresh seeds. */
  readonly seeds: number;
  readonly pruner: 'asha' | 'none';
  readonly seed: number;
  /** Overrides every workload's step budget (a quick look, a test); the targets stay. */
  readonly steps?: number;
  /** Overrides stored targets, by workload name. */
  readonly targets?: Readonly<Record<string, number>>;
  /**
   * How the best trial is chosen: fewest steps to target, then the final metric (the default, AlgoPerf's time to
   * result), or by the final metric alone (calibration, which sets the targets).
   */
  readonly selectBy?: 'steps-to-target' | 'final';
}

/** An optimizer taking part: its spec as given and its descriptor (for the search space and defaults). */
export interface BenchmarkOptimizer {
  readonly spec: string;
  readonly plugin: Pick<OptimizerPluginV1, 'id' | 'options'>;
  /**
   * The untuned settings run beside the tuned ones (with the same seeds): these options over the descriptor's
   * defaults, e.g. the book's hand-picked learning rates; the descriptor's defaults alone when absent.
   */
  readonly untuned?: TrialOptions;
}

/** Runs a batch of specs (on workers, from a resume file, in a queue) and gives their results in the same order. */
export type RunBatch = (specs: readonly BenchmarkRunSpec[]) => Promise<BenchmarkRunResult[]>;

/** A trial: its options and the longest run it had (pruned trials stop at their rung). */
export interface TrialRecord {
  readonly index: number;
  readonly options: TrialOptions;
  readonly seed: number;
  readonly result: BenchmarkRunResult;
  readonly steps: number;
  readonly pruned: boolean;
}

/** Everything measured for one optimizer on one workload. */
export interface OptimizerRuns {
  readonly optimizer: string;
  readonly trials: readonly TrialRecord[];
  /** The best full-budget trial's index. */
  readonly bestTrial: number;
  /** The best trial's options re-run with fresh seeds. */
  readonly tuned: readonly { readonly seed: number; readonly result: BenchmarkRunResult }[];
  /** The descriptor's defaults run with the same seeds. */
  readonly defaults: readonly { readonly seed: number; readonly result: BenchmarkRunResult }[];
  readonly defaultOptions: TrialOptions;
}

/** Every run made on one workload, for every optimizer, with the budget and target they were measured against. */
export interface WorkloadRuns {
  readonly workload: Workload;
  /** The steps every run of this workload takes (the budget, or --steps). */
  readonly budget: number;
  /** The step every trial reached (the first rung, or the budget): where the lr sensitivity is read. */
  readonly commonStep: number;
  /** The metric value that counts as reached (steps to target, performance profiles). */
  readonly target: number;
  readonly optimizers: readonly OptimizerRuns[];
}

/** Seeds of the confirmation runs: far from the trials' seed + i so that no trial's seed is reused. */
export const confirmationSeed = (seed: number, k: number): number => seed + 100_000 + k;

/** The metric as a cost (lower is better); a diverged run costs Infinity. */
export function finalCost(workload: Pick<Workload, 'lowerIsBetter'>, result: BenchmarkRunResult): number {
  const last = result.curve[result.curve.length - 1];
  if (result.diverged !== null || last === undefined) return Infinity;
  return workload.lowerIsBetter ? last.value : -last.value;
}

/** The first evaluation that reaches the target: its step and seconds; null when none does. */
export function firstReach(workload: Pick<Workload, 'lowerIsBetter'>, result: BenchmarkRunResult, target: number): { step: number; seconds: number } | null {
  const hit = result.curve.find((p) => reaches(workload, p.value, target));
  return hit === undefined ? null : { step: hit.step, seconds: hit.seconds };
}

/** The metric at `step` on a run's curve; null when the run stopped (diverged) before it. */
export function valueAt(result: BenchmarkRunResult, step: number): number | null {
  return result.curve.find((p) => p.step === step)?.value ?? null;
}

/**
 * The protocol: every optimizer gets the same `trials` quasi-random trials per workload (pruned by successive
 * halving or not), the best full-budget trial (fewest steps to target, then best final metric, then lowest index)
 * is re-run with `seeds` fresh seeds, and the default settings with the same seeds. Runs go to `runBatch` phase by
 * phase, all workloads and optimizers together, so workers stay busy; every decision depends on results alone.
 */
export async function runBenchmark(settings: BenchmarkSettings, optimizers: readonly BenchmarkOptimizer[], runBatch: RunBatch): Promise<WorkloadRuns[]> {
  interface Cell {
    readonly workload: Workload;
    readonly budget: number;
    readonly target: number;
    readonly optimizer: BenchmarkOptimizer;
    readonly options: TrialOptions[];
    readonly trials: Map<number, { result: BenchmarkRunResult; steps: number }>;
    alive: number[];
  }
  const cells: Cell[] = [];
  for (const name of settings.workloads) {
    const workload = getWorkload(name);
    const budget = settings.steps ?? workload.steps;
    const target = settings.targets?.[name] ?? workload.target;
    for (const optimizer of optimizers) {
      const options = trialOptions(optimizer.plugin, settings.trials, settings.seed);
      cells.push({ workload, budget, target, optimizer, options, trials: new Map(), alive: options.map((_, i) => i) });
    }
  }
  const specOf = (c: Cell, options: TrialOptions, seed: number, steps: number): BenchmarkRunSpec => ({ workload: c.workload.name, optimizer: c.optimizer.spec, options, seed, steps });
  const defaultsOf = (c: Cell): TrialOptions => ({ ...Object.fromEntries(c.optimizer.plugin.options.map((o) => [o.name, o.default])), ...c.optimizer.untuned });
  const rungsOf = (c: Cell) => (settings.pruner === 'asha' ? rungSteps(settings.trials, c.budget, Math.min(c.workload.evalEvery, c.budget)) : [c.budget]);

  // Phase 1…R: the rungs, every cell's live trials at once; the default settings ride along with the first.
  const defaults = new Map<Cell, { seed: number; result: BenchmarkRunResult }[]>();
  const rungCount = Math.max(...cells.map((c) => rungsOf(c).length));
  for (let rung = 0; rung < rungCount; rung++) {
    const batch: { cell: Cell; trial: number; steps: number }[] = [];
    for (const c of cells) {
      const steps = rungsOf(c)[rung];
      if (steps === undefined) continue;
      for (const i of c.alive) batch.push({ cell: c, trial: i, steps });
    }
    const defaultBatch = rung === 0 ? cells.flatMap((c) => Array.from({ length: settings.seeds }, (_, k) => ({ cell: c, seed: confirmationSeed(settings.seed, k) }))) : [];
    const results = await runBatch([
      ...batch.map((b) => specOf(b.cell, b.cell.options[b.trial] as TrialOptions, settings.seed + b.trial, b.steps)),
      ...defaultBatch.map((d) => specOf(d.cell, defaultsOf(d.cell), d.seed, d.cell.budget)),
    ]);
    batch.forEach((b, k) => b.cell.trials.set(b.trial, { result: results[k] as BenchmarkRunResult, steps: b.steps }));
    defaultBatch.forEach((d, k) => {
      const list = defaults.get(d.cell) ?? [];
      list.push({ seed: d.seed, result: results[batch.length + k] as BenchmarkRunResult });
      defaults.set(d.cell, list);
    });
    for (const c of cells) {
      if (rung + 1 >= rungsOf(c).length) continue;
      const scores = new Map(c.alive.map((i) => [i, finalCost(c.workload, (c.trials.get(i) as { result: BenchmarkRunResult }).result)]));
      c.alive = promote(scores);
    }
  }

  // The best of the trials that ran the whole budget.
  const bestOf = (c: Cell): number => {
    const key = (i: number) => {
      const result = (c.trials.get(i) as { result: BenchmarkRunResult }).result;
      const steps = settings.selectBy === 'final' ? 0 : (firstReach(c.workload, result, c.target)?.step ?? Infinity);
      return [steps, finalCost(c.workload, result), i] as const;
    };
    return [...c.alive].sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      return ka[0] - kb[0] || (ka[1] === kb[1] ? 0 : ka[1] < kb[1] ? -1 : 1) || ka[2] - kb[2];
    })[0] as number;
  };
  const best = new Map(cells.map((c) => [c, bestOf(c)]));
  const confirm = cells.flatMap((c) => Array.from({ length: settings.seeds }, (_, k) => ({ cell: c, seed: confirmationSeed(settings.seed, k) })));
  const confirmed = await runBatch(confirm.map((r) => specOf(r.cell, r.cell.options[best.get(r.cell) as number] as TrialOptions, r.seed, r.cell.budget)));

  return settings.workloads.map((name) => {
    const mine = cells.filter((c) => c.workload.name === name);
    const first = mine[0] as Cell;
    return {
      workload: first.workload,
      budget: first.budget,
      commonStep: rungsOf(first)[0] as number,
      target: first.target,
      optimizers: mine.map((c) => ({
        optimizer: c.optimizer.spec,
        trials: c.options.map((options, i) => {
          const t = c.trials.get(i) as { result: BenchmarkRunResult; steps: number };
          return { index: i, options, seed: settings.seed + i, result: t.result, steps: t.steps, pruned: t.steps < c.budget };
        }),
        bestTrial: best.get(c) as number,
        tuned: confirm.flatMap((r, k) => (r.cell === c ? [{ seed: r.seed, result: confirmed[k] as BenchmarkRunResult }] : [])),
        defaults: defaults.get(c) ?? [],
        defaultOptions: defaultsOf(c),
      })),
    };
  });
}
