import { momentumPlugin } from '@descent/optimizer-momentum';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { BOOK_MLP, FIGURE_11_11, FIGURE_11_8, FIGURE_11_9, LISTING_11_7, runLengthText } from '@descent/nn';
import type { OptimizerPluginV1 } from '@descent/optim';
import { join } from 'node:path';
import { errorBarFigure } from '@descent/plot';
import { mannWhitneyU } from '@descent/stats';
import { parseOptimizerList } from '../optimizer-list.js';
import { collectRuns, executeStudy } from '../study/study-execution.js';
import { writeFigure } from '../figure-files.js';
import { writeFileAtomic } from '../io.js';
import { resolveModel } from '../models.js';
import { optionsFor } from '../optimizer-flags.js';
import { requireGradientSteps, resolveOptimizer } from '../optimizer-resolver.js';
import { resolveDataset } from '../datasets.js';
import { formatMeanSe, meanSe } from '../study/study-format.js';
import { laggingOptimizer, momentumContradicts, normalityContradicts, quickNote } from '../study/quick-notes.js';
import { isDiverged, type FinishedRun, type StudyArm } from '../study/study-types.js';
import type { Io } from '../io.js';
import type { Experiment, ExperimentOutput, ExperimentSettings } from './experiment.js';
import { divergedAt } from '../divergence.js';
import { bookReport, outcomeScores, train } from '../training.js';
import { threadsText } from '../thread-flags.js';

/** Listing 11-7: the book's network on Fashion-MNIST without momentum (η = 1.0) and with μ = 0.9 (η = 0.2). */
async function listing11_7(io: Io, o: ExperimentSettings): Promise<ExperimentOutput> {
  const dataset = await resolveDataset(io, undefined, o.dataDir, 14);
  const title = 'Listing 11-7: the book’s network on Fashion-MNIST, without and with momentum';
  const { length, batchSize } = LISTING_11_7;
  if (!o.json) io.stdout(`\n${title}\n  data: ${dataset.name} from ${dataset.source}; ${runLengthText(length)} of ${String(batchSize)}; seed ${String(o.seed)}\n`);
  const runs: { name: string; plugin: OptimizerPluginV1; options: Record<string, number>; book: { accuracy: number; mcc: number } }[] = [
    { name: 'no momentum', plugin: sgdPlugin as unknown as OptimizerPluginV1, options: { ...LISTING_11_7.noMomentum.options, weightDecay: 0 }, book: LISTING_11_7.noMomentum.book },
    {
      name: `momentum ${String(LISTING_11_7.momentum.options.momentum)}`,
      plugin: momentumPlugin as unknown as OptimizerPluginV1,
      options: { ...LISTING_11_7.momentum.options, dampening: 0, weightDecay: 0 },
      book: LISTING_11_7.momentum.book,
    },
  ];
  const results = [];
  for (const run of runs) {
    const outcome = await train(io, { dataset, model: BOOK_MLP, plugin: run.plugin, options: run.options, ...length, batchSize, seed: o.seed, threads: o.threads ?? 1, progress: !o.json }, o.tty);
    const { diverged } = outcome.fit;
    if (!o.json) {
      io.stdout(`\n  ${run.name} (${run.plugin.id}, ${Object.entries(run.options).map(([k, v]) => `${k}=${String(v)}`).join(' ')}), ${outcome.fit.seconds.toFixed(1)}s on ${threadsText(outcome.threads)}:\n`);
      // The book's settings do not diverge; if they ever do here, say so rather than print a NaN network's scores.
      if (diverged !== undefined) io.stdout(`  ${divergedAt(diverged.step, 'minibatch')} (the loss became ${String(outcome.fit.loss)}): not the book's result\n`);
      else io.stdout(bookReport(outcome).replace(/^/gm, '  '));
      io.stdout(`  book: accuracy = ${run.book.accuracy.toFixed(7)}, MCC = ${run.book.mcc.toFixed(7)}\n`);
    }
    // threads: what the network's pool ran on (net.threads), not the flag: a silent fallback to one thread shows here.
    results.push({ name: run.name, optimizer: run.plugin.id, options: run.options, ...outcomeScores(outcome), seconds: outcome.fit.seconds, threads: outcome.threads, book: run.book });
  }
  return {
    id: 'listing-11-7',
    title,
    results: { dataset: { name: dataset.name, source: dataset.source }, seed: o.seed, ...length, batchSize, runs: results },
    files: [],
  };
}

