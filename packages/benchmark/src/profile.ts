// Performance profiles (Dolan & Moré 2002), as AlgoPerf scores training algorithms: on each workload an optimizer's
// steps to target are divided by the fewest any optimizer needed; ρ_o(τ) is the fraction of workloads on which that
// ratio is at most τ. An optimizer that never reaches a target has ratio ∞ there.

/** One optimizer's performance profile: ρ(τ), the fraction of workloads it solved within τ times the best steps. */
export interface ProfileCurve {
  readonly optimizer: string;
  /** The ratios τ ≥ 1 at which ρ is given (`tauGrid`). */
  readonly tau: number[];
  /** ρ(τ) for each τ, in [0, 1], non-decreasing. */
  readonly rho: number[];
}

/** τ from 1 to `maxTau` in steps of `dtau` (default 1 … 4 by 0.05). */
export function tauGrid(maxTau = 4, dtau = 0.05): number[] {
  const n = Math.round((maxTau - 1) / dtau);
  return Array.from({ length: n + 1 }, (_, i) => Number((1 + i * dtau).toFixed(10)));
}

/**
 * Each optimizer's ratio to the best on each workload: `steps[w][o]` is the steps optimizer o needed on workload w,
 * null when it never reached the target. A workload no optimizer solved gives every optimizer ratio ∞.
 */
export function performanceRatios(steps: readonly (readonly (number | null)[])[]): number[][] {
  return steps.map((row) => {
    const reached = row.filter((s): s is number => s !== null);
    const best = reached.length === 0 ? Infinity : Math.min(...reached);
    return row.map((s) => (s === null || !Number.isFinite(best) ? Infinity : best === 0 ? (s === 0 ? 1 : Infinity) : s / best));
  });
}

/** ρ_o(τ) on the grid for every optimizer (columns of `steps`). */
export function performanceProfile(optimizers: readonly string[], steps: readonly (readonly (number | null)[])[], tau = tauGrid()): ProfileCurve[] {
  const ratios = performanceRatios(steps);
  const w = Math.max(1, ratios.length);
  return optimizers.map((optimizer, o) => ({
    optimizer,
    tau: [...tau],
    rho: tau.map((t) => ratios.filter((row) => (row[o] as number) <= t + 1e-12).length / w),
  }));
}

/**
 * The score: the area under ρ_o over [1, maxTau] divided by its width (3), exactly — ρ is a step function, so a
 * workload with ratio r ≤ maxTau adds (maxTau − r) / (W · (maxTau − 1)). 1 means the fastest everywhere.
 */
export function profileScores(optimizers: readonly string[], steps: readonly (readonly (number | null)[])[], maxTau = 4): Record<string, number> {
  const ratios = performanceRatios(steps);
  const w = Math.max(1, ratios.length);
  const scores: Record<string, number> = {};
  optimizers.forEach((optimizer, o) => {
    let area = 0;
    for (const row of ratios) {
      const r = row[o] as number;
      if (r <= maxTau) area += maxTau - Math.max(1, r);
    }
    scores[optimizer] = area / (w * (maxTau - 1));
  });
  return scores;
}
