import gammainc from '@stdlib/math-base-special-gammainc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';

// The distributions behind the tests, from @stdlib's special functions. Upper tails are taken by symmetry or from
// the upper incomplete gamma function, never as 1 − cdf, so tiny p-values keep their digits.

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  return tCdf(t, df);
}

/** P(T ≥ t). */
export function studentTSf(t: number, df: number): number {
  return tCdf(-t, df);
}

/** P(Z ≥ z) for the standard normal. */
export function normalSf(z: number): number {
  return normalCdf(-z, 0, 1);
}

/** P(X ≥ x) for χ² with k degrees of freedom: the regularized upper incomplete gamma Q(k/2, x/2). */
export function chiSquareSf(x: number, k: number): number {
  // P(X ≥ x) is 1 for every x ≤ 0, which is Q(k/2, 0); @stdlib's Q is NaN below 0.
  return gammainc(Math.max(x, 0) / 2, k / 2, true, true);
}
