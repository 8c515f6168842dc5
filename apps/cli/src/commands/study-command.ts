import { availableParallelism } from 'node:os';
import { countArgument, DEFAULT_SEED, positiveArgument } from '../arguments.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { prepareOutputFolder } from '../output-paths.js';
import { optionsFor, toKebab } from '../optimizer-flags.js';
import { requireGradientSteps, resolveOptimizer } from '../optimizer-resolver.js';
import { resolveModel, runLength } from '../models.js';
import { checkReachable, parseRedisUrl, refuseWorkersWithRedis } from '../queue/redis-url.js';
import { executeStudy } from '../study/study-execution.js';
import type { StudyArm } from '../study/study-types.js';
import { scheduleArgument, scheduledPlugin } from '../schedules.js';
import { describeTransforms, hasTransforms, parseTransformFlags, TRANSFORM_FLAG_NAMES, withTransformFlags } from '../transform-flags.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { addRunLengthFlags } from '../run-length-flags.js';
import { addThreadsFlag, threadsArgument } from '../thread-flags.js';
import { SCHEDULE_FLAG_HELP } from '../schedules.js';

/** `"NAME: OPTIMIZER --flag value …"` into an arm with validated options. */
async function parseArm(text: string, cwd: string): Promise<StudyArm> {
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon).trim();
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
    throw new UsageError(`--arm expects "NAME: OPTIMIZER [option flags]" with a NAME of letters, digits, - _ or . (e.g. "momentum: momentum --lr 0.2"), got '${text}'`);
  }
  const tokens = text.slice(colon + 1).trim().split(/\s+/).filter((t) => t !== '');
  const optimizer = tokens.shift();
  if (optimizer === undefined) throw new UsageError(`--arm '${text}' names no optimizer`);
  const plugin = await resolveOptimizer(optimizer, cwd);
  requireGradientSteps(plugin, '--arm');
  const given = new Map<string, unknown>();
  const transformValues: Record<string, unknown> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (!token.startsWith('--')) throw new UsageError(`--arm '${text}': expected an option flag, got '${token}'`);
    const key = token.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const spec = plugin.options.find((o) => o.name === key);
    if (TRANSFORM_FLAG_NAMES.includes(key)) {
      // --skip-nonfinite may come without its number.
      const next = tokens[i + 1];
      transformValues[key] = key === 'skipNonfinite' && (next === undefined || next.startsWith('--')) ? true : (tokens[++i] ?? '');
    } else if (spec?.type === 'boolean') given.set(key, true);
    else given.set(key, tokens[++i] ?? '');
  }
  const flags = parseTransformFlags(transformValues);
  withTransformFlags(plugin, flags);
  return {
    name,
    optimizer: plugin.id === optimizer ? plugin.id : optimizer,
    options: optionsFor(plugin, given),
    ...(hasTransforms(flags) ? { transforms: describeTransforms(flags) } : {}),
  };
}

interface StudyArguments {
  readonly arm?: string[];
  readonly runs?: string;
  readonly workers?: string;
  readonly threads?: string;
  readonly minibatches?: string;
  readonly epochs?: string;
  readonly batchSize?: string;
  readonly model?: string;
  readonly samples?: string;
  readonly dataset?: string;
  readonly dataDir?: string;
  readonly seed?: string;
  readonly out?: string;
  readonly resume?: boolean;
  readonly json?: boolean;
  readonly schedule?: string;
  readonly redis?: string;
}

