import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { OptimizerPluginV1 } from '@descent/optim';
import { listOptimizers, listSurfaces } from './commands/list-commands.js';
import { pathCommand, type PathArguments } from './commands/path-command.js';
import { parseRaceList, raceCommand, type RaceArguments } from './commands/race-command.js';
import { dataExport, dataInfo, type ExportArguments } from './commands/data-command.js';
import { statsCompare, statsHistogram, statsMcc, statsNormaltest, type CompareArguments } from './commands/stats-command.js';
import { reproduceCommand, type ReproduceArguments } from './commands/reproduce-command.js';
import { studyCommand, type StudyArguments } from './commands/study-command.js';
import { benchmarkCommand, calibrateCommand, type BenchmarkArguments } from './commands/benchmark-command.js';
import { workerCommand, type WorkerArguments } from './commands/worker-command.js';
import { queueCleanCommand, queueStatusCommand } from './commands/queue-command.js';
import { SCHEDULE_FLAG_HELP, scheduleCommand, type ScheduleArguments } from './commands/schedule-command.js';
import { trainCommand, type TrainArguments } from './commands/train-command.js';
import { FailureError, UsageError } from './errors.js';
import type { Io } from './io.js';
import { DEFAULT_SEED } from './arguments.js';
import { DIVERGENCE_HELP } from './divergence.js';
import { COMMAND_EXAMPLES } from './examples.js';
import { addOptimizerFlags, givenOptimizerOptions } from './optimizer-flags.js';
import { addTransformFlags } from './transform-flags.js';
import { builtinOptimizers, requireGradientSteps, resolveOptimizer } from './optimizer-resolver.js';

