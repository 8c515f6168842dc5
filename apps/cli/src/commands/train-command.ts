import type { FloatArray, OptimizerPluginV1, TransformedOptimizer } from '@descent/optim';
import { checkSamplesFit, countArgument, DEFAULT_SEED } from '../arguments.js';
import { resolveDataset } from '../datasets.js';
import { divergedAt, smallerLrHint } from '../divergence.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic, type Io } from '../io.js';
import { checkOutputFile } from '../output-paths.js';
import { resolveModel, runLength } from '../models.js';
import { MUON_RECIPE_NOTE, muonRecipe } from '../muon-recipe.js';
import { optionsFor } from '../optimizer-flags.js';
import { bookReport, outcomeScores, train } from '../training.js';
import { metricScheduledPlugin, scheduleArgument, scheduledPlugin } from '../schedules.js';
import { averagedParameters, describeTransforms, hasTransforms, parseTransformFlags, withTransformFlags } from '../transform-flags.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { DIVERGENCE_HELP } from '../divergence.js';
import { requireGradientSteps, resolveOptimizer } from '../optimizer-resolver.js';
import { addOptimizerFlags, givenOptimizerOptions } from '../optimizer-flags.js';
import { addRunLengthFlags } from '../run-length-flags.js';
import { SCHEDULE_FLAG_HELP } from '../schedules.js';
import { addTransformFlags } from '../transform-flags.js';
import { addThreadsFlag, allCores, threadsArgument, threadsText } from '../thread-flags.js';

interface TrainArguments {
  readonly dataset?: string;
  readonly dataDir?: string;
  readonly model: string;
  readonly minibatches?: string;
  readonly epochs?: string;
  readonly batchSize?: string;
  readonly samples?: string;
  readonly seed?: string;
  readonly json?: boolean;
  readonly save?: string;
  readonly schedule?: string;
  readonly scheduleUnit?: string;
  readonly threads?: string;
  /** The gradient-transformation flags (--clip-grad-norm …), read by parseTransformFlags. */
  readonly [transformFlag: string]: unknown;
}

/** Whether the user stopped the run with Ctrl-C; the handler lives only while training. */
function interruptible(): { stop: () => boolean; release: () => void } {
  let stopped = false;
  const onSignal = () => {
    stopped = true;
  };
  process.on('SIGINT', onSignal);
  return { stop: () => stopped, release: () => process.off('SIGINT', onSignal) };
}

/**
 * `descent train`: the book's network on Fashion-MNIST (listing 11-7 by default), the small CNN of figure 11-11
 * (`--model small-cnn`: chapter §7's settings), or a model described in JSON, with any optimizer.
 */
