import { momentumPlugin } from '@descent/optimizer-momentum';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { BOOK_MLP } from '@descent/nn';
import type { OptimizerPluginV1 } from '@descent/optim';
import { join } from 'node:path';
import { errorBarFigure } from '@descent/plot';
import { mannWhitneyU, mean, standardError } from '@descent/stats';
import { parseRaceList } from './commands/race-command.js';
import { collectRuns, executeStudy } from './commands/study-command.js';
import { writeFigure } from './figure-files.js';
import { writeFileAtomic } from './io.js';
import { resolveModel } from './models.js';
import { optionsFor } from './optimizer-flags.js';
import { resolveOptimizer } from './optimizer-resolver.js';
import { resolveDataset } from './datasets.js';
import type { StudyArm } from './study/study-types.js';
import type { Io } from './io.js';
import { bookReport, train } from './training.js';

export interface TrainingExperimentOptions {
  readonly dataDir?: string;
  readonly seed: number;
  readonly json: boolean;
  readonly tty: boolean;
  /** Shrunk studies: fewer runs of fewer minibatches (what `reproduce all` runs). */
  readonly quick: boolean;
  /** Runs of each arm, instead of the book's. */
  readonly runs?: number;
  readonly outDir: string;
  readonly workers: number;
  /** Figure 11-11: the optimizers to compare, each optionally with overrides (`adam:lr=0.002`). */
  readonly optimizers?: string;
  readonly epochs?: number;
  readonly samples?: number;
  readonly cwd: string;
}

export interface ExperimentOutput {
  readonly id: string;
  readonly title: string;
  readonly results: Record<string, unknown>;
  readonly files: string[];
}

/** Listing 11-7: the book's network on Fashion-MNIST without momentum (η = 1.0) and with μ = 0.9 (η = 0.2). */
async function listing11_7(io: Io, o: TrainingExperimentOptions): Promise<ExperimentOutput> {
  const dataset = await resolveDataset(io, undefined, o.dataDir, 14);
  const title = 'Listing 11-7: the book’s network on Fashion-MNIST, without and with momentum';
  if (!o.json) io.stdout(`\n${title}\n  data: ${dataset.name} from ${dataset.source}; 40,000 minibatches of 64; seed ${String(o.seed)}\n`);
  const runs: { name: string; plugin: OptimizerPluginV1; options: Record<string, number>; book: { accuracy: number; mcc: number } }[] = [
    { name: 'no momentum', plugin: sgdPlugin as unknown as OptimizerPluginV1, options: { lr: 1.0, weightDecay: 0 }, book: { accuracy: 0.8721, mcc: 0.8584048 } },
    { name: 'momentum 0.9', plugin: momentumPlugin as unknown as OptimizerPluginV1, options: { lr: 0.2, momentum: 0.9, dampening: 0, weightDecay: 0 }, book: { accuracy: 0.8773, mcc: 0.8638721 } },
  ];
  const results = [];
  for (const run of runs) {
    const outcome = await train(io, { dataset, model: BOOK_MLP, plugin: run.plugin, options: run.options, minibatches: 40_000, batchSize: 64, seed: o.seed, progress: !o.json }, o.tty);
    if (!o.json) {
      io.stdout(`\n  ${run.name} (${run.plugin.id}, ${Object.entries(run.options).map(([k, v]) => `${k}=${String(v)}`).join(' ')}), ${outcome.fit.seconds.toFixed(1)}s:\n`);
      io.stdout(bookReport(outcome).replace(/^/gm, '  '));
      io.stdout(`  book: accuracy = ${run.book.accuracy.toFixed(7)}, MCC = ${run.book.mcc.toFixed(7)}\n`);
    }
    results.push({ name: run.name, optimizer: run.plugin.id, options: run.options, accuracy: outcome.accuracy, mcc: outcome.mcc, confusion: outcome.confusion, seconds: outcome.fit.seconds, book: run.book });
  }
  return {
    id: 'listing-11-7',
    title,
    results: { dataset: { name: dataset.name, source: dataset.source }, seed: o.seed, minibatches: 40_000, batchSize: 64, runs: results },
    files: [],
  };
}

// Momentum first, as the book's fmnist_analyze.py compares them ("t-test momentum vs no").
const BOOK_ARMS: StudyArm[] = [
  { name: 'momentum', optimizer: 'momentum', options: { lr: 0.2, momentum: 0.9, dampening: 0, weightDecay: 0 } },
  { name: 'no-momentum', optimizer: 'sgd', options: { lr: 1.0, weightDecay: 0 } },
];