/** `descent study`: every arm trained N times on worker threads, then compared. */
async function studyCommand(io: Io, args: StudyArguments, tty: boolean): Promise<number> {
  const redis = args.redis === undefined ? undefined : parseRedisUrl('--redis', args.redis);
  refuseWorkersWithRedis(args);
  const armTexts = args.arm ?? [];
  if (armTexts.length === 0) throw new UsageError('study needs at least one --arm "NAME: OPTIMIZER [option flags]"');
  const arms: StudyArm[] = [];
  for (const text of armTexts) arms.push(await parseArm(text, io.cwd));
  const names = arms.map((a) => a.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new UsageError(`two arms are named '${duplicate}'`);
  const schedule = args.schedule === undefined ? undefined : scheduleArgument(io, args.schedule);
  // Every arm's optimizer must be able to follow it (momentum to cycle, say), checked before any run starts.
  if (schedule !== undefined) for (const arm of arms) scheduledPlugin(await resolveOptimizer(arm.optimizer, io.cwd), schedule, arm.options);
  const runs = positiveArgument('--runs', args.runs, 10, 100_000);
  const workers = positiveArgument('--workers', args.workers, availableParallelism(), 256);
  const threads = threadsArgument(args.threads, 1);
  if (redis !== undefined && args.threads !== undefined) throw new UsageError('--threads is not supported with --redis: each descent worker trains on 1 thread');
  const model = resolveModel(args.model ?? 'book-mlp', io.cwd);
  const { defaults } = model;
  const length = runLength(args, defaults);
  // Redis is reached, and the folder checked (and made), before any data is loaded or any run starts.
  if (redis !== undefined) await checkReachable(redis);
  prepareOutputFolder(io, '--out', args.out ?? 'descent-study');
  const summary = await executeStudy(
    io,
    {
      model: model.name.endsWith('.json') ? model.spec : model.name,
      imageSize: defaults.imageSize,
      ...length,
      samplesGiven: args.samples !== undefined,
      preferMnist: model.name === 'small-cnn',
      arms,
      runs,
      workers,
      threads,
      seed: countArgument('--seed', args.seed, DEFAULT_SEED, 4_294_967_295 - runs),
      ...(args.dataset === undefined ? {} : { dataset: args.dataset }),
      ...(args.dataDir === undefined ? {} : { dataDir: args.dataDir }),
      outDir: args.out ?? 'descent-study',
      resume: args.resume === true,
      json: args.json === true,
      ...(schedule === undefined ? {} : { schedule }),
      ...(redis === undefined ? {} : { redis }),
      title: `study: ${arms.map((a) => `${a.name} (${a.optimizer}${Object.entries(a.options).filter(([, v]) => v !== 0 && v !== false).map(([k, v]) => ` --${toKebab(k)} ${String(v)}`).join('')})`).join(' vs ')}`,
    },
    tty,
  );
  if (args.json === true) io.stdout(`${JSON.stringify(summary)}\n`);
  if (summary.stopped) {
    io.stderr(`descent: study stopped by Ctrl-C; ${String(Object.values(summary.arms).reduce((s, a) => s + a.mcc.length, 0))} finished runs are in runs.jsonl (--resume continues${redis === undefined ? '' : `; the other runs stay queued at ${redis.shown}, and --resume collects them`})\n`);
    return 130;
  }
  return 0;
}

export function register(program: Command, { io, tty, setExitCode }: CommandContext): void {
  const study = program
    .command('study')
    .description('train every arm N times on worker threads and compare them (figures 11-8 and 11-9)')
    .option('--arm <spec>', '"NAME: OPTIMIZER [option flags]", repeated for each arm', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--runs <n>', 'runs of each arm', '10')
    .option('--workers <n>', 'worker threads (default: one per core)');
  addRunLengthFlags(study);
  addThreadsFlag(study, 'default 1: the runs already fill the cores');
  study
    .option('--dataset <name>', 'fashion-mnist, fashion-mnist-sample or mnist')
    .option('--data-dir <dir>', 'a directory with the IDX files')
    .option('--seed <n>', `run i of every arm uses seed + i (default ${String(DEFAULT_SEED)}, as in every command)`, String(DEFAULT_SEED))
    .option('--out <dir>', 'where runs.jsonl, the .npy files and the figures go', 'descent-study')
    .option('--resume', 'skip the runs already in runs.jsonl')
    .option('--schedule <spec>', SCHEDULE_FLAG_HELP)
    .option('--redis <url>', 'send the runs as jobs to `descent worker` processes through Redis (redis://[:password@]host:port, rediss:// for TLS)')
    .option('--json', 'print the summary as JSON')
    .action(async (o: StudyArguments) => {
      setExitCode(await studyCommand(io, o, tty));
    });
}
