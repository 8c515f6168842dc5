import { basename, extname } from 'node:path';
import { histogramFigure } from '@descent/plot';
import {
  accuracy,
  cohensD,
  confusionMatrix,
  hedgesG,
  histogram,
  mannWhitneyU,
  mannWhitneyUBook,
  matthewsCorrcoef,
  mean,
  normalTest,
  standardDeviation,
  standardError,
  tTestInd,
  type Alternative,
} from '@descent/stats';
import { UsageError } from '../errors.js';
import { checkFigureFile, writeFigure } from '../figure-files.js';
import type { Io } from '../io.js';
import { readLabels, readNumbers } from '../number-files.js';

const ALTERNATIVES = ['two-sided', 'less', 'greater'] as const;

function alternativeArgument(text: string | undefined): Alternative {
  const value = text ?? 'two-sided';
  if (!(ALTERNATIVES as readonly string[]).includes(value)) throw new UsageError(`--alternative expects two-sided, less or greater, got '${value}'`);
  return value as Alternative;
}

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

const stem = (file: string) => basename(file, extname(file));

export interface CompareArguments {
  readonly labels?: string;
  readonly alternative?: string;
  readonly json?: boolean;
  readonly plot?: string;
}

export function statsCompare(io: Io, fileA: string, fileB: string, args: CompareArguments): void {
  const alternative = alternativeArgument(args.alternative);
  const given: string[] = args.labels?.split(',').map((s) => s.trim()) ?? [stem(fileA), stem(fileB)];
  if (given.length !== 2 || given.some((l) => l === '')) throw new UsageError(`--labels expects two names separated by a comma, got '${args.labels ?? ''}'`);
  const labels = given as [string, string];
  if (args.plot !== undefined) checkFigureFile(io, '--plot', args.plot);
  const a = readNumbers(io, fileA);
  const b = readNumbers(io, fileB);
  const c = compareSamples(a, b, alternative);
  let written: string | undefined;
  if (args.plot !== undefined) {
    written = writeFigure(
      io,
      histogramFigure({
        series: [
          { label: labels[0], ...histogram(a, 5), color: '#dddddd' },
          { label: labels[1], ...histogram(b, 5), color: '#555555', hatch: true },
        ],
        title: `${labels[0]} and ${labels[1]}`,
        xLabel: 'value',
      }),
      args.plot,
    );
  }
  if (args.json === true) {
    io.stdout(`${JSON.stringify(c)}\n`);
    return;
  }
  io.stdout(formatComparison(c, labels, alternative));
  if (written !== undefined) io.stdout(`wrote ${written}\n`);
}

export function statsMcc(io: Io, fileTrue: string, filePredicted: string, json: boolean): void {
  const truth = readLabels(io, fileTrue);
  const predicted = readLabels(io, filePredicted);
  if (truth.length !== predicted.length) throw new UsageError(`${fileTrue} has ${String(truth.length)} labels, ${filePredicted} ${String(predicted.length)}`);
  const out = { mcc: matthewsCorrcoef(truth, predicted), accuracy: accuracy(truth, predicted), confusion: confusionMatrix(truth, predicted) };
  if (json) io.stdout(`${JSON.stringify(out)}\n`);
  else io.stdout(`${out.confusion.map((r) => r.join(' ')).join('\n')}\naccuracy = ${out.accuracy.toFixed(7)}\nMCC = ${out.mcc.toFixed(7)}\n`);
}

export function statsHistogram(io: Io, file: string, binsText: string | undefined, json: boolean): void {
  const bins = binsText === undefined ? 10 : Number(binsText);
  if (!Number.isInteger(bins) || bins < 1) throw new UsageError(`--bins expects a whole number ≥ 1, got '${binsText ?? ''}'`);
  const h = histogram(readNumbers(io, file), bins);
  if (json) io.stdout(`${JSON.stringify(h)}\n`);
  else h.counts.forEach((c, i) => { io.stdout(`[${(h.edges[i] as number).toPrecision(6)}, ${(h.edges[i + 1] as number).toPrecision(6)}${i === h.counts.length - 1 ? ']' : ')'} ${String(c)}\n`); });
}

export function statsNormaltest(io: Io, file: string, json: boolean): void {
  const x = readNumbers(io, file);
  if (x.length < 8) throw new UsageError(`the normal test needs at least 8 values; ${file} has ${String(x.length)}`);
  const r = normalTest(x);
  if (json) {
    io.stdout(`${JSON.stringify({ n: x.length, statistic: r.statistic, p: r.p, skew: r.skew, kurtosis: r.kurtosis, warning: r.warning ?? null })}\n`);
    return;
  }
  io.stdout(`D'Agostino-Pearson K² = ${r.statistic.toFixed(6)}, p = ${r.p.toPrecision(6)} (n = ${String(x.length)})\n`);
  io.stdout(`  skewness z = ${r.skew.statistic.toFixed(6)} (p = ${r.skew.p.toPrecision(6)}), kurtosis z = ${r.kurtosis.statistic.toFixed(6)} (p = ${r.kurtosis.p.toPrecision(6)})\n`);
  if (r.warning !== undefined) io.stdout(`  ${r.warning}\n`);
}
