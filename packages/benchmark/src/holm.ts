/**
 * Holm's step-down correction (Holm 1979): with the p-values sorted ascending, the k-th (from 0) is multiplied by
 * m − k, each adjusted value is at least the one before it, and none exceeds 1. Returned in the input's order;
 * rejecting where the adjusted value is below α controls the family-wise error rate at α.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
