import { describe, expect, it } from 'vitest';
import edge from './__fixtures__/scipy-edge-cases.json' with { type: 'json' };
import { histogram, mean, quantile, variance } from './descriptive.js';
import { chiSquareSf } from './distributions.js';
import { hedgesG } from './effect-size.js';
import { kurtosisTest, mannWhitneyExactSf, mannWhitneyU, normalTest, skewTest, tTestInd, type Alternative } from './hypothesis-tests.js';
import { averageRanks } from './ranks.js';

// The edges of @descent/stats that mutation testing found unchecked, against scripts/scipy-stats-edge-fixtures.py
// (SciPy and NumPy; the exact null distribution of U by enumeration).

/** Equal to 1e-12 relative, with a floor for values that are 0. */
function expectClose(actual: number, expected: number, relative = 1e-12): void {
  expect(Math.abs(actual - expected), `${String(actual)} vs ${String(expected)}`).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-300);
}

describe(`histograms and quantiles at their edges match NumPy ${edge.numpy}`, () => {
  for (const h of edge.histograms) {
    it(`histogram of [${h.x.join(', ')}] in ${Array.isArray(h.bins) ? `edges [${h.bins.join(', ')}]` : `${String(h.bins)} bins`}`, () => {
      const ours = histogram(h.x, h.bins);
      expect(ours.counts).toEqual(h.counts);
      expect(ours.edges).toHaveLength(h.edges.length);
      ours.edges.forEach((e, i) => {
        expectClose(e, h.edges[i] as number);
      });
    });
  }

  it('quantiles at 0, 1 and between order statistics', () => {
    for (const [q, value] of Object.entries(edge.quantiles.q)) expectClose(quantile(edge.quantiles.x, Number(q)), value);
  });
});

describe(`tests at their edges match SciPy ${edge.scipy}`, () => {
  it("the skewness test of a symmetric sample (SciPy's y = 0 → 1)", () => {
    const ours = skewTest(edge.skewSymmetric.x);
    expectClose(ours.statistic, edge.skewSymmetric.statistic);
    expectClose(ours.p, edge.skewSymmetric.p);
  });

  it('the kurtosis test at its smallest sample, 5 values', () => {
    const ours = kurtosisTest(edge.kurtosisN5.x);
    expectClose(ours.statistic, edge.kurtosisN5.statistic, 1e-9);
    expectClose(ours.p, edge.kurtosisN5.p, 1e-9);
  });

  it('the normal test warns below 20 values, and only there', () => {
    const [n19, n20] = edge.normalTest;
    for (const reference of [n19, n20]) {
      const ours = normalTest(reference?.x ?? []);
      expectClose(ours.statistic, reference?.statistic ?? Number.NaN, 1e-9);
      expectClose(ours.p, reference?.p ?? Number.NaN, 1e-9);
    }
    expect(normalTest(n19?.x ?? []).warning).toBe('n = 19 < 20: the kurtosis test, and so this test, is weak');
    expect(normalTest(n20?.x ?? []).warning).toBeUndefined();
  });

  it('Mann–Whitney U with and without the continuity correction', () => {
    const { a, b, results } = edge.mannwhitney;
    for (const r of results) {
      const ours = mannWhitneyU(a, b, { alternative: r.alternative as Alternative, method: 'asymptotic', continuity: r.continuity });
      expect(ours.U).toBe(r.U);
      expect(ours.method).toBe('asymptotic');
      expectClose(ours.p, r.p, 1e-9);
    }
  });

  it('the exact Mann–Whitney test with ties: U = 6.5 counted as SciPy counts it', () => {
    const { a, b, results } = edge.mannwhitney.exactWithTies;
    for (const r of results) {
      const ours = mannWhitneyU(a, b, { alternative: r.alternative as Alternative, method: 'exact' });
      expect(ours.U).toBe(r.U);
      expectClose(ours.p, r.p);
    }
  });

  it('the exact null distribution of U is the enumeration of every arrangement', () => {
    for (const { m, n, sf } of edge.exactNull) {
      sf.forEach((p, u) => {
        expectClose(mannWhitneyExactSf(u, m, n), p);
      });
      // Past the largest U nothing is left; below 0 everything is.
      expect(mannWhitneyExactSf(m * n + 1, m, n)).toBe(0);
      expect(mannWhitneyExactSf(-1, m, n)).toBe(1);
    }
  });

  it("t-tests of the smallest samples, Welch's degrees of freedom", () => {
    const t = edge.ttestSmall;
    expectClose(tTestInd(t.a, t.b).p, t.student);
    expect(tTestInd(t.a, t.b).df).toBe(2);
    const welch = tTestInd(t.a, t.welch.b, { equalVar: false });
    expectClose(welch.t, t.welch.t);
    expectClose(welch.p, t.welch.p, 1e-9);
    expectClose(welch.df, t.welchDf);
  });

  it("χ² survival with 2 degrees of freedom, from 0 (where it is 1) up", () => {
    for (const [x, p] of Object.entries(edge.chiSquareSf2)) expectClose(chiSquareSf(Number(x), 2), p);
    expect(chiSquareSf(-3, 2)).toBe(1);
  });

  it("average ranks and the tie term Σ(t³ − t) are SciPy's rankdata", () => {
    const ours = averageRanks(edge.ranks.values);
    expect([...ours.ranks]).toEqual(edge.ranks.ranks);
    expect(ours.tieTerm).toBe(edge.ranks.tieTerm);
  });

  it("Hedges' g from its definition", () => {
    expectClose(hedgesG(edge.hedges.a, edge.hedges.b), edge.hedges.g);
  });
});

describe('what cannot be computed is named, with the value and what was expected', () => {
  it('too few values', () => {
    expect(() => mean([])).toThrow(new RangeError('mean needs at least 1 value, got 0'));
    expect(() => variance([3], 1)).toThrow(new RangeError('variance needs at least 2 values, got 1'));
    expect(variance([3])).toBe(0);
    expect(() => tTestInd([1, 2], [3])).toThrow(new RangeError('a t-test needs at least 2 values in each sample, got 2 and 1'));
    expect(() => mannWhitneyU([], [1])).toThrow(new RangeError('the Mann–Whitney test needs values in both samples, got 0 and 1'));
    expect(() => mannWhitneyU([1], [])).toThrow(new RangeError('the Mann–Whitney test needs values in both samples, got 1 and 0'));
    expect(() => kurtosisTest([1, 2, 3, 4])).toThrow(new RangeError('the kurtosis test needs at least 5 values, got 4'));
    expect(() => skewTest([1, 2, 3, 4, 5, 6, 7])).toThrow(new RangeError('the skewness test needs at least 8 values, got 7'));
    expect(() => histogram([])).toThrow(new RangeError('histogram needs at least 1 value, got 0'));
  });

  it('a quantile outside [0, 1]', () => {
    for (const q of [-0.1, 1.1, Number.NaN]) {
      expect(() => quantile([1, 2], q)).toThrow(new RangeError(`Invalid quantile: ${String(q)} (expected a number in [0, 1])`));
    }
  });

  it('bins that are not a whole number ≥ 1, edges that are too few or decrease', () => {
    for (const bins of [0, -2, 2.5]) {
      expect(() => histogram([1, 2], bins)).toThrow(new RangeError(`Invalid bins: ${String(bins)} (expected a whole number ≥ 1, or edges)`));
    }
    for (const edges of [[1], [0, 2, 1]]) {
      expect(() => histogram([1, 2], edges)).toThrow(new RangeError('histogram edges must be at least two numbers in increasing order'));
    }
  });
});
