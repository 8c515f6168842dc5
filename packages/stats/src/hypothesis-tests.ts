import { chiSquareSf, normalSf, studentTCdf, studentTSf } from './distributions.js';
import { mean, variance, type Sample } from './descriptive.js';
import { averageRanks } from './ranks.js';

/** The alternative hypothesis of a test, in SciPy's names. */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** Student's or Welch's t statistic, its degrees of freedom and p-value. */
export interface TTestResult {
  readonly t: number;
  readonly df: number;
  readonly p: number;
}

/** The alternative a caller gave, or two-sided; a RangeError naming the value for anything else (from JavaScript). */
function checkAlternative(alternative: Alternative | undefined): Alternative {
  // A string, not an Alternative: JavaScript callers may pass anything.
  const value: string = alternative ?? 'two-sided';
  if (value !== 'two-sided' && value !== 'less' && value !== 'greater') {
    throw new RangeError(`Invalid alternative: ${JSON.stringify(value)} (expected 'two-sided', 'less' or 'greater')`);
  }
  return value;
}

function pFromT(t: number, df: number, alternative: Alternative): number {
  if (alternative === 'less') return studentTCdf(t, df);
  if (alternative === 'greater') return studentTSf(t, df);
  return Math.min(1, 2 * studentTSf(Math.abs(t), df));
}

/**
 * The independent two-sample t-test (SciPy's `ttest_ind`): Student's with pooled variance (the default and the
 * book's), or Welch's with `equalVar: false`. `less` tests mean(a) < mean(b).
 */
export function tTestInd(a: Sample, b: Sample, options: { equalVar?: boolean; alternative?: Alternative } = {}): TTestResult {
  if (a.length < 2 || b.length < 2) throw new RangeError(`a t-test needs at least 2 values in each sample, got ${String(a.length)} and ${String(b.length)}`);
  const alternative = checkAlternative(options.alternative);
  const [na, nb] = [a.length, b.length];
  const [va, vb] = [variance(a, 1), variance(b, 1)];
  const difference = mean(a) - mean(b);
  let t: number;
  let df: number;
  if (options.equalVar ?? true) {
    df = na + nb - 2;
    const pooled = ((na - 1) * va + (nb - 1) * vb) / df;
    t = difference / Math.sqrt(pooled * (1 / na + 1 / nb));
  } else {
    const [sa, sb] = [va / na, vb / nb];
    df = (sa + sb) ** 2 / (sa ** 2 / (na - 1) + sb ** 2 / (nb - 1));
    t = difference / Math.sqrt(sa + sb);
  }
  return { t, df, p: pFromT(t, df, alternative) };
}

/** The Mann–Whitney U statistic, its p-value and how the p-value was computed. */
export interface MannWhitneyResult {
  /** U of the first sample (SciPy ≥ 1.7). */
  readonly U: number;
  readonly p: number;
  readonly method: 'exact' | 'asymptotic';
}

/**
 * P(U ≥ u) under the null for sample sizes m and n, by counting: the number of arrangements with statistic k
 * obeys f(m, n, k) = f(m − 1, n, k − n) + f(m, n − 1, k) (Mann & Whitney 1947). SciPy sums the mirror image,
 * P(U ≤ mn − u), which is the same number.
 */
