import { trialOptions, type TrialOptions } from '@descent/benchmark/browser';
import type { OptimizerPluginV1 } from '@descent/optim';
import { runTrajectory, type Point, type Surface, type Trajectory } from '@descent/surfaces';

// The equal-budget race: before racing, every optimizer gets the same number of trials on the chosen surface, drawn
// by the benchmark's tuner (`trialOptions`: Halton points over the descriptor's search space, the learning rate
// log-uniform over four decades around its default), and races with its best trial. The surfaces are deterministic,
// so the best trial's run is the tuned race itself: there are no seeds to confirm it with.

/** One trial of the tuning: the options it ran with and where it ended (Infinity when the run diverged). */
interface SurfaceTrial {
  readonly options: TrialOptions;
  readonly final: number;
}

/** An optimizer's tuning on a surface: every trial, the best one's index, and the best one's run. */
interface TunedRun {
  readonly trials: readonly SurfaceTrial[];
  readonly best: number;
  readonly trajectory: Trajectory;
}

/** What a tuning needs: the surface, the start, the step budget of every run, and the tuner's trial count and seed. */
interface TuningRequest {
  readonly surface: Surface;
  readonly plugin: OptimizerPluginV1;
  readonly start: Point;
  readonly steps: number;
  readonly trials: number;
  readonly seed: number;
}

/** f at the end of a run, as a cost: a run that diverged (stopped before its budget) costs Infinity. */
export function finalValue(t: Trajectory): number {
  return t.diverged === undefined ? (t.values[t.values.length - 1] ?? Infinity) : Infinity;
}

/**
 * Tunes one optimizer on a surface: runs each of the tuner's `trials` settings for the whole budget and keeps the
 * one that ends lowest (the benchmark's `selectBy: 'final'`; the earlier trial on a tie). When every trial diverges
 * the first is kept, and its run shows where it diverged.
 */
export function tuneOnSurface({ surface, plugin, start, steps, trials, seed }: TuningRequest): TunedRun {
  const runs = trialOptions(plugin, trials, seed).map((options) => ({ options, trajectory: runTrajectory({ surface, optimizer: plugin, options, start, steps }) }));
  const scored = runs.map((r) => ({ options: r.options, final: finalValue(r.trajectory) }));
  let best = 0;
  scored.forEach((t, i) => {
    if (t.final < (scored[best] as SurfaceTrial).final) best = i;
  });
  return { trials: scored, best, trajectory: (runs[best] as { trajectory: Trajectory }).trajectory };
}

/** The run at the descriptor's defaults: the untuned racer. */
export function defaultRun(request: Omit<TuningRequest, 'trials' | 'seed'>): Trajectory {
  const options = Object.fromEntries(request.plugin.options.map((o) => [o.name, o.default]));
  return runTrajectory({ surface: request.surface, optimizer: request.plugin, options, start: request.start, steps: request.steps });
}

/** A learning rate as the race shows it: three significant digits. */
export const shownLr = (lr: unknown): string => (typeof lr === 'number' ? String(Number(lr.toPrecision(3))) : '—');
