import { momentumPlugin } from '@descent/optimizer-momentum';
import { sgdPlugin } from '@descent/optimizer-sgd';
import type { OptimizerPluginV1 } from '@descent/optim';
import { resolveDataset } from './datasets.js';
import type { Io } from './io.js';
import { bookReport, train } from './training.js';

export interface TrainingExperimentOptions {
  readonly dataDir?: string;
  readonly seed: number;
  readonly json: boolean;
  readonly tty: boolean;
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

export const trainingExperiments = [
  { id: 'listing-11-7', summary: 'the book’s network on Fashion-MNIST, without and with momentum', run: listing11_7 },
] as const;
