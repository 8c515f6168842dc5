import {
  cohensD,
  hedgesG,
  mannWhitneyU,
  mannWhitneyUBook,
  mean,
  normalTest,
  standardDeviation,
  standardError,
  tTestInd,
  type Alternative,
} from '@descent/stats';
import { UsageError } from './errors.js';

// Two samples compared as the book's fmnist_analyze.py does, and more: what `stats compare` prints, and what a study
// prints for each pair of its arms.

function describeSample(x: readonly number[]) {
  const normaltest = x.length >= 8 ? normalTest(x) : null;
  return {
    n: x.length,
    mean: mean(x),
    sd: standardDeviation(x, 1),
    se: standardError(x),
    normaltest: normaltest === null ? null : { statistic: normaltest.statistic, p: normaltest.p },
  };
}

/** Everything `stats compare` reports for two samples; also the comparison of a study. */
export function compareSamples(a: readonly number[], b: readonly number[], alternative: Alternative = 'two-sided') {
  if (a.length < 2 || b.length < 2) throw new UsageError(`each sample needs at least 2 values, got ${String(a.length)} and ${String(b.length)}`);
  const student = tTestInd(a, b, { alternative });
  const welch = tTestInd(a, b, { alternative, equalVar: false });
  const mw = mannWhitneyU(a, b, { alternative });
  const book = mannWhitneyUBook(a, b);
  return {
    a: describeSample(a),
    b: describeSample(b),
    ttest: { t: student.t, df: student.df, p: student.p },
    welch: { t: welch.t, df: welch.df, p: welch.p },
    mannWhitney: { U: mw.U, p: mw.p, method: mw.method, Umin: book.Umin, pOneSided: book.pOneSided },
    cohensD: cohensD(a, b),
    hedgesG: hedgesG(a, b),
  };
}

export type Comparison = ReturnType<typeof compareSamples>;

/** The comparison as the book's fmnist_analyze.py prints it, then what it left out. */
export function formatComparison(c: Comparison, labels: readonly [string, string], alternative: Alternative): string {
  const [la, lb] = labels;
  const width = Math.max(la.length, lb.length);
  const f8 = (v: number) => v.toFixed(8);
  const lines = [
    `${la.padEnd(width)}: ${c.a.mean.toFixed(5)} +/- ${c.a.se.toFixed(5)}   (n = ${String(c.a.n)}, mean +/- SE)`,
    `${lb.padEnd(width)}: ${c.b.mean.toFixed(5)} +/- ${c.b.se.toFixed(5)}   (n = ${String(c.b.n)})`,
    `t-test ${la} vs ${lb} (t,p): (${f8(c.ttest.t)}, ${f8(c.ttest.p)})   Student, equal variances, ${alternative}`,
    `Welch t-test (t,df,p)      : (${f8(c.welch.t)}, ${c.welch.df.toFixed(2)}, ${f8(c.welch.p)})`,
    `Mann-Whitney U (U,p)       : (${f8(c.mannWhitney.U)}, ${f8(c.mannWhitney.p)})   SciPy >= 1.7: U of ${la}, ${alternative} p, ${c.mannWhitney.method}`,
    `Mann-Whitney U, book's form: (${f8(c.mannWhitney.Umin)}, ${f8(c.mannWhitney.pOneSided)})   SciPy < 1.7: the smaller U, one-sided p`,
    `Cohen's d                  : ${c.cohensD.toFixed(5)}   (Hedges' g ${c.hedgesG.toFixed(5)})`,
  ];
  for (const [label, s] of [[la, c.a], [lb, c.b]] as const) {
    lines.push(
      s.normaltest === null
        ? `normal test ${label}: not computed (n = ${String(s.n)} < 8)`
        : `normal test ${label}: K² = ${s.normaltest.statistic.toFixed(4)}, p = ${s.normaltest.p.toPrecision(4)}${s.n < 20 ? '   (n < 20: weak)' : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