/** A study of listing 11-7's settings (the book's network, minibatches of 64), as figures 11-8 and 11-9 run them. */
function bookStudy(io: Io, o: TrainingExperimentOptions, study: { id: string; arms: StudyArm[]; runs: number; minibatches: number; title: string }) {
  return executeStudy(
    io,
    {
      model: 'book-mlp',
      imageSize: 14,
      arms: study.arms,
      runs: study.runs,
      workers: o.workers,
      minibatches: study.minibatches,
      batchSize: 64,
      seed: o.seed,
      ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }),
      outDir: join(o.outDir, study.id),
      resume: true,
      json: o.json,
      title: study.title,
    },
    o.tty,
  );
}

/** Figure 11-8: 22 runs of each of listing 11-7's settings, their MCCs compared as fmnist_analyze.py does. */
async function fig11_8(io: Io, o: TrainingExperimentOptions): Promise<ExperimentOutput> {
  const runs = o.runs ?? (o.quick ? 6 : 22);
  const minibatches = o.quick ? 10_000 : 40_000;
  const summary = await bookStudy(io, o, {
    id: 'fig-11-8',
    arms: BOOK_ARMS,
    runs,
    minibatches,
    title: `Figure 11-8: MCC of ${String(runs)} runs with and without momentum (${String(minibatches)} minibatches${o.quick ? ', quick' : ''}); book: 0.86413 +/- 0.00075 vs 0.85778 +/- 0.00056`,
  });
  const arms = Object.fromEntries(Object.entries(summary.arms).map(([k, v]) => [k, { mcc: v.mcc, mean: v.mean, se: v.se }]));
  const comparison = summary.comparisons.find((c) => c.a === 'momentum' && c.b === 'no-momentum')?.comparison ?? null;
  return { id: 'fig-11-8', title: 'Figure 11-8: repeated runs with and without momentum', results: { arms, comparison }, files: summary.files };
}

/** Figure 11-9: 100 runs with momentum and 10,000 minibatches; the MCC histogram and D'Agostino–Pearson. */
async function fig11_9(io: Io, o: TrainingExperimentOptions): Promise<ExperimentOutput> {
  const runs = o.runs ?? (o.quick ? 12 : 100);
  const minibatches = o.quick ? 1000 : 10_000;
  const summary = await bookStudy(io, o, {
    id: 'fig-11-9',
    arms: [BOOK_ARMS[0] as StudyArm],
    runs,
    minibatches,
    title: `Figure 11-9: MCC of ${String(runs)} runs with momentum (${String(minibatches)} minibatches${o.quick ? ', quick' : ''}); book: left-skewed, normaltest p ≈ 0`,
  });
  const arm = summary.arms.momentum;
  return {
    id: 'fig-11-9',
    title: 'Figure 11-9: the distribution of MCC over many runs',
    results: { arms: { momentum: { mcc: arm?.mcc ?? [], mean: arm?.mean ?? null, se: arm?.se ?? null } }, normaltest: arm?.normaltest ?? null },
    files: summary.files,
  };
}

interface OptimizerSummary {
  readonly name: string;
  readonly optimizer: string;
  readonly options: Record<string, number | boolean>;
  readonly accuracy: { mean: number; se: number };
  readonly seconds: { mean: number; se: number };
  readonly runs: { run: number; seed: number; accuracy: number; mcc: number; seconds: number }[];
}

/**
 * Figure 11-11: the small CNN trained with SGD, RMSprop, Adagrad and Adam (or any optimizers), five runs each, on
 * 16,384 random training images for 12 epochs of 128; mean ± SE of test accuracy and of training time, and which
 * differences in accuracy a Mann–Whitney test supports.
 */