async function trainCommand(io: Io, plugin: OptimizerPluginV1, args: TrainArguments, given: ReadonlyMap<string, unknown>, tty: boolean): Promise<number> {
  const model = resolveModel(args.model, io.cwd);
  const { defaults } = model;
  const length = runLength(args, defaults);
  const { minibatches, epochs, batchSize, samples } = length;
  const seed = countArgument('--seed', args.seed, DEFAULT_SEED, 4_294_967_295);
  const threads = threadsArgument(args.threads, allCores());
  const merged = new Map<string, unknown>(Object.entries(defaults.optimizerOptions[plugin.id] ?? {}).map(([k, v]) => [k, String(v)]));
  for (const [k, v] of given) merged.set(k, v);
  const options = optionsFor(plugin, merged);
  const schedule = args.schedule === undefined ? undefined : scheduleArgument(io, args.schedule);
  if (args.scheduleUnit !== undefined && args.scheduleUnit !== 'step' && args.scheduleUnit !== 'epoch') {
    throw new UsageError(`--schedule-unit expects step or epoch, got '${args.scheduleUnit}'`);
  }
  if (args.scheduleUnit !== undefined && schedule === undefined) throw new UsageError('--schedule-unit needs a --schedule to apply to');
  // Muon takes matrices only: train splits the network as the usual recipe does (muonRecipe), which has no schedule yet.
  const muonSplit = plugin.id === 'muon';
  if (muonSplit && schedule !== undefined) throw new UsageError('--schedule is not supported with --optimizer muon in train (Muon + AdamW), yet');
  // ReduceLROnPlateau (never nested) takes each epoch's mean training loss, so it needs epochs to count.
  const onPlateau = schedule?.name === 'ReduceLROnPlateau';
  if (onPlateau && (epochs === undefined || args.scheduleUnit !== 'epoch')) {
    throw new UsageError('--schedule: ReduceLROnPlateau steps on a metric; train gives it each epoch\'s mean training loss with --epochs N and --schedule-unit epoch');
  }
  // Checked now, on a throwaway optimizer, so a schedule this optimizer cannot follow costs no data loading.
  const plateau = schedule !== undefined && onPlateau ? metricScheduledPlugin(plugin, schedule, options) : undefined;
  if (schedule !== undefined && plateau === undefined) scheduledPlugin(plugin, schedule, options);
  if (args.save !== undefined && !args.save.endsWith('.json')) throw new UsageError(`--save expects a file ending in .json, got '${args.save}'`);
  // Checked before the data is loaded and the run starts: an unwritable --save must not cost the whole run.
  if (args.save !== undefined) checkOutputFile(io, '--save', args.save);

  const dataset = await resolveDataset(io, args.dataset, args.dataDir, defaults.imageSize, { preferMnist: model.name === 'small-cnn' });
  checkSamplesFit(args.samples === undefined ? undefined : samples, dataset);
  const trainCount = Math.min(samples ?? dataset.train.count, dataset.train.count);
  if (batchSize > trainCount) throw new UsageError(`--batch-size ${String(batchSize)} is larger than the ${String(trainCount)} training images`);
  // A schedule counts optimizer steps, or with --schedule-unit epoch steps once an epoch's minibatches (as fit counts them).
  const every = args.scheduleUnit === 'epoch' ? Math.ceil(trainCount / batchSize) : 1;
  const basePlugin = muonSplit ? muonRecipe(plugin) : (plateau?.plugin ?? (schedule === undefined ? plugin : scheduledPlugin(plugin, schedule, options, every)));
  // --clip-grad-norm and the like act on each minibatch's gradient before the step; with --ema the test split is
  // evaluated (and --save writes) with the averaged weights.
  const transforms = parseTransformFlags(args);
  const made: TransformedOptimizer[] = [];
  const runPlugin = withTransformFlags(basePlugin, transforms, (o) => made.push(o));
  const useAverages = transforms.ema === undefined ? undefined : () => {
    for (const o of made) {
      const averages = averagedParameters(o);
      o.paramGroups.flatMap((g) => g.params).forEach((p, i) => { p.data.set(averages[i] as FloatArray); });
    }
  };
  if (args.json !== true) {
    io.stdout(`dataset: ${dataset.name} from ${dataset.source} (${String(dataset.train.count)} training, ${String(dataset.test.count)} test images, ${String(dataset.size)}×${String(dataset.size)})\n`);
    io.stdout(`model: ${model.name}   optimizer: ${plugin.id} ${Object.entries(options).map(([k, v]) => `${k}=${String(v)}`).join(' ')}\n`);
    if (muonSplit) io.stdout(`${MUON_RECIPE_NOTE}\n`);
    if (schedule !== undefined) io.stdout(`schedule: ${JSON.stringify(schedule)} per ${args.scheduleUnit === 'epoch' ? `epoch (${String(every)} minibatches)` : 'minibatch'}\n`);
    io.stdout(`${epochs === undefined ? `${String(minibatches)} minibatches` : `${String(epochs)} epochs`} of ${String(batchSize)}${trainCount < dataset.train.count ? ` on ${String(trainCount)} random training images` : ''}, seed ${String(seed)}\n`);
  }
  const signal = interruptible();
  let outcome;
  try {
    outcome = await train(
      io,
      {
        dataset,
        model: model.spec,
        ...length,
        plugin: runPlugin,
        ...(plateau === undefined ? {} : { onEpochLoss: plateau.report }),
        ...(useAverages === undefined ? {} : { beforeEvaluate: useAverages }),
        options,
        seed,
        threads,
        progress: true,
        shouldStop: signal.stop,
      },
      tty,
    );
  } finally {
    signal.release();
  }
  const { fit } = outcome;
  if (fit.stopped) {
    io.stderr(
      `descent: stopped by Ctrl-C at step ${String(fit.steps)} after ${fit.seconds.toFixed(1)}s; test accuracy ${outcome.accuracy.toFixed(4)}, MCC ${outcome.mcc.toFixed(4)} (nothing saved)\n`,
    );
    return 130;
  }
  // What --json prints about the run, before its scores (or where it diverged).
  const summary = {
    dataset: { name: dataset.name, source: dataset.source, train: dataset.train.count, test: dataset.test.count },
    model: model.name,
    optimizer: plugin.id,
    options,
    ...(schedule === undefined ? {} : { schedule, scheduleUnit: args.scheduleUnit ?? 'step' }),
    ...(hasTransforms(transforms) ? { transforms: describeTransforms(transforms) } : {}),
    minibatches: fit.steps,
    ...(epochs === undefined ? {} : { epochs, samples: trainCount }),
    batchSize,
    seed,
    threads: outcome.threads,
    seconds: fit.seconds,
    stepsPerSecond: fit.steps / fit.seconds,
  };
  if (fit.diverged !== undefined) {
    // The run's product is a trained network and its test scores; a network whose loss became NaN has neither, so
    // nothing is saved and the command fails (exit 1), and a script that goes on to use --save's file stops here.
    if (args.json === true) io.stdout(`${JSON.stringify({ ...summary, ...outcomeScores(outcome) })}\n`);
    const unsaved = args.save === undefined ? '' : `; ${args.save} not written`;
    io.stderr(`descent: ${divergedAt(fit.diverged.step, 'minibatch')}${smallerLrHint(plugin)} (the loss became ${String(fit.loss)}${unsaved})\n`);
    return 1;
  }
  let saved: string | undefined;
  if (args.save !== undefined) {
    const file = { format: 'descent-weights-v1', model: model.name === args.model && !args.model.endsWith('.json') ? model.name : model.spec, dataset: dataset.name, optimizer: plugin.id, options, seed, steps: fit.steps, weights: outcome.weights };
    saved = writeFileAtomic(io, args.save, `${JSON.stringify(file)}\n`);
  }
  if (args.json === true) {
    io.stdout(`${JSON.stringify({ ...summary, ...outcomeScores(outcome) })}\n`);
    return 0;
  }
  io.stdout(bookReport(outcome));
  io.stdout(`trained ${epochs === undefined ? '' : `${String(epochs)} epochs, `}${String(fit.steps)} minibatches in ${fit.seconds.toFixed(2)}s (${(fit.steps / fit.seconds).toFixed(0)} steps/s, ${outcome.kernels} kernels, ${threadsText(outcome.threads)})\n`);
  if (saved !== undefined) io.stdout(`saved weights to ${saved}\n`);
  return 0;
}

