import { describe, expect, it } from 'vitest';
import edge from './__fixtures__/scipy-edge-cases.json' with { type: 'json' };
import { histogram, median, quantile } from './descriptive.js';
import { chiSquareSf } from './distributions.js';
import { mannWhitneyU, mannWhitneyUBook, skewTest, tTestInd, type Alternative } from './hypothesis-tests.js';
import { averageRanks } from './ranks.js';

// Edges that mutation testing (issue 20) found unchecked. The references are SciPy 1.17.1 / NumPy 2.4.6, computed with
// the calls named beside each value (scipy.stats as `stats`, numpy as `np`).

/** Equal to 1e-12 relative, with a floor for values that are 0. */
function expectClose(actual: number, expected: number, relative = 1e-12): void {
  expect(Math.abs(actual - expected), `${String(actual)} vs ${String(expected)}`).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-300);
}

describe('descriptive statistics at their edges', () => {
  it('a quantile or median of nothing is named as such', () => {
    expect(() => quantile([], 0.5)).toThrow(new RangeError('quantile needs at least 1 value, got 0'));
    expect(() => median([])).toThrow(new RangeError('quantile needs at least 1 value, got 0'));
  });

  it('two edges make one closed bin: np.histogram([0, 0.5, 1, 2, -1], [0, 1]) counts 3', () => {
    expect(histogram([0, 0.5, 1, 2, -1], [0, 1])).toEqual({ counts: [3], edges: [0, 1] });
  });
});

describe('distributions and tests at their edges match SciPy', () => {
  it('χ² survival with 1, 3, 4 and 5 degrees of freedom (stats.chi2.sf), not only 2', () => {
    expectClose(chiSquareSf(1, 1), 0.31731050786291115);
    expectClose(chiSquareSf(2.5, 3), 0.4752910833430205);
    expectClose(chiSquareSf(10, 4), 0.04042768199451279);
    expectClose(chiSquareSf(3, 5), 0.6999858358786276);
  });

  it('the skewness test at its smallest sample, 8 values (stats.skewtest)', () => {
    const ours = skewTest([2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 7.1]);
    expectClose(ours.statistic, 1.2201927364489176, 1e-9);
    expectClose(ours.p, 0.22239181973508293, 1e-9);
  });

  it("Mann–Whitney's auto method is exact while either sample has at most 8 values (stats.mannwhitneyu)", () => {
    const eight = [1.5, 2.5, 3.1, 4.7, 5.2, 6.8, 7.3, 8.9];
    const nine = [2.2, 3.3, 4.4, 5.5, 6.6, 7.7, 8.8, 9.9, 10.1];
    for (const [a, b, U] of [
      [eight, nine, 25],
      [nine, eight, 47],
    ] as const) {
      const ours = mannWhitneyU(a, b);
      expect(ours.method).toBe('exact');
      expect(ours.U).toBe(U);
      expectClose(ours.p, 0.3212669683257919);
    }
    // Nine and nine: the normal approximation (the exact p would be 0.6048128342245989).
    const both = mannWhitneyU([...eight, 11.5], nine);
    expect(both.method).toBe('asymptotic');
    expect(both.U).toBe(34);
    expectClose(both.p, 0.5962416305866567, 1e-9);
  });

  it("the book's form with ties: U_min and the one-sided p of the normal approximation with continuity", () => {
    // The same numbers as SciPy ≥ 1.7's one-sided asymptotic test in the direction of the larger U.
    const { a, b, results } = edge.mannwhitney;
    const less = results.find((r) => r.alternative === 'less' && r.continuity);
    expect(less?.U).toBe(20.5);
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const book = mannWhitneyUBook(x, y);
      expect(book.Umin).toBe(20.5);
      expectClose(book.pOneSided, less?.p ?? Number.NaN, 1e-9);
    }
    expect(() => mannWhitneyUBook([], [1])).toThrow(new RangeError('the Mann–Whitney test needs values in both samples, got 0 and 1'));
    expect(() => mannWhitneyUBook([1], [])).toThrow(new RangeError('the Mann–Whitney test needs values in both samples, got 1 and 0'));
  });

  it('an alternative that is none of the three is named, not taken for two-sided', () => {
    const message = `Invalid alternative: "bigger" (expected 'two-sided', 'less' or 'greater')`;
    const bigger = 'bigger' as Alternative;
    expect(() => tTestInd([1, 2, 3], [4, 5, 6], { alternative: bigger })).toThrow(new RangeError(message));
    expect(() => mannWhitneyU([1, 2, 3], [4, 5, 6], { alternative: bigger })).toThrow(new RangeError(message));
  });

  it('average ranks of one run of ties and of nothing (stats.rankdata)', () => {
    const tied = averageRanks([2, 2, 2]);
    expect([...tied.ranks]).toEqual([2, 2, 2]);
    expect(tied.tieTerm).toBe(24);
    expect(averageRanks([])).toEqual({ ranks: new Float64Array(0), tieTerm: 0 });
  });
});
