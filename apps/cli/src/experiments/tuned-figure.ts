import { join } from 'node:path';
import { formatMeanSe, type BenchmarkOptimizer, type BenchmarkSettings } from '@descent/benchmark';
import { FIGURE_11_11 } from '@descent/nn';
import type { Io } from '../io.js';
import { prepareOutputFolder } from '../output-paths.js';
import { requireGradientSteps, resolveOptimizer } from '../optimizer-resolver.js';
import { executeBenchmark, type BenchmarkOutcome } from '../benchmark/benchmark-execution.js';
import type { ExperimentSettings } from './experiment.js';

/**
 * The benchmark that `reproduce fig-11-11 --tuned` runs: 16 trials per optimizer and the book's 5 seeds; quick, 4 trials,
 * 2 seeds and 32 steps (a look in about a minute); `runs`, the seeds of both the tuned and the book's settings.
 */
export function tunedFigureSettings(o: Pick<ExperimentSettings, 'seed' | 'quick' | 'runs'>): BenchmarkSettings {
  return {
    workloads: ['cnn-fmnist'],
    optimizers: Object.keys(FIGURE_11_11.optimizers),
    trials: o.quick ? 4 : 16,
    seeds: o.runs ?? (o.quick ? 2 : FIGURE_11_11.runs),
    pruner: 'asha',
    seed: o.seed,
    ...(o.quick ? { steps: 32 } : {}),
  };
}

/**
 * `descent reproduce fig-11-11 --tuned`: the chapter's four optimizers on its small CNN (the cnn-fmnist workload),
 * each tuned with the same budget (16 quasi-random trials, successive halving), beside the learning rates the chapter
 * picked, run with the same seeds. Writes the benchmark's files to DIR/fig-11-11-tuned and prints both side by side.
 */
export async function reproduceTunedFigure(io: Io, o: ExperimentSettings): Promise<BenchmarkOutcome> {
  const settings = tunedFigureSettings(o);
  const optimizers: BenchmarkOptimizer[] = [];
  for (const [id, options] of Object.entries(FIGURE_11_11.optimizers)) {
    const plugin = await resolveOptimizer(id, io.cwd);
    requireGradientSteps(plugin, '--optimizers');
    optimizers.push({ spec: id, plugin, untuned: { ...options } });
  }
  const outDir = prepareOutputFolder(io, '--out', join(o.outDir, o.quick ? 'fig-11-11-tuned-quick' : 'fig-11-11-tuned'));
  // Resumed by default: the figure's folder is its own, and a second call should not train everything again.
  const outcome = await executeBenchmark(io, { settings, optimizers, workers: o.workers, outDir, resume: true, ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }), tty: o.tty, quiet: o.json });
  if (o.json) return outcome;
  const w = outcome.summary.workloads[0];
  io.stdout(
    `\nFigure 11-11, tuned: the small CNN (${String(w?.steps ?? 0)} steps of 128 on 4,096 Fashion-MNIST images), ${String(settings.trials)} trials per optimizer with successive halving, ${String(settings.seeds)} seeds\n`,
  );
  io.stdout(`  ${'optimizer'.padEnd(10)} ${"the chapter's settings: test error".padEnd(44)} tuned: test error\n`);
  for (const opt of w?.optimizers ?? []) {
    const chosen = (FIGURE_11_11.optimizers as Readonly<Record<string, Readonly<Record<string, number>> | undefined>>)[opt.name] ?? {};
    const book = Object.entries(opt.default.options).filter(([k]) => k in chosen);
    const bookText = `${book.map(([k, v]) => `${k}=${String(v)}`).join(' ')}: ${formatMeanSe(opt.default.final)}`;
    io.stdout(`  ${opt.name.padEnd(10)} ${bookText.padEnd(44)} lr=${String(opt.best.lr)}: ${formatMeanSe(opt.final)}\n`);
  }
  io.stdout('  book (MNIST): SGD and RMSprop ≈ 0.5 % below Adagrad and Adam; RMSprop most variable; Adam best; SGD fastest, Adam slowest\n');
  io.stdout(`  scores (steps to target ${String(w?.target ?? '')}): ${Object.entries(outcome.summary.score).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}\n`);
  io.stdout(`  files in ${outDir}\n`);
  return outcome;
}