export function register(program: Command, { io, plugins, tty, setExitCode }: CommandContext): void {
  const train = program
    .command('train')
    .description("train the book's network (listing 11-7 by default) or figure 11-11's CNN, and report the confusion matrix, accuracy and MCC")
    .addHelpText('after', DIVERGENCE_HELP.train)
    .option('--dataset <name>', 'fashion-mnist, fashion-mnist-sample or mnist (default: the full Fashion-MNIST if its files are here, else the sample; MNIST first for small-cnn)')
    .option('--data-dir <dir>', 'a directory with the IDX files')
    .option('--optimizer <name>', 'a built-in optimizer, an installed plugin package, or a plugin file', 'sgd')
    .option('--seed <n>', `seed of the run: initial weights and minibatches (default ${String(DEFAULT_SEED)}, as in every command)`, String(DEFAULT_SEED))
    .option('--json', 'print the result as JSON')
    .option('--save <file>', 'write the trained weights to FILE.json')
    .option('--schedule <spec>', SCHEDULE_FLAG_HELP)
    .option('--schedule-unit <unit>', 'what the schedule counts: step (each minibatch, the default) or epoch');
  addRunLengthFlags(train);
  addOptimizerFlags(train, plugins);
  addTransformFlags(train);
  addThreadsFlag(train, 'default: all cores');
  train.action(async (o: TrainArguments & { optimizer: string } & Record<string, unknown>) => {
    const plugin = await resolveOptimizer(o.optimizer, io.cwd);
    requireGradientSteps(plugin, '--optimizer');
    setExitCode(await trainCommand(io, plugin, o, givenOptimizerOptions(o, plugins), tty));
  });
}