export function mannWhitneyExactSf(u: number, m: number, n: number): number {
  const top = m * n;
  // Past the largest U (k < 0) no statistic s ≤ k is counted below: the result is 0.
  const k = top - Math.floor(u);
  // counts[j][s]: arrangements of j first-sample values among j + (current n) with statistic s; built up in n.
  // With n = 0 only j = 0 … m and statistic 0 are possible: f(j, 0, 0) = 1.
  let previous: Float64Array[] = Array.from({ length: m + 1 }, () => {
    const row = new Float64Array(top + 1);
    row[0] = 1;
    return row;
  });
  for (let width = 1; width <= n; width++) {
    const current = Array.from({ length: m + 1 }, () => new Float64Array(top + 1));
    (current[0] as Float64Array)[0] = 1;
    for (let j = 1; j <= m; j++) {
      const row = current[j] as Float64Array;
      const left = current[j - 1] as Float64Array;
      const up = previous[j] as Float64Array;
      for (let s = 0; s <= top; s++) row[s] = (up[s] as number) + (s >= width ? (left[s - width] as number) : 0);
    }
    previous = current;
  }
  const counts = previous[m] as Float64Array;
  let total = 0;
  let below = 0;
  for (let s = 0; s <= top; s++) {
    total += counts[s] as number;
    if (s <= k) below += counts[s] as number;
  }
  return below / total;
}

/** U of the first sample, from the ranks of both samples pooled, and the pooled ranks' tie term Σ(t³ − t). */
function uStatistic(a: Sample, b: Sample): { u1: number; tieTerm: number } {
  const { ranks, tieTerm } = averageRanks([...Array.from(a), ...Array.from(b)]);
  let r1 = 0;
  for (let i = 0; i < a.length; i++) r1 += ranks[i] as number;
  return { u1: r1 - (a.length * (a.length + 1)) / 2, tieTerm };
}

/** The standard deviation of U under the null hypothesis, corrected for ties. */
function uStandardDeviation(n1: number, n2: number, tieTerm: number): number {
  const n = n1 + n2;
  return Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
}

/**
 * The Mann–Whitney U test as SciPy ≥ 1.7 computes it: U of the first sample; `auto` is exact when either sample has at
 * most 8 values and there are no ties, else the normal approximation with tie and continuity corrections.
 */
export function mannWhitneyU(
  a: Sample,
  b: Sample,
  options: { alternative?: Alternative; method?: 'auto' | 'exact' | 'asymptotic'; continuity?: boolean } = {},
): MannWhitneyResult {
  const [n1, n2] = [a.length, b.length];
  if (n1 === 0 || n2 === 0) throw new RangeError(`the Mann–Whitney test needs values in both samples, got ${String(n1)} and ${String(n2)}`);
  const alternative = checkAlternative(options.alternative);
  const { u1, tieTerm } = uStatistic(a, b);
  const u2 = n1 * n2 - u1;
  const [u, factor] = alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];
  let method = options.method ?? 'auto';
  if (method === 'auto') method = (n1 > 8 && n2 > 8) || tieTerm > 0 ? 'asymptotic' : 'exact';
  let p: number;
  if (method === 'exact') {
    p = mannWhitneyExactSf(u, n1, n2);
  } else {
    const numerator = u - (n1 * n2) / 2 - ((options.continuity ?? true) ? 0.5 : 0);
    p = normalSf(numerator / uStandardDeviation(n1, n2, tieTerm));
  }
  return { U: u1, p: Math.min(1, Math.max(0, p * factor)), method };
}

/**
 * What SciPy before 1.7 printed for `mannwhitneyu(a, b)` (the book's output): the smaller of U₁ and U₂ and a
 * one-sided p from the normal approximation with continuity correction.
 */
export function mannWhitneyUBook(a: Sample, b: Sample): { Umin: number; pOneSided: number } {
  const [n1, n2] = [a.length, b.length];
  if (n1 === 0 || n2 === 0) throw new RangeError(`the Mann–Whitney test needs values in both samples, got ${String(n1)} and ${String(n2)}`);
  const { u1, tieTerm } = uStatistic(a, b);
  const u2 = n1 * n2 - u1;
  const z = (Math.max(u1, u2) - (n1 * n2) / 2 - 0.5) / uStandardDeviation(n1, n2, tieTerm);
  return { Umin: Math.min(u1, u2), pOneSided: normalSf(Math.abs(z)) };
}

function moments(x: Sample): { m2: number; m3: number; m4: number } {
  const m = mean(x);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - m;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  return { m2: m2 / x.length, m3: m3 / x.length, m4: m4 / x.length };
}

