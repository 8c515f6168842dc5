import { basename, extname } from 'node:path';
import { histogramFigure } from '@descent/plot';
import { accuracy, confusionMatrix, histogram, matthewsCorrcoef, normalTest, type Alternative } from '@descent/stats';
import { UsageError } from '../errors.js';
import { checkFigureFile, writeFigure } from '../figure-files.js';
import type { Io } from '../io.js';
import { readLabels, readNumbers } from '../number-files.js';
import { compareSamples, formatComparison } from '../sample-comparison.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

const ALTERNATIVES = ['two-sided', 'less', 'greater'] as const;

function alternativeArgument(text: string | undefined): Alternative {
  const value = text ?? 'two-sided';
  if (!(ALTERNATIVES as readonly string[]).includes(value)) throw new UsageError(`--alternative expects two-sided, less or greater, got '${value}'`);
  return value as Alternative;
}

const stem = (file: string) => basename(file, extname(file));

interface CompareArguments {
  readonly labels?: string;
  readonly alternative?: string;
  readonly json?: boolean;
  readonly plot?: string;
}

function statsCompare(io: Io, fileA: string, fileB: string, args: CompareArguments): void {
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

function statsMcc(io: Io, fileTrue: string, filePredicted: string, json: boolean): void {
  const truth = readLabels(io, fileTrue);
  const predicted = readLabels(io, filePredicted);
  if (truth.length !== predicted.length) throw new UsageError(`${fileTrue} has ${String(truth.length)} labels, ${filePredicted} ${String(predicted.length)}`);
  const out = { mcc: matthewsCorrcoef(truth, predicted), accuracy: accuracy(truth, predicted), confusion: confusionMatrix(truth, predicted) };
  if (json) io.stdout(`${JSON.stringify(out)}\n`);
  else io.stdout(`${out.confusion.map((r) => r.join(' ')).join('\n')}\naccuracy = ${out.accuracy.toFixed(7)}\nMCC = ${out.mcc.toFixed(7)}\n`);
}

function statsHistogram(io: Io, file: string, binsText: string | undefined, json: boolean): void {
  const bins = binsText === undefined ? 10 : Number(binsText);
  if (!Number.isInteger(bins) || bins < 1) throw new UsageError(`--bins expects a whole number ≥ 1, got '${binsText ?? ''}'`);
  const h = histogram(readNumbers(io, file), bins);
  if (json) io.stdout(`${JSON.stringify(h)}\n`);
  else h.counts.forEach((c, i) => { io.stdout(`[${(h.edges[i] as number).toPrecision(6)}, ${(h.edges[i + 1] as number).toPrecision(6)}${i === h.counts.length - 1 ? ']' : ')'} ${String(c)}\n`); });
}

function statsNormaltest(io: Io, file: string, json: boolean): void {
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

/** `descent stats compare|mcc|histogram|normaltest`. */
export function register(program: Command, { io }: CommandContext): void {
  const stats = program.command('stats').description('statistics of repeated runs: compare, mcc, histogram, normaltest');
  stats
    .command('compare')
    .description("compare two samples as the book's fmnist_analyze.py does, and more")
    .argument('<a>', 'a .npy, .json (array) or text file (one number a line)')
    .argument('<b>', 'the second sample')
    .option('--labels <a,b>', 'names for the two samples (default: the file names)')
    .option('--alternative <h>', 'two-sided, less or greater', 'two-sided')
    .option('--json', 'print JSON')
    .option('--plot <file>', 'draw both histograms (figure 11-8) to FILE.svg or FILE.png')
    .action((a: string, b: string, o: CompareArguments) => {
      statsCompare(io, a, b, o);
    });
  stats
    .command('mcc')
    .description('confusion matrix, accuracy and Matthews correlation of predicted labels')
    .argument('<true>', 'true labels')
    .argument('<pred>', 'predicted labels')
    .option('--json', 'print JSON')
    .action((t: string, p: string, o: { json?: boolean }) => {
      statsMcc(io, t, p, o.json === true);
    });
  stats
    .command('histogram')
    .description("NumPy's histogram of a sample")
    .argument('<file>', 'the sample')
    .option('--bins <n>', 'number of equal bins', '10')
    .option('--json', 'print JSON')
    .action((f: string, o: { bins?: string; json?: boolean }) => {
      statsHistogram(io, f, o.bins, o.json === true);
    });
  stats
    .command('normaltest')
    .description("D'Agostino and Pearson's test of normality")
    .argument('<file>', 'the sample')
    .option('--json', 'print JSON')
    .action((f: string, o: { json?: boolean }) => {
      statsNormaltest(io, f, o.json === true);
    });
}