/**
 * The studies' sizes: the book's, and the quick form that `reproduce all` (and `--quick`) runs, a few minutes in all
 * on two cores. A quick study keeps its own folder (`fig-11-8-quick/`), so it never stands in the way of a full one.
 */
export const STUDY_SIZES = {
  'fig-11-8': { full: { runs: FIGURE_11_8.runs, ...FIGURE_11_8.length }, quick: { runs: 6, minibatches: 10_000 } },
  'fig-11-9': { full: { runs: FIGURE_11_9.runs, ...FIGURE_11_9.length }, quick: { runs: 12, minibatches: 1000 } },
  'fig-11-11': { full: { runs: FIGURE_11_11.runs, ...FIGURE_11_11.length, samples: FIGURE_11_11.samples }, quick: { runs: 2, epochs: 2, samples: 4096 } },
} as const;

/** "6 runs × 10,000 minibatches" or "2 runs × 2 epochs on 4,096 images" (per arm). */
export function sizeText(size: { runs: number; minibatches?: number; epochs?: number; samples?: number }): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const length = size.minibatches === undefined ? `${n(size.epochs ?? 0)} epochs on ${n(size.samples ?? 0)} images` : `${n(size.minibatches)} minibatches`;
  return `${n(size.runs)} runs × ${length}`;
}

/** What `reproduce all` says before its studies: that they are the quick form, with the sizes used and the book's. */
export function quickFormNotice(): string {
  const each = Object.entries(STUDY_SIZES).map(([id, s]) => `  ${id}: ${sizeText(s.quick)} per arm (the book: ${sizeText(s.full)})`);
  return `The studies run in their quick form here, smaller than the book's:\n${each.join('\n')}\n  \`descent reproduce fig-11-8\` (or fig-11-9, fig-11-11) runs one at the book's size, in its own folder.\n`;
}

/** A study's folder: the quick form's apart from the full one's. */
const studyDir = (o: ExperimentSettings, id: string) => join(o.outDir, o.quick ? `${id}-quick` : id);

/** Prints a quick form's note (when there is one) and returns it for --json. */
function sayNote(io: Io, o: ExperimentSettings, note: string | null): string | null {
  if (note !== null && !o.json) io.stdout(`  note: ${note}\n`);
  return note;
}

// Momentum first, as the book's fmnist_analyze.py compares them ("t-test momentum vs no").
const BOOK_ARMS: StudyArm[] = [
  { name: 'momentum', optimizer: LISTING_11_7.momentum.optimizer, options: { ...LISTING_11_7.momentum.options, dampening: 0, weightDecay: 0 } },
  { name: 'no-momentum', optimizer: LISTING_11_7.noMomentum.optimizer, options: { ...LISTING_11_7.noMomentum.options, weightDecay: 0 } },
];

/** A study of listing 11-7's settings (the book's network, minibatches of 64), as figures 11-8 and 11-9 run them. */
function bookStudy(io: Io, o: ExperimentSettings, study: { id: string; arms: StudyArm[]; runs: number; minibatches: number; title: string }) {
  return executeStudy(
    io,
    {
      model: 'book-mlp',
      imageSize: LISTING_11_7.imageSize,
      arms: study.arms,
      runs: study.runs,
      workers: o.workers,
      minibatches: study.minibatches,
      batchSize: LISTING_11_7.batchSize,
      seed: o.seed,
      ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }),
      outDir: studyDir(o, study.id),
      resume: true,
      json: o.json,
      title: study.title,
    },
    o.tty,
  );
}

