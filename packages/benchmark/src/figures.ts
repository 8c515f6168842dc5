import { lineChart } from '@descent/plot';
import type { BenchmarkSummary, WorkloadSummary } from './summary.js';

/** An SVG figure and the file name it is saved under (without extension). */
export interface BenchmarkFigure {
  readonly name: string;
  readonly svg: string;
}

/** ρ_o(τ) for every optimizer: the fraction of workloads each reached within τ times the fastest's steps. */
export function profileFigure(summary: BenchmarkSummary): string {
  const tau = summary.profile[0]?.tau ?? [];
  // ρ is a step function: each value is held until the next τ, then the line jumps (x repeats at every jump).
  const x = tau.flatMap((t, i) => (i === 0 ? [t] : [t, t]));
  const held = (rho: readonly number[]) => rho.flatMap((r, i) => (i === 0 ? [r] : [rho[i - 1] as number, r]));
  return lineChart({
    series: summary.profile.map((p) => ({ label: `${p.optimizer} (score ${(summary.score[p.optimizer] ?? 0).toFixed(3)})`, values: held(p.rho) })),
    x,
    title: 'Performance profile: steps to target within τ × the fastest',
    xLabel: 'τ',
    yLabel: 'fraction of workloads',
  });
}

/**
 * The metric against log₁₀ lr over every trial, per optimizer, read at the step every trial reached; trials are
 * sorted by lr, and trials that diverged before it are left out (they are counted in benchmark.json).
 */
export function sensitivityFigure(w: WorkloadSummary): string {
  const lrs = [...new Set(w.optimizers.flatMap((o) => o.trials.map((t) => t.options.lr)).filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);
  // One shared x grid (every trial's lr); an optimizer's series is NaN where it has no trial, which lineChart skips.
  const series = w.optimizers.map((o) => ({
    label: o.name,
    values: lrs.map((lr) => {
      const t = o.trials.find((trial) => trial.options.lr === lr);
      return t?.atCommonStep ?? Number.NaN;
    }),
  }));
  return lineChart({
    series,
    x: lrs.map((v) => Math.log10(v)),
    logY: w.lowerIsBetter && w.optimizers.every((o) => o.trials.every((t) => t.atCommonStep === null || t.atCommonStep > 0)),
    title: `${w.name}: ${w.metric} at step ${String(w.commonStep)} against the learning rate (every trial)`,
    xLabel: 'log₁₀ lr',
    yLabel: w.metric,
  });
}

/** The tuned runs' mean metric against steps, per optimizer, with the target as a flat line. */
export function curvesFigure(w: WorkloadSummary): string {
  const withCurve = w.optimizers.filter((o) => o.curve.steps.length > 0);
  const steps = withCurve[0]?.curve.steps ?? [];
  const positive = withCurve.every((o) => o.curve.mean.every((v) => v > 0)) && w.target > 0;
  return lineChart({
    series: [
      ...withCurve.map((o) => ({ label: `${o.name} (tuned)`, values: o.curve.mean })),
      { label: 'target', values: steps.map(() => w.target), color: '#888888' },
    ],
    x: steps,
    logY: positive,
    title: `${w.name}: ${w.metric} of the tuned runs (mean over seeds)`,
    xLabel: 'step',
    yLabel: w.metric,
  });
}

/** Every figure of a benchmark: the profile, then per workload the lr sensitivity and the learning curves. */
export function benchmarkFigures(summary: BenchmarkSummary): BenchmarkFigure[] {
  return [
    { name: 'performance-profile', svg: profileFigure(summary) },
    ...summary.workloads.flatMap((w) => [
      { name: `${w.name}-lr-sensitivity`, svg: sensitivityFigure(w) },
      { name: `${w.name}-curves`, svg: curvesFigure(w) },
    ]),
  ];
}
