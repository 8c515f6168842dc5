import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { writeNpy } from '@descent/datasets';
import type { ModelSpec } from '@descent/nn';
import type { ScheduleSpec } from '@descent/optim';
import { histogramFigure } from '@descent/plot';
import { histogram, normalTest } from '@descent/stats';
import { checkSamplesFit, countArgument, DEFAULT_SEED, positiveArgument } from '../arguments.js';
import { resolveDataset } from '../datasets.js';
import { UsageError } from '../errors.js';
import { writeFigure } from '../figure-files.js';
import { writeFileAtomic, type Io } from '../io.js';
import { prepareOutputFolder } from '../output-paths.js';
import { optionsFor, toKebab } from '../optimizer-flags.js';
import { requireGradientSteps, resolveOptimizer } from '../optimizer-resolver.js';
import { resolveModel, runLength } from '../models.js';
import { divergedNote, formatMeanSe, meanSe } from '../study/study-format.js';
import { StudyProgress } from '../study/study-progress.js';
import { openStudy, runStudy } from '../study/study-runner.js';
import { runStudyOnQueue } from '../queue/queue-study.js';
import { checkReachable, parseRedisUrl, refuseWorkersWithRedis, type RedisTarget } from '../queue/redis-url.js';
import { isDiverged, type FinishedRun, type StudyArm, type StudyConfig, type StudyRun } from '../study/study-types.js';
import { compareSamples, formatComparison, type Comparison } from './stats-command.js';
import { scheduleArgument, scheduledPlugin } from './schedule-command.js';
import { describeTransforms, hasTransforms, parseTransformFlags, TRANSFORM_FLAG_NAMES, withTransformFlags } from '../transform-flags.js';

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

export interface StudySummary {
  /** Per arm: the MCCs of its finished runs, their mean and SE (null below 1 and 2 runs), and its diverged runs. */
  readonly arms: Record<string, { mcc: number[]; mean: number | null; se: number | null; normaltest: { statistic: number; p: number } | null; diverged: { run: number; step: number }[] }>;
  readonly comparisons: { a: string; b: string; comparison: Comparison }[];
  readonly files: string[];
  readonly seconds: number;
  readonly stopped: boolean;
}

export interface StudyRequest {
  /** A built-in model's name or a description; the data set is loaded at `imageSize`. */
  readonly model: string | ModelSpec;
  readonly imageSize: 14 | 28;
  readonly samples?: number;
  /** `samples` came from --samples, so it must fit in the training split (a default larger than it takes it all). */
  readonly samplesGiven?: boolean;
  /** Take MNIST when no data set is named and its files are here (figure 11-11). */
  readonly preferMnist?: boolean;
  readonly arms: readonly StudyArm[];
  readonly runs: number;
  readonly workers: number;
  readonly minibatches?: number;
  readonly epochs?: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly dataset?: string;
  readonly dataDir?: string;
  readonly outDir: string;
  readonly resume: boolean;
  readonly json: boolean;
  readonly title: string;
  /** Every arm's optimizer follows this schedule from its own lr (--schedule). */
  readonly schedule?: ScheduleSpec;
  /** Train the runs on `descent worker` processes through this Redis (--redis) instead of worker threads here. */
  readonly redis?: RedisTarget;
}

/** The finished runs of a study, and where they came from. */
export interface CollectedRuns {
  readonly runs: StudyRun[];
  readonly stopped: boolean;
  readonly seconds: number;
  readonly resumed: number;
  readonly outDir: string;
  readonly dataset: { readonly name: string; readonly source: string; readonly size: number };
}

/**
 * Runs a study on worker threads with a live line from its first second (runs per arm, runs in flight with their
 * step, ETA), Ctrl-C stopping it at once (the runs in flight are lost, the finished ones are in DIR/runs.jsonl).
 */
export async function collectRuns(io: Io, request: StudyRequest, tty: boolean): Promise<CollectedRuns> {
  const dataset = await resolveDataset(io, request.dataset, request.dataDir, request.imageSize, { preferMnist: request.preferMnist === true });
  checkSamplesFit(request.samplesGiven === true ? request.samples : undefined, dataset);
  const config: StudyConfig = {
    model: request.model,
    ...(request.samples === undefined ? {} : { samples: request.samples }),
    imageSize: request.imageSize,
    arms: request.arms,
    runs: request.runs,
    seed: request.seed,
    ...(request.epochs === undefined ? { minibatches: request.minibatches ?? 40_000 } : { epochs: request.epochs }),
    batchSize: request.batchSize,
    ...(request.schedule === undefined ? {} : { schedule: request.schedule }),
    dataset:
      dataset.name === 'fashion-mnist-sample'
        ? { name: dataset.name }
        : { name: dataset.name, directory: dataset.source.replace(/ \(downloaded\)$/, '') },
  };
  const outDir = resolve(io.cwd, request.outDir);
  // The folder is checked (settings, damaged lines) before the header, so a refusal is the only thing printed.
  const study = openStudy(io, config, outDir, request.resume);
  if (!request.json) {
    const length = config.epochs === undefined ? `${String(config.minibatches)} minibatches` : `${String(config.epochs)} epochs`;
    const rows = request.samples === undefined ? '' : ` on ${String(request.samples)} random training images`;
    io.stdout(`${request.title}\n  ${String(request.arms.length)} arms × ${String(request.runs)} runs, ${length} of ${String(config.batchSize)}${rows}, seeds ${String(request.seed)}…${String(request.seed + request.runs - 1)}, ${request.redis === undefined ? `${String(request.workers)} workers` : `on the workers of ${request.redis.shown}`}\n  data: ${dataset.name} from ${dataset.source} (${String(dataset.size)}×${String(dataset.size)}); results in ${outDir}\n`);
    const reused = study.existing.length;
    if (reused > 0 && study.jobs.length === 0) io.stdout(`  all ${String(reused)} runs reused from ${outDir} (finished earlier; remove the folder to train them again)\n`);
    else if (reused > 0) io.stdout(`  ${String(reused)} of ${String(study.total)} runs reused from ${outDir}; training the other ${String(study.jobs.length)}\n`);
  }
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.on('SIGINT', onSignal);
  const progress = request.json ? null : new StudyProgress(io, tty, request.arms.map((a) => a.name), request.runs, study.existing.length);
  let outcome: Awaited<ReturnType<typeof runStudy>>;
  try {
    const options = {
      study,
      workers: request.workers,
      io,
      shouldStop: () => stop,
      onProgress: (inFlight: Parameters<StudyProgress['progress']>[0], finished: Parameters<StudyProgress['progress']>[1]) => {
        progress?.progress(inFlight, finished);
      },
      onRun: (run: StudyRun, finished: Parameters<StudyProgress['progress']>[1]) => {
        progress?.finished(run, finished);
      },
    };
    outcome = request.redis === undefined ? await runStudy(options) : await runStudyOnQueue({ ...options, target: request.redis });
  } finally {
    process.off('SIGINT', onSignal);
    progress?.end();
  }
  return { ...outcome, outDir, dataset: { name: dataset.name, source: dataset.source, size: dataset.size } };
}

