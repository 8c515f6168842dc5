import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import {
  BenchmarkPool,
  benchmarkFigures,
  benchmarkReport,
  calibratedTargets,
  CALIBRATION_OPTIMIZERS,
  formatMeanSe,
  parseTrials,
  runBenchmark,
  specKey,
  summarizeBenchmark,
  TRIALS_FILE,
  WORKLOADS,
  type BenchmarkOptimizer,
  type BenchmarkRunResult,
  type BenchmarkRunSpec,
  type BenchmarkSettings,
  type BenchmarkSummary,
  type TrialLine,
} from '@descent/benchmark';
import { countArgument, DEFAULT_SEED, positiveArgument } from '../arguments.js';
import { FailureError, UsageError } from '../errors.js';
import { writeFigure } from '../figure-files.js';
import { writeFileAtomic, type Io } from '../io.js';
import { prepareOutputFolder } from '../output-paths.js';
import { requireGradientSteps, resolveOptimizer } from '../optimizer-resolver.js';
import { benchmarkId, QueueBenchmarkPool } from '../queue/queue-benchmark.js';
import { reachableRedis, refuseWorkersWithRedis, type RedisTarget } from '../queue/redis-url.js';

/** The four baselines the issue names: what `descent benchmark` compares when no --optimizers are given. */
const DEFAULT_BENCHMARK_OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw'] as const;

export interface BenchmarkArguments {
  readonly workloads?: string;
  readonly optimizers?: string;
  readonly trials?: string;
  readonly seeds?: string;
  readonly pruner?: string;
  readonly seed?: string;
  readonly workers?: string;
  readonly steps?: string;
  readonly out?: string;
  readonly dataDir?: string;
  readonly resume?: boolean;
  readonly json?: boolean;
  readonly redis?: string;
}

/**
 * The worker script, beside the bundle in dist/. Run from sources (the tests), it is the built one: a worker thread
 * cannot load TypeScript, and the tests' global setup rebuilds dist/ whenever it is older than src/.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.includes('/src/') ? new URL(`${here.slice(0, here.lastIndexOf('/src/'))}/dist/benchmark-worker.js`) : new URL('./benchmark-worker.js', here);
}

/** A comma-separated list flag: trimmed, non-empty, without repeats. */
function listArgument(flag: string, text: string | undefined, fallback: readonly string[]): string[] {
  if (text === undefined) return [...fallback];
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`${flag} expects names separated by commas, got '${text}'`);
  const repeated = items.find((s, i) => items.indexOf(s) !== i);
  if (repeated !== undefined) throw new UsageError(`${flag} names '${repeated}' twice`);
  return items;
}

function workloadsArgument(text: string | undefined): string[] {
  const names = listArgument('--workloads', text, WORKLOADS.map((w) => w.name));
  for (const name of names) {
    if (!WORKLOADS.some((w) => w.name === name)) throw new UsageError(`--workloads: unknown workload '${name}'; known workloads: ${WORKLOADS.map((w) => w.name).join(', ')}`);
  }
  return names;
}

/** Every optimizer resolved (built-in, package or file) before any run, so a typo costs nothing. */
async function optimizersArgument(io: Io, text: string | undefined, fallback: readonly string[]): Promise<BenchmarkOptimizer[]> {
  const out: BenchmarkOptimizer[] = [];
  for (const spec of listArgument('--optimizers', text, fallback)) {
    const plugin = await resolveOptimizer(spec, io.cwd);
    requireGradientSteps(plugin, '--optimizers');
    out.push({ spec, plugin });
  }
  return out;
}

/**
 * DIR/trials.jsonl's finished runs, by spec. Without --resume a non-empty file is refused (its runs would be mixed
 * with new ones); a last line cut short by a stop is dropped with a warning and the file rewritten whole.
 */
