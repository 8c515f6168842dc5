/** Numbers as any array-like (plain arrays, typed arrays). */
export type Sample = ArrayLike<number>;

function check(x: Sample, what: string, minimum = 1): void {
  if (x.length < minimum) throw new RangeError(`${what} needs at least ${String(minimum)} value${minimum === 1 ? '' : 's'}, got ${String(x.length)}`);
}

/** The arithmetic mean (NumPy's `mean`). */
export function mean(x: Sample): number {
  check(x, 'mean');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s / x.length;
}

/** Σ(x − x̄)² / (n − ddof): ddof 0 is NumPy's default, 1 the unbiased sample variance. */
export function variance(x: Sample, ddof = 0): number {
  check(x, 'variance', ddof + 1);
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - m) ** 2;
  return s / (x.length - ddof);
}

/** The standard deviation with `ddof` degrees of freedom removed (NumPy's `std`; 0 by default, 1 for the sample standard deviation). */
export function standardDeviation(x: Sample, ddof = 0): number {
  return Math.sqrt(variance(x, ddof));
}

/** s / √n with s the sample standard deviation (ddof 1): SciPy's `sem`, the book's "±". */
export function standardError(x: Sample): number {
  return standardDeviation(x, 1) / Math.sqrt(x.length);
}

function sorted(x: Sample): Float64Array {
  return Float64Array.from(x as ArrayLike<number>).sort();
}

/** The q-th quantile with NumPy's default (linear) interpolation between order statistics. */
export function quantile(x: Sample, q: number): number {
  check(x, 'quantile');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Invalid quantile: ${String(q)} (expected a number in [0, 1])`);
  const s = sorted(x);
  const position = q * (s.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, s.length - 1);
  const fraction = position - lo;
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * fraction;
}

/** The median: the 0.5 quantile, NumPy's linear interpolation. */
export function median(x: Sample): number {
  return quantile(x, 0.5);
}

/** Counts per bin and the bins' edges (counts.length + 1 of them), as NumPy's `histogram` returns them. */
export interface Histogram {
  readonly counts: number[];
  readonly edges: number[];
}

/**
 * NumPy's `histogram`: `bins` equal-width bins over [min, max] (±0.5 when all values are equal), or the given edges.
 * Every bin is half-open [a, b) except the last, which includes its right edge; values outside the edges are
 * not counted.
 */
export function histogram(x: Sample, bins: number | readonly number[] = 10): Histogram {
  check(x, 'histogram');
  let edges: number[];
  if (typeof bins === 'number') {
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`Invalid bins: ${String(bins)} (expected a whole number ≥ 1, or edges)`);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < x.length; i++) {
      lo = Math.min(lo, x[i] as number);
      hi = Math.max(hi, x[i] as number);
    }
    if (lo === hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    // NumPy's linspace: lo + i·step, with the last edge exactly hi.
    const step = (hi - lo) / bins;
    edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * step));
  } else {
    edges = [...bins];
    if (edges.length < 2 || edges.slice(1).some((e, i) => e < (edges[i] as number))) {
      throw new RangeError('histogram edges must be at least two numbers in increasing order');
    }
  }
  const counts = new Array<number>(edges.length - 1).fill(0);
  const first = edges[0] as number;
  const last = edges[edges.length - 1] as number;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v < first || v > last) continue;
    // The last bin [a, b] is closed; find the bin by binary search on the edges.
    let lo = 0;
    let hi = edges.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v >= (edges[mid] as number)) lo = mid;
      else hi = mid;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return { counts, edges };
}
