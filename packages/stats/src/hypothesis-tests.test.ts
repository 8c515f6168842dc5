import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/scipy-stats.json' with { type: 'json' };
import { histogram, mean, median, quantile, standardDeviation, standardError, variance } from './descriptive.js';
import { cohensD, hedgesG } from './effect-size.js';
import { kurtosisTest, mannWhitneyU, mannWhitneyUBook, normalTest, skewTest, tTestInd, type Alternative } from './hypothesis-tests.js';

type SampleEntry = (typeof fixture.samples)[keyof typeof fixture.samples] & {
  skewtest?: { statistic: number; p: number };
  kurtosistest?: { statistic: number; p: number };
  normaltest?: { statistic: number; p: number };
};
const samples = fixture.samples as Record<string, SampleEntry>;

/** Equal to 1e-9 relative, the bar (with a floor for values that are 0). */
function close(actual: number, expected: number, relative = 1e-9): void {
  expect(Math.abs(actual - expected), `${String(actual)} vs ${String(expected)}`).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-300);
}

describe(`descriptive statistics match NumPy ${fixture.numpy}`, () => {
  for (const [name, s] of Object.entries(samples)) {
    it(`sample: ${name}`, () => {
      const x = s.values;
      close(mean(x), s.mean, 1e-12);
      close(variance(x), s.var0);
      close(variance(x, 1), s.var1);
      close(standardDeviation(x, 1), s.std1);
      close(standardError(x), s.sem);
      close(median(x), s.median);
      for (const [q, value] of Object.entries(s.quantiles)) close(quantile(x, Number(q)), value);
      const h = histogram(x, 5);
      expect(h.counts).toEqual(s.histogram5.counts);
      h.edges.forEach((e, i) => {
        close(e, s.histogram5.edges[i] as number, 1e-12);
      });
      expect(histogram(x, s.histogramEdges.edges).counts).toEqual(s.histogramEdges.counts);
    });
  }
});

describe(`tests match SciPy ${fixture.scipy}`, () => {
  for (const pair of fixture.pairs) {
    const a = (samples[pair.a] as SampleEntry).values;
    const b = (samples[pair.b] as SampleEntry).values;
    describe(`${pair.a} vs ${pair.b}`, () => {
      for (const alternative of ['two-sided', 'less', 'greater'] as Alternative[]) {
        it(`t-tests, ${alternative}`, () => {
          const student = tTestInd(a, b, { alternative });
          close(student.t, pair.ttest[alternative].t);
          close(student.p, pair.ttest[alternative].p);
          expect(student.df).toBe(a.length + b.length - 2);
          const welch = tTestInd(a, b, { alternative, equalVar: false });
          close(welch.t, pair.welch[alternative].t);
          close(welch.p, pair.welch[alternative].p);
        });
        it(`Mann–Whitney U, ${alternative}`, () => {
          const results = pair.mannwhitney as Record<string, { U: number; p: number }>;
          for (const method of ['auto', 'asymptotic', 'exact'] as const) {
            const expected = results[`${alternative} ${method}`];
            if (expected === undefined) continue;
            const ours = mannWhitneyU(a, b, { alternative, method });
            expect(ours.U).toBe(expected.U);
            close(ours.p, expected.p);
          }
        });
      }
    });
  }

  it('chooses the exact test for small samples without ties, as SciPy does', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6, 7]).method).toBe('exact');
    expect(mannWhitneyU([1, 2, 2], [4, 5, 6, 7]).method).toBe('asymptotic');
    // All of a below all of b: U = 0; P(U ≤ 0) = 1 / C(7, 3) = 1/35 one-sided.
    close(mannWhitneyU([1, 2, 3], [4, 5, 6, 7], { alternative: 'less' }).p, 1 / 35, 1e-12);
  });

  for (const [name, s] of Object.entries(samples)) {
    const expected = s.normaltest;
    if (expected === undefined) continue;
    it(`normal test: ${name}`, () => {
      const x = s.values;
      close(skewTest(x).statistic, s.skewtest?.statistic as number);
      close(skewTest(x).p, s.skewtest?.p as number);
      close(kurtosisTest(x).statistic, s.kurtosistest?.statistic as number);
      close(kurtosisTest(x).p, s.kurtosistest?.p as number);
      const k2 = normalTest(x);
      close(k2.statistic, expected.statistic);
      close(k2.p, expected.p);
      expect(k2.warning !== undefined).toBe(x.length < 20);
    });
  }
});

describe("the book's numbers (chapter spec §5)", () => {
  const w = (samples['book momentum'] as SampleEntry).values;
  const no = (samples['book no momentum'] as SampleEntry).values;

  it('means ± SE, t-test, Mann–Whitney in both forms, Cohen’s d', () => {
    expect(`${mean(no).toFixed(5)} +/- ${standardError(no).toFixed(5)}`).toBe('0.85778 +/- 0.00056');
    expect(`${mean(w).toFixed(5)} +/- ${standardError(w).toFixed(5)}`).toBe('0.86413 +/- 0.00075');
    const t = tTestInd(w, no);
    expect([t.t.toFixed(8), t.p.toFixed(8)]).toEqual(['6.77398299', '0.00000003']);
    const u = mannWhitneyU(w, no);
    expect(u.U).toBe(443);
    expect(u.p.toExponential(3)).toBe('2.523e-6');
    const book = mannWhitneyUBook(w, no);
    expect([book.Umin.toFixed(8), book.pOneSided.toFixed(8)]).toEqual(['41.00000000', '0.00000126']);
    expect(cohensD(w, no).toFixed(5)).toBe('2.04243');
    expect(hedgesG(w, no)).toBeLessThan(cohensD(w, no));
  });

  it('names what it cannot compute', () => {
    expect(() => tTestInd([1], [2, 3])).toThrow('a t-test needs at least 2 values in each sample, got 1 and 2');
    expect(() => skewTest([1, 2, 3])).toThrow('the skewness test needs at least 8 values, got 3');
    expect(() => quantile([1], 2)).toThrow('Invalid quantile: 2');
    expect(() => histogram([1, 2], 0)).toThrow(/Invalid bins: 0/);
  });
});