async function fig11_11(io: Io, o: TrainingExperimentOptions): Promise<ExperimentOutput> {
  const model = resolveModel('small-cnn', o.cwd);
  const runs = o.runs ?? (o.quick ? 2 : 5);
  const epochs = o.epochs ?? (o.quick ? 2 : 12);
  const samples = o.samples ?? (o.quick ? 4096 : 16_384);
  const arms: StudyArm[] = [];
  for (const { name, overrides } of parseRaceList(o.optimizers ?? 'sgd,rmsprop,adagrad,adam')) {
    const plugin = await resolveOptimizer(name, o.cwd);
    const given = new Map<string, unknown>(Object.entries(model.defaults.optimizerOptions[plugin.id] ?? {}).map(([k, v]) => [k, String(v)]));
    for (const [k, v] of overrides) given.set(k, v);
    const taken = arms.filter((a) => a.name === plugin.id || a.name.startsWith(`${plugin.id}-`)).length;
    arms.push({ name: taken === 0 ? plugin.id : `${plugin.id}-${String(taken + 1)}`, optimizer: name, options: optionsFor(plugin, given) });
  }
  const title = `Figure 11-11: small CNN, ${String(runs)} runs × ${String(epochs)} epochs of 128 on ${String(samples)} images${o.quick ? ' (quick)' : ''}`;
  const collected = await collectRuns(
    io,
    {
      model: 'small-cnn',
      imageSize: 28,
      samples,
      samplesGiven: o.samples !== undefined,
      preferMnist: true,
      arms,
      runs,
      workers: o.workers,
      epochs,
      batchSize: 128,
      seed: o.seed,
      ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }),
      outDir: join(o.outDir, 'fig-11-11'),
      resume: true,
      json: o.json,
      title,
    },
    o.tty,
  );
  const meanSe = (values: number[]) => ({ mean: values.length > 0 ? mean(values) : Number.NaN, se: values.length > 1 ? standardError(values) : Number.NaN });
  const optimizers: OptimizerSummary[] = arms.map((arm) => {
    const mine = collected.runs.filter((r) => r.arm === arm.name).sort((a, b) => a.run - b.run);
    return {
      name: arm.name,
      optimizer: arm.optimizer,
      options: arm.options,
      accuracy: meanSe(mine.map((r) => r.accuracy)),
      seconds: meanSe(mine.map((r) => r.seconds)),
      runs: mine.map((r) => ({ run: r.run, seed: r.seed, accuracy: r.accuracy, mcc: r.mcc, seconds: r.seconds })),
    };
  });
  const pairwise: { a: string; b: string; U: number; p: number; method: string }[] = [];
  for (let i = 0; i < optimizers.length; i++) {
    for (let j = i + 1; j < optimizers.length; j++) {
      const [a, b] = [optimizers[i] as OptimizerSummary, optimizers[j] as OptimizerSummary];
      if (a.runs.length === 0 || b.runs.length === 0) continue;
      const test = mannWhitneyU(a.runs.map((r) => r.accuracy), b.runs.map((r) => r.accuracy));
      pairwise.push({ a: a.name, b: b.name, U: test.U, p: test.p, method: test.method });
    }
  }
  const svg = errorBarFigure({
    categories: optimizers.map((s) => s.name),
    panels: [
      { label: 'test accuracy', means: optimizers.map((s) => s.accuracy.mean), errors: optimizers.map((s) => s.accuracy.se) },
      { label: 'training time (s)', means: optimizers.map((s) => s.seconds.mean), errors: optimizers.map((s) => s.seconds.se) },
    ],
    title: `${collected.dataset.name}: mean ± SE of ${String(runs)} runs`,
  });
  const files = [writeFigure(io, svg, join(o.outDir, 'fig-11-11.svg')), writeFigure(io, svg, join(o.outDir, 'fig-11-11.png'))];
  const summary = { dataset: collected.dataset, runs, epochs, samples, batchSize: 128, optimizers, pairwise };
  files.push(writeFileAtomic(io, join(collected.outDir, 'summary.json'), `${JSON.stringify(summary, null, 1)}\n`));
  if (!o.json) {
    const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '–');
    io.stdout(`\n  ${'optimizer'.padEnd(12)} ${'test accuracy'.padEnd(20)} training seconds\n`);
    for (const s of optimizers) {
      io.stdout(`  ${s.name.padEnd(12)} ${`${f(s.accuracy.mean, 4)} ± ${f(s.accuracy.se, 4)}`.padEnd(20)} ${f(s.seconds.mean, 1)} ± ${f(s.seconds.se, 1)}  (${String(s.runs.length)} runs)\n`);
    }
    if (pairwise.length > 0) {
      io.stdout('\n  Mann–Whitney U on test accuracy, two-sided p:\n');
      for (const c of pairwise) io.stdout(`    ${c.a} vs ${c.b}: U = ${String(c.U)}, p = ${c.p.toPrecision(3)} (${c.method})\n`);
      // With n runs each, the exact test's smallest two-sided p is 2 / C(2n, n): 0.0079 for the book's five.
      let arrangements = 1;
      for (let k = 1; k <= runs; k++) arrangements = (arrangements * (runs + k)) / k;
      if (runs <= 8) io.stdout(`    (with ${String(runs)} runs each, no p can be below ${(2 / arrangements).toPrecision(2)})\n`);
    }
    io.stdout('  book (MNIST): SGD and RMSprop ≈ 0.5 % below Adagrad and Adam; RMSprop most variable; Adam best; SGD fastest, Adam slowest\n');
    for (const file of files) io.stdout(`  wrote ${file}\n`);
  }
  return { id: 'fig-11-11', title: 'Figure 11-11: optimizers compared on a small CNN', results: { ...summary, stopped: collected.stopped }, files };
}

export const trainingExperiments = [
  { id: 'listing-11-7', summary: 'the book’s network on Fashion-MNIST, without and with momentum', run: listing11_7 },
  { id: 'fig-11-8', summary: '22 runs with and 22 without momentum, compared (a study on worker threads)', run: fig11_8 },
  { id: 'fig-11-9', summary: '100 runs with momentum: the MCC histogram and a normality test', run: fig11_9 },
  { id: 'fig-11-11', summary: 'SGD, RMSprop, Adagrad and Adam on a small CNN, 5 runs each: accuracy and time', run: fig11_11 },
] as const;