/** Figure 11-8: 22 runs of each of listing 11-7's settings, their MCCs compared as fmnist_analyze.py does. */
async function fig11_8(io: Io, o: ExperimentSettings): Promise<ExperimentOutput> {
  const sizes = STUDY_SIZES['fig-11-8'];
  const runs = o.runs ?? (o.quick ? sizes.quick : sizes.full).runs;
  const { minibatches } = o.quick ? sizes.quick : sizes.full;
  const summary = await bookStudy(io, o, {
    id: 'fig-11-8',
    arms: BOOK_ARMS,
    runs,
    minibatches,
    title: `Figure 11-8: MCC of ${String(runs)} runs with and without momentum (${String(minibatches)} minibatches${o.quick ? ', quick' : ''}); book: 0.86413 +/- 0.00075 vs 0.85778 +/- 0.00056`,
  });
  const arms = Object.fromEntries(Object.entries(summary.arms).map(([k, v]) => [k, { mcc: v.mcc, mean: v.mean, se: v.se, diverged: v.diverged }]));
  const comparison = summary.comparisons.find((c) => c.a === 'momentum' && c.b === 'no-momentum')?.comparison ?? null;
  const [m, n] = [summary.arms.momentum, summary.arms['no-momentum']];
  const p = comparison?.ttest.p ?? null;
  const note = sayNote(
    io,
    o,
    o.quick && momentumContradicts(m?.mean ?? null, n?.mean ?? null, p)
      ? quickNote({
          effect: 'momentum ahead, MCC 0.86413 vs 0.85778, t-test p = 3e-8',
          here: `${formatMeanSe(m?.mcc ?? [], 5)} vs ${formatMeanSe(n?.mcc ?? [], 5)}${p === null ? '' : `, p = ${p.toPrecision(2)}`}`,
          quickSize: sizeText({ runs, minibatches }),
          command: 'descent reproduce fig-11-8',
          fullSize: sizeText(sizes.full),
        })
      : null,
  );
  return { id: 'fig-11-8', title: 'Figure 11-8: repeated runs with and without momentum', results: { arms, comparison, quickNote: note }, files: summary.files };
}

/** Figure 11-9: 100 runs with momentum and 10,000 minibatches; the MCC histogram and D'Agostino–Pearson. */
async function fig11_9(io: Io, o: ExperimentSettings): Promise<ExperimentOutput> {
  const sizes = STUDY_SIZES['fig-11-9'];
  const runs = o.runs ?? (o.quick ? sizes.quick : sizes.full).runs;
  const { minibatches } = o.quick ? sizes.quick : sizes.full;
  const summary = await bookStudy(io, o, {
    id: 'fig-11-9',
    arms: [BOOK_ARMS[0] as StudyArm],
    runs,
    minibatches,
    title: `Figure 11-9: MCC of ${String(runs)} runs with momentum (${String(minibatches)} minibatches${o.quick ? ', quick' : ''}); book: left-skewed, normaltest p ≈ 0`,
  });
  const arm = summary.arms.momentum;
  const p = arm?.normaltest?.p ?? null;
  const note = sayNote(
    io,
    o,
    o.quick && normalityContradicts(p)
      ? quickNote({
          effect: 'a left-skewed distribution, normaltest p ≈ 0',
          here: p === null ? `${String(arm?.mcc.length ?? 0)} runs, too few for the normal test (it needs 8)` : `normaltest p = ${p.toPrecision(2)}`,
          quickSize: sizeText({ runs, minibatches }),
          command: 'descent reproduce fig-11-9',
          fullSize: sizeText(sizes.full),
        })
      : null,
  );
  return {
    id: 'fig-11-9',
    title: 'Figure 11-9: the distribution of MCC over many runs',
    results: { arms: { momentum: { mcc: arm?.mcc ?? [], mean: arm?.mean ?? null, se: arm?.se ?? null, diverged: arm?.diverged ?? [] } }, normaltest: arm?.normaltest ?? null, quickNote: note },
    files: summary.files,
  };
}

