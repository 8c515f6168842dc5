import type { BenchmarkSummary } from './summary.js';

/** A workload's new target and where it came from. */
export interface CalibratedTarget {
  readonly target: number;
  readonly source: string;
}

/**
 * Targets as AlgoPerf sets them, at our scale: from tuned baselines (the calibration optimizers, trials chosen by
 * final metric) run with the workload's budget. AlgoPerf gives a submission about three times the time the fastest
 * baseline needs to reach the target; with a fixed step budget that makes the target the best baseline's mean
 * (over seeds) metric at a third of the budget — the first evaluation at or after budget / 3. The best baseline then
 * reaches it near B/3 and the others have up to 3× as long, the span of the profile's τ. Workloads on which every
 * baseline diverged get no target.
 */
export function calibratedTargets(summary: BenchmarkSummary): Record<string, CalibratedTarget> {
  const s = summary.settings;
  const out: Record<string, CalibratedTarget> = {};
  for (const w of summary.workloads) {
    const third = w.steps / 3;
    const atThird = w.optimizers.flatMap((o) => {
      const i = o.curve.steps.findIndex((step) => step >= third);
      const value = i < 0 ? undefined : o.curve.mean[i];
      return value === undefined ? [] : [{ name: o.name, value, step: o.curve.steps[i] as number }];
    });
    if (atThird.length === 0) continue;
    const best = atThird.reduce((a, b) => ((w.lowerIsBetter ? b.value < a.value : b.value > a.value) ? b : a));
    out[w.name] = {
      target: Number(best.value.toPrecision(4)),
      source: `descent benchmark calibrate: mean ${w.metric} of tuned ${best.name} at step ${String(best.step)} of ${String(w.steps)} (the best of ${w.optimizers.map((o) => o.name).join(', ')}; ${String(s.trials)} trials, ${String(s.seeds)} seeds, seed ${String(s.seed)})`,
    };
  }
  return out;
}