/** A normal-approximation test's z statistic and its p-value. */
export interface ZTestResult {
  readonly statistic: number;
  readonly p: number;
}

const twoSided = (z: number): ZTestResult => ({ statistic: z, p: 2 * normalSf(Math.abs(z)) });

/** D'Agostino's skewness test (SciPy's `skewtest`), n ≥ 8. */
export function skewTest(x: Sample): ZTestResult {
  const n = x.length;
  if (n < 8) throw new RangeError(`the skewness test needs at least 8 values, got ${String(n)}`);
  const { m2, m3 } = moments(x);
  const b2 = m3 / m2 ** 1.5;
  let y = b2 * Math.sqrt(((n + 1) * (n + 3)) / (6 * (n - 2)));
  const beta2 = (3 * (n * n + 27 * n - 70) * (n + 1) * (n + 3)) / ((n - 2) * (n + 5) * (n + 7) * (n + 9));
  const w2 = -1 + Math.sqrt(2 * (beta2 - 1));
  const delta = 1 / Math.sqrt(0.5 * Math.log(w2));
  const alpha = Math.sqrt(2 / (w2 - 1));
  if (y === 0) y = 1;
  return twoSided(delta * Math.log(y / alpha + Math.sqrt((y / alpha) ** 2 + 1)));
}

/** Anscombe & Glynn's kurtosis test (SciPy's `kurtosistest`); valid from n ≥ 20, computed from n ≥ 5. */
export function kurtosisTest(x: Sample): ZTestResult {
  const n = x.length;
  if (n < 5) throw new RangeError(`the kurtosis test needs at least 5 values, got ${String(n)}`);
  const { m2, m4 } = moments(x);
  const b2 = m4 / (m2 * m2);
  const e = (3 * (n - 1)) / (n + 1);
  const varb2 = (24 * n * (n - 2) * (n - 3)) / ((n + 1) * (n + 1) * (n + 3) * (n + 5));
  const z0 = (b2 - e) / Math.sqrt(varb2);
  const sqrtBeta1 = ((6 * (n * n - 5 * n + 2)) / ((n + 7) * (n + 9))) * Math.sqrt((6 * (n + 3) * (n + 5)) / (n * (n - 2) * (n - 3)));
  const a = 6 + (8 / sqrtBeta1) * (2 / sqrtBeta1 + Math.sqrt(1 + 4 / sqrtBeta1 ** 2));
  const term1 = 1 - 2 / (9 * a);
  const denom = 1 + z0 * Math.sqrt(2 / (a - 4));
  // SciPy makes term2 NaN where denom is 0; so does this: Math.sign(0) · ∞ is NaN.
  const term2 = Math.sign(denom) * ((1 - 2 / a) / Math.abs(denom)) ** (1 / 3);
  return twoSided((term1 - term2) / Math.sqrt(2 / (9 * a)));
}

/** D'Agostino–Pearson's K² (statistic) and p-value, with the skewness and kurtosis tests it combines. */
export interface NormalTestResult extends ZTestResult {
  readonly skew: ZTestResult;
  readonly kurtosis: ZTestResult;
  /** Set when n < 20: the kurtosis test, and so K², is then a weak guide. */
  readonly warning?: string;
}

/** D'Agostino and Pearson's K² = z_skew² + z_kurt², with p from χ² with 2 degrees of freedom (SciPy's `normaltest`). */
export function normalTest(x: Sample): NormalTestResult {
  const skew = skewTest(x);
  const kurtosis = kurtosisTest(x);
  const k2 = skew.statistic ** 2 + kurtosis.statistic ** 2;
  const result = { statistic: k2, p: chiSquareSf(k2, 2), skew, kurtosis };
  return x.length < 20 ? { ...result, warning: `n = ${String(x.length)} < 20: the kurtosis test, and so this test, is weak` } : result;
}