interface OptimizerSummary {
  readonly name: string;
  readonly optimizer: string;
  readonly options: Record<string, number | boolean | string>;
  /** Over the runs that did not diverge; null below one (mean) and two (SE) runs. */
  readonly accuracy: { mean: number | null; se: number | null };
  readonly seconds: { mean: number | null; se: number | null };
  readonly runs: { run: number; seed: number; accuracy: number; mcc: number; seconds: number }[];
  readonly diverged: { run: number; step: number }[];
}

/**
 * Figure 11-11: the small CNN trained with SGD, RMSprop, Adagrad and Adam (or any optimizers), five runs each, on
 * 16,384 random training images for 12 epochs of 128; mean ± SE of test accuracy and of training time, and which
 * differences in accuracy a Mann–Whitney test supports.
 */
async function fig11_11(io: Io, o: ExperimentSettings): Promise<ExperimentOutput> {
  const model = resolveModel('small-cnn', o.cwd);
  const sizes = STUDY_SIZES['fig-11-11'];
  const runs = o.runs ?? (o.quick ? sizes.quick : sizes.full).runs;
  const epochs = o.epochs ?? (o.quick ? sizes.quick : sizes.full).epochs;
  const samples = o.samples ?? (o.quick ? sizes.quick : sizes.full).samples;
  const arms: StudyArm[] = [];
  for (const { name, overrides } of parseOptimizerList(o.optimizers ?? Object.keys(FIGURE_11_11.optimizers).join(','))) {
    const plugin = await resolveOptimizer(name, o.cwd);
    requireGradientSteps(plugin, '--optimizers');
    const given = new Map<string, unknown>(Object.entries(model.defaults.optimizerOptions[plugin.id] ?? {}).map(([k, v]) => [k, String(v)]));
    for (const [k, v] of overrides) given.set(k, v);
    const taken = arms.filter((a) => a.name === plugin.id || a.name.startsWith(`${plugin.id}-`)).length;
    arms.push({ name: taken === 0 ? plugin.id : `${plugin.id}-${String(taken + 1)}`, optimizer: name, options: optionsFor(plugin, given) });
  }
  const title = `Figure 11-11: small CNN, ${String(runs)} runs × ${String(epochs)} epochs of ${String(FIGURE_11_11.batchSize)} on ${String(samples)} images${o.quick ? ' (quick)' : ''}`;
  const collected = await collectRuns(
    io,
    {
      model: 'small-cnn',
      imageSize: FIGURE_11_11.imageSize,
      samples,
      samplesGiven: o.samples !== undefined,
      preferMnist: true,
      arms,
      runs,
      workers: o.workers,
      epochs,
      batchSize: FIGURE_11_11.batchSize,
      seed: o.seed,
      ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }),
      outDir: studyDir(o, 'fig-11-11'),
      resume: true,
      json: o.json,
      title,
    },
    o.tty,
  );
  const optimizers: OptimizerSummary[] = arms.map((arm) => {
    const all = collected.runs.filter((r) => r.arm === arm.name).sort((a, b) => a.run - b.run);
    // Diverged runs have no accuracy: they are listed, never averaged in.
    const mine = all.filter((r): r is FinishedRun => !isDiverged(r));
    return {
      name: arm.name,
      optimizer: arm.optimizer,
      options: arm.options,
      accuracy: meanSe(mine.map((r) => r.accuracy)),
      seconds: meanSe(mine.map((r) => r.seconds)),
      runs: mine.map((r) => ({ run: r.run, seed: r.seed, accuracy: r.accuracy, mcc: r.mcc, seconds: r.seconds })),
      diverged: all.filter(isDiverged).map((r) => ({ run: r.run, step: r.diverged.step })),
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
  // An optimizer with no finished run has no bar; a missing SE draws no error bar.
  const drawn = optimizers.filter((s) => s.runs.length > 0);
  const svg = errorBarFigure({
    categories: drawn.map((s) => s.name),
    panels: [
      { label: 'test accuracy', means: drawn.map((s) => s.accuracy.mean ?? Number.NaN), errors: drawn.map((s) => s.accuracy.se ?? Number.NaN) },
      { label: 'training time (s)', means: drawn.map((s) => s.seconds.mean ?? Number.NaN), errors: drawn.map((s) => s.seconds.se ?? Number.NaN) },
    ],
    title: `Figure 11-11: ${collected.dataset.name}, mean ± SE of ${String(runs)} runs`,
    xLabel: 'optimizer',
  });
  const figure = o.quick ? 'fig-11-11-quick' : 'fig-11-11';
  const files = [writeFigure(io, svg, join(o.outDir, `${figure}.svg`)), writeFigure(io, svg, join(o.outDir, `${figure}.png`))];
  const summary = { dataset: collected.dataset, runs, epochs, samples, batchSize: FIGURE_11_11.batchSize, optimizers, pairwise };
  files.push(writeFileAtomic(io, join(collected.outDir, 'summary.json'), `${JSON.stringify(summary, null, 1)}\n`));
  if (!o.json) {
    io.stdout(`\n  ${'optimizer'.padEnd(12)} ${'test accuracy'.padEnd(24)} training seconds\n`);
    for (const s of optimizers) {
      const diverged = s.diverged.length === 0 ? '' : `; ${String(s.diverged.length)} of ${String(s.runs.length + s.diverged.length)} runs diverged`;
      io.stdout(
        `  ${s.name.padEnd(12)} ${formatMeanSe(s.runs.map((r) => r.accuracy), 4, '±').padEnd(24)} ${formatMeanSe(s.runs.map((r) => r.seconds), 1, '±')}  (${String(s.runs.length)} runs${diverged})\n`,
      );
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
  }
  const lagging = laggingOptimizer(optimizers.map((s) => ({ name: s.name, accuracy: s.accuracy.mean })));
  const note = sayNote(
    io,
    o,
    o.quick && lagging !== null
      ? quickNote({
          effect: 'the four optimizers within about half a point of accuracy',
          here: `${lagging.name} at ${lagging.accuracy.toFixed(4)}, ${(100 * lagging.gap).toFixed(1)} points below ${lagging.best}`,
          quickSize: sizeText({ runs, epochs, samples }),
          command: 'descent reproduce fig-11-11',
          fullSize: sizeText(sizes.full),
        })
      : null,
  );
  if (!o.json) for (const file of files) io.stdout(`  wrote ${file}\n`);
  return { id: 'fig-11-11', title: 'Figure 11-11: optimizers compared on a small CNN', results: { ...summary, stopped: collected.stopped, quickNote: note }, files };
}

/** The `reproduce` targets that train networks, after the surfaces' figures in the chapter's order. */
export const trainingExperiments: readonly Experiment[] = [
  { id: 'listing-11-7', summary: 'the book’s network on Fashion-MNIST, without and with momentum', trains: true, run: listing11_7 },
  { id: 'fig-11-8', summary: '22 runs with and 22 without momentum, compared (a study on worker threads)', trains: true, run: fig11_8 },
  { id: 'fig-11-9', summary: '100 runs with momentum: the MCC histogram and a normality test', trains: true, run: fig11_9 },
  { id: 'fig-11-11', summary: 'SGD, RMSprop, Adagrad and Adam on a small CNN, 5 runs each: accuracy and time', trains: true, run: fig11_11 },
];
