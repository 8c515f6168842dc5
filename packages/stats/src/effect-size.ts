import { mean, variance, type Sample } from './descriptive.js';

/** Cohen's d as the book defines it: (mean_a − mean_b) / √((s_a² + s_b²) / 2), with ddof = 1 variances. */
export function cohensD(a: Sample, b: Sample): number {
  return (mean(a) - mean(b)) / Math.sqrt((variance(a, 1) + variance(b, 1)) / 2);
}

/**
 * Hedges' g: the mean difference over the pooled standard deviation √(((n_a−1)s_a² + (n_b−1)s_b²)/(n_a+n_b−2)),
 * times the small-sample correction 1 − 3/(4(n_a+n_b) − 9).
 */
export function hedgesG(a: Sample, b: Sample): number {
  const [na, nb] = [a.length, b.length];
  const pooled = Math.sqrt(((na - 1) * variance(a, 1) + (nb - 1) * variance(b, 1)) / (na + nb - 2));
  return ((mean(a) - mean(b)) / pooled) * (1 - 3 / (4 * (na + nb) - 9));
}
