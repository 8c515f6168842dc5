import { availableParallelism } from 'node:os';
import { countArgument, DEFAULT_SEED, positiveArgument } from '../arguments.js';
import { UsageError } from '../errors.js';
import { allCores, threadsArgument } from '../thread-flags.js';
import type { Io } from '../io.js';
import { prepareOutputFolder } from '../output-paths.js';
import { reproduceTunedFigure } from '../experiments/tuned-figure.js';
import type { Experiment, ExperimentOutput, ExperimentSettings } from '../experiments/experiment.js';
import { surfaceExperiments } from '../experiments/surface-experiments.js';
import { quickFormNotice, trainingExperiments } from '../experiments/training-experiments.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

interface ReproduceArguments {
  readonly out?: string;
  readonly json?: boolean;
  readonly list?: boolean;
  readonly dataDir?: string;
  readonly seed?: string;
  readonly runs?: string;
  readonly quick?: boolean;
  readonly workers?: string;
  readonly threads?: string;
  readonly optimizers?: string;
  readonly epochs?: string;
  readonly samples?: string;
  /** fig-11-11 only: the chapter's optimizers tuned with equal budgets (`descent benchmark`), beside its settings. */
  readonly tuned?: boolean;
}

/** Every target of `descent reproduce`, in the chapter's order: the surfaces' figures and tables, then the training experiments. */
const EXPERIMENTS: readonly Experiment[] = [...surfaceExperiments, ...trainingExperiments];

const allIds = () => EXPERIMENTS.map((e) => e.id);

/** `descent reproduce <id>|all`: runs the chapter's experiments, prints ours beside the book's, writes the figures. */
async function reproduceCommand(io: Io, id: string | undefined, args: ReproduceArguments, tty: boolean): Promise<void> {
  if (args.list === true || id === undefined) {
    if (id === undefined && args.list !== true) {
      throw new UsageError(`reproduce needs an experiment id or 'all'; known: ${allIds().join(', ')} (see --list)`);
    }
    for (const e of EXPERIMENTS) io.stdout(`${e.id.padEnd(13)} ${e.summary}${e.sameAs === undefined ? '' : ` (printed with ${e.sameAs})`}\n`);
    return;
  }
  const selected = EXPERIMENTS.filter((e) => (id === 'all' ? e.sameAs === undefined : e.id === id));
  if (selected.length === 0) throw new UsageError(`unknown experiment '${id}'; known: ${allIds().join(', ')}, all`);
  const seed = countArgument('--seed', args.seed, DEFAULT_SEED, 4_294_967_295);
  const dir = args.out ?? 'descent-out';
  // Every flag is read before the first experiment runs, so that a wrong --runs never waits for the others.
  const settings: ExperimentSettings = {
    ...(args.dataDir === undefined ? {} : { dataDir: args.dataDir }),
    ...(args.runs === undefined ? {} : { runs: positiveArgument('--runs', args.runs, 1, 100_000) }),
    seed,
    json: args.json === true,
    tty,
    // `reproduce all` runs the studies in their quick form.
    quick: args.quick === true || id === 'all',
    outDir: dir,
    workers: positiveArgument('--workers', args.workers, availableParallelism(), 256),
    threads: threadsArgument(args.threads, allCores()),
    ...(args.optimizers === undefined ? {} : { optimizers: args.optimizers }),
    ...(args.epochs === undefined ? {} : { epochs: positiveArgument('--epochs', args.epochs, 1, 100_000) }),
    ...(args.samples === undefined ? {} : { samples: positiveArgument('--samples', args.samples, 1, 100_000_000) }),
    cwd: io.cwd,
  };
  // Checked (and made) before the first experiment runs: `--out FILE` is a usage error, not a stack trace later.
  prepareOutputFolder(io, '--out', dir);
  if (args.tuned === true) {
    if (id !== 'fig-11-11') throw new UsageError(`--tuned is for fig-11-11 (the optimizers tuned with equal budgets), not '${id}'`);
    const outcome = await reproduceTunedFigure(io, settings);
    if (args.json === true) io.stdout(`${JSON.stringify(outcome.summary)}\n`);
    return;
  }
  const outputs: ExperimentOutput[] = [];
  const firstTraining = selected.findIndex((e) => e.trains);
  for (const [i, experiment] of selected.entries()) {
    // `reproduce all` says, before its studies, that they are the quick form, and how large that is beside the book's.
    if (id === 'all' && !settings.json && i === firstTraining) io.stdout(`\n${quickFormNotice()}`);
    outputs.push(await experiment.run(io, settings));
  }
  if (args.json === true) io.stdout(`${JSON.stringify(id === 'all' ? outputs : outputs[0])}\n`);
}

export function register(program: Command, { io, tty }: CommandContext): void {
  program
    .command('reproduce')
    .description("reproduce the chapter's experiments: an id, or all")
    .argument('[id]', 'fig-11-1 … table-11-2, listing-11-7, fig-11-8, fig-11-9, fig-11-11, or all')
    .option('--out <dir>', 'where figures are written', 'descent-out')
    .option('--data-dir <dir>', 'a directory with the Fashion-MNIST IDX files')
    .option('--seed <n>', `seed of the training runs (default ${String(DEFAULT_SEED)}, as in every command)`, String(DEFAULT_SEED))
    .option('--runs <n>', 'runs of each arm of a study (fig-11-8, fig-11-9, fig-11-11)')
    .option('--quick', 'shrink the studies: fewer runs of fewer minibatches')
    .option('--tuned', 'fig-11-11: tune each optimizer with the same budget (descent benchmark) and show it beside the chapter\'s settings')
    .option('--workers <n>', 'worker threads for the studies (default: one per core)')
    .option('--threads <n>', 'threads of a single training (listing-11-7; default: all cores; the same results for any count); studies train each run on 1')
    .option('--optimizers <list>', 'fig-11-11: the optimizers, each optionally with overrides (sgd,rmsprop,adagrad,adam:lr=0.002)')
    .option('--epochs <n>', 'fig-11-11: epochs of each run (default 12)')
    .option('--samples <n>', 'fig-11-11: random training images per run (default 16384)')
    .option('--json', 'print the results as JSON')
    .option('--list', 'list the experiments')
    .action(async (id: string | undefined, o: ReproduceArguments) => {
      await reproduceCommand(io, id, o, tty);
    });
}