/** Runs a study, then saves and prints every arm's MCCs, their comparisons and histograms. */
export async function executeStudy(io: Io, request: StudyRequest, tty: boolean): Promise<StudySummary> {
  const result = await collectRuns(io, request, tty);
  const { outDir } = result;
  const runsOf = (name: string) => result.runs.filter((r) => r.arm === name).sort((a, b) => a.run - b.run);
  // Diverged runs have no MCC: they are counted, never averaged in.
  const mccOf = (name: string) => runsOf(name).filter((r): r is FinishedRun => !isDiverged(r)).map((r) => r.mcc);
  const arms: StudySummary['arms'] = {};
  const files: string[] = [];
  for (const arm of request.arms) {
    const mcc = mccOf(arm.name);
    const nt = mcc.length >= 8 ? normalTest(mcc) : null;
    const diverged = runsOf(arm.name).filter(isDiverged).map((r) => ({ run: r.run, step: r.diverged.step }));
    arms[arm.name] = { mcc, ...meanSe(mcc), normaltest: nt === null ? null : { statistic: nt.statistic, p: nt.p }, diverged };
    if (mcc.length > 0) files.push(writeFileAtomic(io, join(outDir, `${arm.name}.npy`), writeNpy(Float64Array.from(mcc), [mcc.length])));
  }
  const comparisons: StudySummary['comparisons'] = [];
  const notCompared: string[] = [];
  for (let i = 0; i < request.arms.length; i++) {
    for (let j = i + 1; j < request.arms.length; j++) {
      const a = request.arms[i] as StudyArm;
      const b = request.arms[j] as StudyArm;
      const [ma, mb] = [mccOf(a.name), mccOf(b.name)];
      if (ma.length >= 2 && mb.length >= 2) comparisons.push({ a: a.name, b: b.name, comparison: compareSamples(ma, mb) });
      else notCompared.push(`  ${a.name} vs ${b.name}: n/a (${String(ma.length)} and ${String(mb.length)} runs with an MCC; a test needs 2 of each)`);
    }
  }
  const series = request.arms
    .map((a, k) => ({ arm: a, mcc: mccOf(a.name), k }))
    .filter((s) => s.mcc.length > 0)
    .map((s) => ({ label: s.arm.name, ...histogram(s.mcc, 5), color: ['#dddddd', '#555555', '#999999'][s.k % 3] ?? '#999999', hatch: s.k % 2 === 1 }));
  if (series.length > 0) {
    const svg = histogramFigure({ series, title: request.title, xLabel: 'MCC' });
    files.push(writeFigure(io, svg, join(outDir, 'histograms.svg')), writeFigure(io, svg, join(outDir, 'histograms.png')));
  }
  files.push(writeFileAtomic(io, join(outDir, 'comparison.json'), `${JSON.stringify({ arms, comparisons }, null, 1)}\n`));
  if (!request.json) {
    for (const [name, a] of Object.entries(arms)) {
      const diverged = divergedNote(runsOf(name));
      io.stdout(`  ${name}: ${String(a.mcc.length)} run${a.mcc.length === 1 ? '' : 's'}, MCC ${formatMeanSe(a.mcc, 5)}${a.normaltest === null ? '' : `, normal test p = ${a.normaltest.p.toPrecision(4)}`}${diverged === null ? '' : `; ${diverged}`}\n`);
    }
    for (const line of notCompared) io.stdout(`${line}\n`);
    for (const c of comparisons) io.stdout(`\n${formatComparison(c.comparison, [c.a, c.b], 'two-sided').replace(/^/gm, '  ')}`);
    io.stdout(`\n  ${result.stopped ? 'stopped' : 'finished'} in ${result.seconds.toFixed(1)}s${result.resumed > 0 ? ` (${String(result.resumed)} runs reused from ${outDir})` : ''}\n`);
    for (const f of files) io.stdout(`  wrote ${f}\n`);
  }
  return { arms, comparisons, files, seconds: result.seconds, stopped: result.stopped };
}

export interface StudyArguments {
  readonly arm?: string[];
  readonly runs?: string;
  readonly workers?: string;
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
export async function studyCommand(io: Io, args: StudyArguments, tty: boolean): Promise<number> {
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
