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
  // Q(k/2, 0) is 1 too, so `x < 0` is the same test; @stdlib gives NaN below 0.
  // Stryker disable next-line EqualityOperator: x = 0 returns 1 on both sides of the branch
  if (x <= 0) return 1;
  return gammainc(x / 2, k / 2, true, true);
}
