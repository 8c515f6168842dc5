import { momentumPlugin } from '@descent/optimizer-momentum';
import { sgdPlugin } from '@descent/optimizer-sgd';
import type { OptimizerPluginV1 } from '@descent/optim';
import { join } from 'node:path';
import { executeStudy } from './commands/study-command.js';
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
    const outcome = await train(io, { dataset, model: 'book-mlp', plugin: run.plugin, options: run.options, minibatches: 40_000, batchSize: 64, seed: o.seed, progress: !o.json }, o.tty);
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

/** Figure 11-8: 22 runs of each of listing 11-7's settings, their MCCs compared as fmnist_analyze.py does. */
async function fig11_8(io: Io, o: TrainingExperimentOptions): Promise<ExperimentOutput> {
  const runs = o.runs ?? (o.quick ? 6 : 22);
  const minibatches = o.quick ? 10_000 : 40_000;
  const summary = await executeStudy(
    io,
    {
      arms: BOOK_ARMS,
      runs,
      workers: o.workers,
      minibatches,
      batchSize: 64,
      seed: o.seed,
      ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }),
      outDir: join(o.outDir, 'fig-11-8'),
      resume: true,
      json: o.json,
      title: `Figure 11-8: MCC of ${String(runs)} runs with and without momentum (${String(minibatches)} minibatches${o.quick ? ', quick' : ''}); book: 0.86413 +/- 0.00075 vs 0.85778 +/- 0.00056`,
    },
    o.tty,
  );
  const arms = Object.fromEntries(Object.entries(summary.arms).map(([k, v]) => [k, { mcc: v.mcc, mean: v.mean, se: v.se }]));
  const comparison = summary.comparisons.find((c) => c.a === 'momentum' && c.b === 'no-momentum')?.comparison ?? null;
  return { id: 'fig-11-8', title: 'Figure 11-8: repeated runs with and without momentum', results: { arms, comparison }, files: summary.files };
}

/** Figure 11-9: 100 runs with momentum and 10,000 minibatches; the MCC histogram and D'Agostino–Pearson. */
async function fig11_9(io: Io, o: TrainingExperimentOptions): Promise<ExperimentOutput> {
  const runs = o.runs ?? (o.quick ? 12 : 100);
  const minibatches = o.quick ? 1000 : 10_000;
  const summary = await executeStudy(
    io,
    {
      arms: [BOOK_ARMS[0] as StudyArm],
      runs,
      workers: o.workers,
      minibatches,
      batchSize: 64,
      seed: o.seed,
      ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }),
      outDir: join(o.outDir, 'fig-11-9'),
      resume: true,
      json: o.json,
      title: `Figure 11-9: MCC of ${String(runs)} runs with momentum (${String(minibatches)} minibatches${o.quick ? ', quick' : ''}); book: left-skewed, normaltest p ≈ 0`,
    },
    o.tty,
  );
  const arm = summary.arms.momentum;
  return {
    id: 'fig-11-9',
    title: 'Figure 11-9: the distribution of MCC over many runs',
    results: { arms: { momentum: { mcc: arm?.mcc ?? [], mean: arm?.mean ?? null, se: arm?.se ?? null } }, normaltest: arm?.normaltest ?? null },
    files: summary.files,
  };
}

export const trainingExperiments = [
  { id: 'listing-11-7', summary: 'the book’s network on Fashion-MNIST, without and with momentum', run: listing11_7 },
  { id: 'fig-11-8', summary: '22 runs with and 22 without momentum, compared (a study on worker threads)', run: fig11_8 },
  { id: 'fig-11-9', summary: '100 runs with momentum: the MCC histogram and a normality test', run: fig11_9 },
] as const;
