// Successive halving (Jamieson & Talwalkar 2016; ASHA, Li et al. 2020, is its asynchronous form): every trial runs
// for a small share of the budget, the best third go on to three times as many steps, and so on until the last rung
// runs the whole budget. Run rung by rung, the promotions depend on the results alone, never on which worker finished
// first, so a benchmark gives the same trials with any number of workers. Pruned trials count against the budget:
// the trial count is fixed up front and nothing is drawn to replace them.

/** Successive halving's η: each rung keeps the best 1/η of the trials and runs them η times as long (Jamieson & Talwalkar 2016). */
export const REDUCTION_FACTOR = 3;

/**
 * The steps each rung runs for, the last one the whole budget: `budget / η^k` for k = R … 0, where R = ⌊log_η trials⌋
 * (so the last rung keeps at least one trial), each rounded up to a whole number of evaluation intervals.
 */
export function rungSteps(trials: number, budget: number, evalEvery: number, eta = REDUCTION_FACTOR): number[] {
  let rungs = 0;
  while (eta ** (rungs + 1) <= trials) rungs++;
  const steps: number[] = [];
  for (let k = rungs; k >= 0; k--) {
    const raw = Math.ceil(budget / eta ** k / evalEvery) * evalEvery;
    steps.push(Math.min(budget, Math.max(evalEvery, raw)));
  }
  return steps;
}

/**
 * The trials promoted from a rung: the best ⌊n / η⌋ (at least one) by their score there, lower is better, ties to
 * the lower trial index. `scores` maps trial index to score; a diverged trial scores Infinity.
 */
export function promote(scores: ReadonlyMap<number, number>, eta = REDUCTION_FACTOR): number[] {
  const keep = Math.max(1, Math.floor(scores.size / eta));
  return [...scores.entries()]
    .sort(([ia, a], [ib, b]) => (a === b ? ia - ib : a < b ? -1 : 1))
    .slice(0, keep)
    .map(([i]) => i)
    .sort((a, b) => a - b);
}