/** The value of `--name X` or `--name=X` in raw arguments, read before parsing to load plugins. */
function peek(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === name) return argv[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

/**
 * Third-party optimizers named on the command line are loaded first, so that their options become flags like the
 * built-in ones.
 */
async function pluginsNamedIn(argv: readonly string[], cwd: string): Promise<OptimizerPluginV1[]> {
  const names = [peek(argv, '--optimizer'), ...(peek(argv, '--optimizers')?.split(',') ?? []).map((s) => s.split(':')[0])];
  const plugins: OptimizerPluginV1[] = [];
  for (const name of names) {
    if (name === undefined || name.trim() === '' || builtinOptimizers.has(name.trim())) continue;
    plugins.push(await resolveOptimizer(name.trim(), cwd));
  }
  return plugins;
}

/** The version in the command's package.json (src/ and dist/ both sit one folder below it). */
function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** One default seed for every command that draws random numbers, said the same way in each one's help. */
const SEED_HELP = {
  reproduce: `seed of the training runs (default ${String(DEFAULT_SEED)}, as in every command)`,
  train: `seed of the run: initial weights and minibatches (default ${String(DEFAULT_SEED)}, as in every command)`,
  study: `run i of every arm uses seed + i (default ${String(DEFAULT_SEED)}, as in every command)`,
};

/** Every command and subcommand with its path from the root: `[]`, `['path']`, `['stats', 'compare']` … */
function commandsOf(program: Command, path: string[] = []): { path: string[]; command: Command }[] {
  return [{ path, command: program }, ...program.commands.flatMap((c) => commandsOf(c, [...path, c.name()]))];
}

/** An "Examples:" block at the end of every command's help, from examples.ts. */
function addExamples(program: Command): void {
  for (const { path, command } of commandsOf(program)) {
    const lines = COMMAND_EXAMPLES[path.join(' ')];
    if (lines !== undefined) command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  }
}

/**
 * `descent data wher --help` would print `data`'s help, as if the word were not there: commander only sees the
 * unknown word after it has answered --help. A word that names no subcommand of a command that has subcommands is a
 * usage error, with commander's suggestion.
 */
function checkSubcommandWords(program: Command, argv: readonly string[]): void {
  let command = program;
  for (const word of argv) {
    if (word.startsWith('-') || command.commands.length === 0) return;
    // `help` is commander's own command (`descent help path`): it answers it, once the words after it are known.
    if (word === 'help') continue;
    const next = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (next === undefined) {
      const names = command.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      const near = names.filter((n) => n.startsWith(word) || editDistance(n, word) <= Math.max(1, Math.floor(n.length / 3)));
      const where = command === program ? '' : ` of '${commandsOf(program).find((c) => c.command === command)?.path.join(' ') ?? ''}'`;
      throw new UsageError(`unknown command '${word}'${where}${near.length > 0 ? ` (Did you mean ${near.join(' or ')}?)` : `; known: ${names.join(', ')}`}`);
    }
    command = next;
  }
}

/** Levenshtein distance, for suggestions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The options `path` and `race` share: where to start, how far to go, and what to write. */
function addSurfaceRunOptions(command: Command, defaultSteps: string, jsonDescription: string): void {
  command
    .option('--start <x[,y]>', 'the start point (default: the surface’s own)')
    .option('--steps <n>', 'number of steps', defaultSteps)
    .option('--json', jsonDescription)
    .option('--plot <file>', 'write the figure to FILE.svg or FILE.png')
    .option('--schedule <spec>', SCHEDULE_FLAG_HELP);
}

/** The options `train` and `study` share: the model, and how long each run trains on what. */
function addRunLengthOptions(command: Command): void {
  command
    .option('--model <name>', 'book-mlp, small-cnn, or a .json file listing the layers', 'book-mlp')
    .option('--minibatches <n>', 'training steps, each on batch-size random samples (book-mlp default 40000)')
    .option('--epochs <n>', 'passes over a fresh shuffle of the data, instead of --minibatches (small-cnn default 12)')
    .option('--batch-size <n>', 'samples per step (book-mlp 64, small-cnn 128)')
    .option('--samples <n>', 'train on this many random training images (small-cnn default 16384)');
}

function buildProgram(io: Io, extra: readonly OptimizerPluginV1[], tty: boolean, setExitCode: (code: number) => void): Command {
  let exitCode = 0;
  const plugins = [...builtinOptimizers.list(), ...extra.filter((p) => !builtinOptimizers.has(p.id))];
  const program = new Command('descent')
    .description('Gradient descent, from the chapter of Math for Deep Learning: optimizers, surfaces, experiments')
    .version(cliVersion(), '-V, --version', 'print the version of the descent command')
    .exitOverride()
    .configureOutput({ writeOut: (s) => { io.stdout(s); }, writeErr: (s) => { io.stderr(s); }, outputError: () => undefined })
    .showSuggestionAfterError(true);

  program
    .command('optimizers')
    .description('list the optimizers, their options and defaults')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      listOptimizers(io, plugins, o.json === true);
    });

  program
    .command('surfaces')
    .description('list the test functions')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      listSurfaces(io, o.json === true);
    });

  const path = program
    .command('path')
    .description('run one optimizer on a surface and print or plot its path')
    .addHelpText('after', DIVERGENCE_HELP.path)
    .requiredOption('--surface <id>', 'the surface (see descent surfaces)')
    .option('--optimizer <name>', 'a built-in optimizer, an installed plugin package, or a plugin file', 'sgd');
  addSurfaceRunOptions(path, '50', 'print every point as JSON');
  addOptimizerFlags(path, plugins);
  addTransformFlags(path);
  path.action(async (o: PathArguments & { optimizer: string } & Record<string, unknown>) => {
    const plugin = await resolveOptimizer(o.optimizer, io.cwd);
    pathCommand(io, plugin, o, givenOptimizerOptions(o, plugins));
  });

  const race = program
    .command('race')
    .description('run several optimizers from one start on one surface and draw them together')
    .addHelpText('after', DIVERGENCE_HELP.race)
    .requiredOption('--surface <id>', 'the surface (see descent surfaces)')
    .requiredOption('--optimizers <list>', 'comma-separated, each optionally with overrides: sgd:lr=0.02,adam:lr=0.1');
  addSurfaceRunOptions(race, '100', 'print every path as JSON');
  addOptimizerFlags(race, plugins);
  addTransformFlags(race);
  race.action(async (o: RaceArguments & { optimizers: string } & Record<string, unknown>) => {
    const entries = [];
    for (const { name, overrides } of parseRaceList(o.optimizers)) entries.push({ plugin: await resolveOptimizer(name, io.cwd), overrides });
    raceCommand(io, entries, o, givenOptimizerOptions(o, plugins));
  });

  program
    .command('schedule')
    .description('print or plot the learning rate a schedule gives at each step, as PyTorch would set it')
    .requiredOption('--schedule <spec>', 'JSON in PyTorch\'s names, or a file holding it: \'{"name": "StepLR", "step_size": 30}\'')
    .requiredOption('--lr <base>', 'the optimizer\'s learning rate, which the schedule starts from (CyclicLR and OneCycleLR set their own, as in PyTorch)')
    .requiredOption('--steps <n>', 'how many steps: value t is the lr in force when step t (from 0) is taken')
    .option('--metrics <file>', 'ReduceLROnPlateau: one metric a line, the t-th passed after step t')
    .option('--json', 'print {"lr": [...]} (and "momentum": [...] when the schedule cycles it)')
    .option('--plot <file>', 'draw the learning rate to FILE.svg or FILE.png')
    .action((o: ScheduleArguments) => {
      scheduleCommand(io, o);
    });

  program
    .command('reproduce')
    .description("reproduce the chapter's experiments: an id, or all")
    .argument('[id]', 'fig-11-1 … table-11-2, listing-11-7, fig-11-8, fig-11-9, fig-11-11, or all')
    .option('--out <dir>', 'where figures are written', 'descent-out')
    .option('--data-dir <dir>', 'a directory with the Fashion-MNIST IDX files')
    .option('--seed <n>', SEED_HELP.reproduce, String(DEFAULT_SEED))
    .option('--runs <n>', 'runs of each arm of a study (fig-11-8, fig-11-9, fig-11-11)')
    .option('--quick', 'shrink the studies: fewer runs of fewer minibatches')
    .option('--tuned', 'fig-11-11: tune each optimizer with the same budget (descent benchmark) and show it beside the chapter\'s settings')
    .option('--workers <n>', 'worker threads for the studies (default: one per core)')
    .option('--optimizers <list>', 'fig-11-11: the optimizers, each optionally with overrides (sgd,rmsprop,adagrad,adam:lr=0.002)')
    .option('--epochs <n>', 'fig-11-11: epochs of each run (default 12)')
    .option('--samples <n>', 'fig-11-11: random training images per run (default 16384)')
    .option('--json', 'print the results as JSON')
    .option('--list', 'list the experiments')
    .action(async (id: string | undefined, o: ReproduceArguments) => {
      await reproduceCommand(io, id, o, tty);
    });

  const trainCommandDefinition = program
    .command('train')
    .description("train the book's network (listing 11-7 by default) or figure 11-11's CNN, and report the confusion matrix, accuracy and MCC")
    .addHelpText('after', DIVERGENCE_HELP.train)
    .option('--dataset <name>', 'fashion-mnist, fashion-mnist-sample or mnist (default: the full Fashion-MNIST if its files are here, else the sample; MNIST first for small-cnn)')
    .option('--data-dir <dir>', 'a directory with the IDX files')
    .option('--optimizer <name>', 'a built-in optimizer, an installed plugin package, or a plugin file', 'sgd')
    .option('--seed <n>', SEED_HELP.train, String(DEFAULT_SEED))
    .option('--json', 'print the result as JSON')
    .option('--save <file>', 'write the trained weights to FILE.json')
    .option('--schedule <spec>', SCHEDULE_FLAG_HELP)
    .option('--schedule-unit <unit>', 'what the schedule counts: step (each minibatch, the default) or epoch');
  addRunLengthOptions(trainCommandDefinition);
  addOptimizerFlags(trainCommandDefinition, plugins);
  addTransformFlags(trainCommandDefinition);
  trainCommandDefinition.action(async (o: TrainArguments & { optimizer: string } & Record<string, unknown>) => {
    const plugin = await resolveOptimizer(o.optimizer, io.cwd);
    requireGradientSteps(plugin, '--optimizer');
    exitCode = await trainCommand(io, plugin, o, givenOptimizerOptions(o, plugins), tty);
  });

  const study = program
    .command('study')
    .description('train every arm N times on worker threads and compare them (figures 11-8 and 11-9)')
    .option('--arm <spec>', '"NAME: OPTIMIZER [option flags]", repeated for each arm', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--runs <n>', 'runs of each arm', '10')
    .option('--workers <n>', 'worker threads (default: one per core)');
  addRunLengthOptions(study);
  study
    .option('--dataset <name>', 'fashion-mnist, fashion-mnist-sample or mnist')
    .option('--data-dir <dir>', 'a directory with the IDX files')
    .option('--seed <n>', SEED_HELP.study, String(DEFAULT_SEED))
    .option('--out <dir>', 'where runs.jsonl, the .npy files and the figures go', 'descent-study')
    .option('--resume', 'skip the runs already in runs.jsonl')
    .option('--schedule <spec>', SCHEDULE_FLAG_HELP)
    .option('--redis <url>', 'send the runs as jobs to `descent worker` processes through Redis (redis://[:password@]host:port, rediss:// for TLS)')
    .option('--json', 'print the summary as JSON')
    .action(async (o: StudyArguments) => {
      exitCode = await studyCommand(io, o, tty);
    });

  program
    .command('benchmark')
    .description('tune every optimizer with the same budget on each workload, then compare steps to target (performance profiles)')
    .argument('[calibrate]', "`calibrate`: recompute the workloads' targets from tuned baselines (adamw, nadam, nesterov, momentum), as AlgoPerf sets them")
    .option('--workloads <list>', 'workloads, comma-separated (default: all)')
    .option('--optimizers <list>', 'optimizers, comma-separated: built-in ids, packages or files (default: sgd,momentum,adam,adamw; calibrate: adamw,nadam,nesterov,momentum)')
    .option('--trials <n>', 'quasi-random trials per optimizer and workload', '16')
    .option('--seeds <n>', 'seeds the best trial (and the default settings) are re-run with', '5')
    .option('--pruner <name>', 'asha (successive halving, η = 3) or none', 'none')
    .option('--seed <n>', `seed of the trials' draw and runs (default ${String(DEFAULT_SEED)}, as in every command)`, String(DEFAULT_SEED))
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--steps <n>', "every workload's step budget instead of its own (a quick look; targets stay)")
    .option('--data-dir <dir>', 'a directory with the Fashion-MNIST IDX files')
    .option('--out <dir>', 'where trials.jsonl, benchmark.json, the figures and report.md go')
    .option('--resume', 'reuse the runs already in trials.jsonl')
    .option('--json', 'print benchmark.json (calibrate: the targets) to stdout')
    .option('--redis <url>', 'send the trials as jobs to `descent worker` processes through Redis (redis://[:password@]host:port)')
    .action(async (mode: string | undefined, o: BenchmarkArguments) => {
      if (mode !== undefined && mode !== 'calibrate') throw new UsageError(`benchmark takes no argument but calibrate, got '${mode}'`);
      exitCode = mode === 'calibrate' ? await calibrateCommand(io, o, tty) : await benchmarkCommand(io, o, tty);
    });

  program
    .command('worker')
    .description('train the runs that `study --redis URL` queues in Redis, one per thread, until Ctrl-C')
    .requiredOption('--redis <url>', 'the Redis the studies are queued in (redis://[:password@]host:port, rediss:// for TLS)')
    .option('--concurrency <n>', 'runs trained at once, one per thread (default: one per core)')
    .option('--plugins <list>', 'optimizer packages (or files) to load besides the built-in ones, comma-separated')
    .option('--lock-seconds <n>', 'a run whose worker stops answering for this long goes to another worker', '30')
    .action(async (o: WorkerArguments) => {
      exitCode = await workerCommand(io, o);
    });

  const queue = program.command('queue').description('the studies queued in Redis: status, clean');
  queue
    .command('status')
    .description('each study in the queue: its runs done, training and failed, and the workers connected')
    .requiredOption('--redis <url>', 'the Redis the studies are queued in')
    .option('--json', 'print JSON')
    .action(async (o: { redis: string; json?: boolean }) => {
      exitCode = await queueStatusCommand(io, o);
    });
  queue
    .command('clean')
    .description("remove a study's jobs from the queue (--study ID), or every job (--all)")
    .requiredOption('--redis <url>', 'the Redis the studies are queued in')
    .option('--study <id>', 'the study, as queue status lists it')
    .option('--all', 'every job of the queue, runs in flight included')
    .action(async (o: { redis: string; study?: string; all?: boolean }) => {
      exitCode = await queueCleanCommand(io, o);
    });

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

  const data = program.command('data').description('the data sets: where they are, and exports');
  data
    .command('info')
    .description('every place each data set is looked for, and what is there')
    .option('--data-dir <dir>', 'a directory to check first')
    .option('--json', 'print JSON')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      await dataInfo(io, o.dataDir, o.json === true);
    });
  data
    .command('export')
    .description('write a split as a uint8 .npy file of shape [N, size, size]')
    .argument('<dataset>', 'fashion-mnist, fashion-mnist-sample or mnist')
    .option('--split <split>', 'train or test', 'test')
    .option('--size <n>', '14 (the book’s shrink) or 28', '14')
    .requiredOption('--out <file>', 'the .npy file to write')
    .option('--data-dir <dir>', 'a directory with the IDX files')
    .action(async (name: string, o: ExportArguments) => {
      await dataExport(io, name, o);
    });

  data.commands.find((c) => c.name() === 'info')?.alias('where');
  addExamples(program);

  program.hook('postAction', () => {
    setExitCode(exitCode);
  });
  return program;
}

/** Runs the command and returns its exit code: 0 done, 1 failed, 2 called wrongly. */
export async function main(argv: readonly string[], io: Io, tty = false): Promise<number> {
  try {
    let code = 0;
    const program = buildProgram(io, await pluginsNamedIn(argv, io.cwd), tty, (c) => {
      code = c;
    });
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    checkSubcommandWords(program, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      // commander says "error: unknown option '--fo'\n(Did you mean --foo?)": one line is enough.
      io.stderr(`descent: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`descent: ${error.message}\n`);
      return 2;
    }
    if (error instanceof FailureError) {
      io.stderr(`descent: ${error.message}\n`);
      return 1;
    }
    // A file system error that no check caught (a disk that filled up, a folder removed during the run) is news
    // about the machine, not a bug: one line. Anything else is a bug, and its stack trace is what a report needs.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string') {
      io.stderr(`descent: ${(error as Error).message}\n`);
      return 1;
    }
    io.stderr(`descent: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