function openTrials(io: Io, dir: string, resume: boolean): Map<string, BenchmarkRunResult> {
  const file = join(dir, TRIALS_FILE);
  const cache = new Map<string, BenchmarkRunResult>();
  if (!existsSync(file) || statSync(file).size === 0) return cache;
  if (!resume) throw new UsageError(`--out ${dir}: ${file} holds runs of an earlier benchmark; pass --resume to reuse them, or choose another --out`);
  let parsed: ReturnType<typeof parseTrials>;
  try {
    parsed = parseTrials(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FailureError(`${file}: ${(error as Error).message}; remove it or choose another --out`);
  }
  if (parsed.truncatedLine !== null) {
    io.stderr(`descent: warning: ${file}:${String(parsed.truncatedLine)} was cut short while it was written (the program stopped); dropped it, and that run will be done again\n`);
    writeFileAtomic(io, file, parsed.lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  }
  for (const line of parsed.lines) cache.set(specKey(line.spec), line.result);
  return cache;
}

export interface BenchmarkRequest {
  readonly settings: BenchmarkSettings;
  readonly optimizers: readonly BenchmarkOptimizer[];
  readonly workers: number;
  readonly outDir: string;
  readonly resume: boolean;
  readonly dataDir?: string;
  readonly tty: boolean;
  readonly quiet: boolean;
  /** Run the trials on `descent worker` processes through this Redis (--redis) instead of threads here. */
  readonly redis?: RedisTarget;
}

export interface BenchmarkOutcome {
  readonly summary: BenchmarkSummary;
  readonly runs: number;
  readonly reused: number;
  readonly seconds: number;
  readonly files: string[];
}

/**
 * Runs a benchmark on worker threads, every finished run appended to DIR/trials.jsonl at once (a stop loses none;
 * --resume runs nothing twice), then writes benchmark.json, the figures (SVG and PNG) and report.md.
 */
export async function executeBenchmark(io: Io, request: BenchmarkRequest): Promise<BenchmarkOutcome> {
  const dir = request.outDir;
  const cache = openTrials(io, dir, request.resume);
  const file = join(dir, TRIALS_FILE);
  // A relative --data-dir is the user's folder's, which the worker threads' process.cwd() need not be.
  const dataDir = request.dataDir === undefined ? undefined : resolve(io.cwd, request.dataDir);
  const pool =
    request.redis === undefined
      ? new BenchmarkPool(workerUrl(), request.workers, { cwd: io.cwd, ...(dataDir === undefined ? {} : { dataDir }) })
      : new QueueBenchmarkPool(io, request.redis, benchmarkId(request.settings, dir), new Map(request.optimizers.map((o) => [o.spec, o.plugin.id])));
  let runs = 0;
  let reused = 0;
  const start = performance.now();
  const progress = () => {
    if (request.tty && !request.quiet) io.stderr(`\rbenchmark: ${String(runs)} runs done${reused > 0 ? ` (${String(reused)} from ${TRIALS_FILE})` : ''}, ${((performance.now() - start) / 1000).toFixed(0)}s   `);
  };
  const runOne = async (spec: BenchmarkRunSpec): Promise<BenchmarkRunResult> => {
    const key = specKey(spec);
    const known = cache.get(key);
    if (known !== undefined) {
      runs++;
      reused++;
      return known;
    }
    const result = await pool.run(spec);
    cache.set(key, result);
    appendFileSync(file, `${JSON.stringify({ spec, result } satisfies TrialLine)}\n`);
    runs++;
    progress();
    return result;
  };
  let summary: BenchmarkSummary;
  try {
    const measured = await runBenchmark(request.settings, request.optimizers, (specs) => {
      // The queue names a batch's flow by all its specs, cached ones included (a --resume finds the same flow).
      if (pool instanceof QueueBenchmarkPool) pool.beginBatch(specs);
      return Promise.all(specs.map(runOne));
    });
    summary = summarizeBenchmark(request.settings, measured);
  } catch (error) {
    throw new FailureError((error as Error).message);
  } finally {
    await pool.close();
    if (request.tty && !request.quiet && runs > 0) io.stderr('\n');
  }
  const files = [writeFileAtomic(io, join(dir, 'benchmark.json'), `${JSON.stringify(summary, null, 1)}\n`)];
  for (const figure of benchmarkFigures(summary)) {
    files.push(writeFigure(io, figure.svg, join(dir, `${figure.name}.svg`)), writeFigure(io, figure.svg, join(dir, `${figure.name}.png`)));
  }
  files.push(writeFileAtomic(io, join(dir, 'report.md'), `${benchmarkReport(summary)}\n`));
  return { summary, runs, reused, seconds: (performance.now() - start) / 1000, files };
}

/** The settings flags shared by `benchmark` and `benchmark calibrate`. */
function settingsFrom(args: BenchmarkArguments, optimizers: readonly BenchmarkOptimizer[]): BenchmarkSettings {
  const pruner = args.pruner ?? 'none';
  if (pruner !== 'asha' && pruner !== 'none') throw new UsageError(`--pruner expects asha or none, got '${pruner}'`);
  return {
    workloads: workloadsArgument(args.workloads),
    optimizers: optimizers.map((o) => o.spec),
    trials: positiveArgument('--trials', args.trials, 16, 10_000),
    seeds: positiveArgument('--seeds', args.seeds, 5, 1000),
    pruner,
    seed: countArgument('--seed', args.seed, DEFAULT_SEED, 4_294_000_000),
    ...(args.steps === undefined ? {} : { steps: positiveArgument('--steps', args.steps, 1, 10_000_000) }),
  };
}

const shown = (v: number | null, digits = 4) => (v === null ? 'never' : Number(v.toPrecision(digits)).toString());

function printSummary(io: Io, outcome: BenchmarkOutcome): void {
  const { summary } = outcome;
  for (const w of summary.workloads) {
    io.stdout(`\n${w.name}: ${w.metric}, target ${shown(w.target)}, ${String(w.steps)} steps\n`);
    for (const o of w.optimizers) {
      const lr = o.best.lr;
      io.stdout(
        `  ${o.name.padEnd(10)} lr ${typeof lr === 'number' ? shown(lr, 3) : '—'}  steps to target ${shown(o.stepsToTarget.median)}  final ${formatMeanSe(o.final)}  (defaults: ${formatMeanSe(o.default.final)}, steps ${shown(o.default.stepsToTarget.median)})\n`,
      );
    }
    for (const c of w.comparisons.filter((x) => x.pHolm < 0.05)) io.stdout(`  ${c.a} vs ${c.b}: final metrics differ (Mann–Whitney, Holm p = ${shown(c.pHolm, 3)})\n`);
  }
  io.stdout(`\nscores (area under the performance profile, τ ∈ [1, 4], / 3): ${Object.entries(summary.score).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}\n`);
  io.stdout(`${String(outcome.runs)} runs${outcome.reused > 0 ? ` (${String(outcome.reused)} reused)` : ''} in ${outcome.seconds.toFixed(1)}s\n`);
  for (const f of outcome.files) io.stdout(`  wrote ${f}\n`);
}

/** `descent benchmark`: every optimizer tuned with the same budget on every workload, then compared. */
export async function benchmarkCommand(io: Io, args: BenchmarkArguments, tty: boolean): Promise<number> {
  const optimizers = await optimizersArgument(io, args.optimizers, DEFAULT_BENCHMARK_OPTIMIZERS);
  const settings = settingsFrom(args, optimizers);
  refuseWorkersWithRedis(args);
  const workers = positiveArgument('--workers', args.workers, availableParallelism(), 256);
  if (args.out === undefined) throw new UsageError('benchmark needs --out DIR (trials.jsonl, benchmark.json, the figures and report.md go there)');
  const redis = await reachableRedis('--redis', args.redis);
  const outDir = prepareOutputFolder(io, '--out', args.out);
  const json = args.json === true;
  const outcome = await executeBenchmark(io, { settings, optimizers, workers, outDir, resume: args.resume === true, ...(args.dataDir === undefined ? {} : { dataDir: args.dataDir }), ...(redis === undefined ? {} : { redis }), tty, quiet: json });
  if (json) io.stdout(`${JSON.stringify(outcome.summary)}\n`);
  else printSummary(io, outcome);
  return 0;
}

/**
 * `descent benchmark calibrate`: the calibration baselines tuned on each workload (trials chosen by final metric),
 * and the targets they imply (`calibratedTargets`), written to DIR/targets.json in the form of
 * @descent/benchmark's src/targets.json.
 */
export async function calibrateCommand(io: Io, args: BenchmarkArguments, tty: boolean): Promise<number> {
  const optimizers = await optimizersArgument(io, args.optimizers, CALIBRATION_OPTIMIZERS);
  const settings: BenchmarkSettings = { ...settingsFrom(args, optimizers), selectBy: 'final' };
  refuseWorkersWithRedis(args);
  const workers = positiveArgument('--workers', args.workers, availableParallelism(), 256);
  if (args.out === undefined) throw new UsageError('benchmark calibrate needs --out DIR (its runs, benchmark.json and targets.json go there)');
  const redis = await reachableRedis('--redis', args.redis);
  const outDir = prepareOutputFolder(io, '--out', args.out);
  const json = args.json === true;
  const outcome = await executeBenchmark(io, { settings, optimizers, workers, outDir, resume: args.resume === true, ...(args.dataDir === undefined ? {} : { dataDir: args.dataDir }), ...(redis === undefined ? {} : { redis }), tty, quiet: json });
  const targets = calibratedTargets(outcome.summary);
  const file = writeFileAtomic(io, join(outDir, 'targets.json'), `${JSON.stringify(targets, null, 2)}\n`);
  if (json) {
    io.stdout(`${JSON.stringify(targets)}\n`);
    return 0;
  }
  for (const w of outcome.summary.workloads) {
    const t = targets[w.name];
    io.stdout(`${w.name}: target ${t === undefined ? 'none (every baseline diverged)' : shown(t.target)} (stored: ${shown(WORKLOADS.find((x) => x.name === w.name)?.target ?? null)})\n`);
  }
  io.stdout(`wrote ${file}; copy its entries into packages/benchmark/src/targets.json to store them with the workloads\n`);
  return 0;
}
