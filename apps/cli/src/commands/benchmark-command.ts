import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { calibratedTargets, CALIBRATION_OPTIMIZERS, formatMeanSe, WORKLOADS, type BenchmarkOptimizer, type BenchmarkSettings } from '@descent/benchmark';
import { countArgument, DEFAULT_SEED, positiveArgument } from '../arguments.js';
import { executeBenchmark, type BenchmarkOutcome } from '../benchmark/benchmark-execution.js';
import { UsageError } from '../errors.js';
import { threadsArgument } from '../thread-flags.js';
import { writeFileAtomic, type Io } from '../io.js';
import { prepareOutputFolder } from '../output-paths.js';
import { requireGradientSteps, resolveOptimizer } from '../optimizer-resolver.js';
import { reachableRedis, refuseWorkersWithRedis } from '../queue/redis-url.js';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** The four baselines the issue names: what `descent benchmark` compares when no --optimizers are given. */
const DEFAULT_BENCHMARK_OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw'] as const;

interface BenchmarkArguments {
  readonly workloads?: string;
  readonly optimizers?: string;
  readonly trials?: string;
  readonly seeds?: string;
  readonly pruner?: string;
  readonly seed?: string;
  readonly workers?: string;
  readonly threads?: string;
  readonly steps?: string;
  readonly out?: string;
  readonly dataDir?: string;
  readonly resume?: boolean;
  readonly json?: boolean;
  readonly redis?: string;
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

/** --threads (default 1 per run), refused with --redis, where each `descent worker` trains on one thread. */
function threadsOf(args: BenchmarkArguments): number {
  if (args.redis !== undefined && args.threads !== undefined) throw new UsageError('--threads is not supported with --redis: each descent worker trains on 1 thread');
  return threadsArgument(args.threads, 1);
}

/** `descent benchmark`: every optimizer tuned with the same budget on every workload, then compared. */
async function benchmarkCommand(io: Io, args: BenchmarkArguments, tty: boolean): Promise<number> {
  const optimizers = await optimizersArgument(io, args.optimizers, DEFAULT_BENCHMARK_OPTIMIZERS);
  const settings = settingsFrom(args, optimizers);
  refuseWorkersWithRedis(args);
  const workers = positiveArgument('--workers', args.workers, availableParallelism(), 256);
  const threads = threadsOf(args);
  if (args.out === undefined) throw new UsageError('benchmark needs --out DIR (trials.jsonl, benchmark.json, the figures and report.md go there)');
  const redis = await reachableRedis('--redis', args.redis);
  const outDir = prepareOutputFolder(io, '--out', args.out);
  const json = args.json === true;
  const outcome = await executeBenchmark(io, { settings, optimizers, workers, threads, outDir, resume: args.resume === true, ...(args.dataDir === undefined ? {} : { dataDir: args.dataDir }), ...(redis === undefined ? {} : { redis }), tty, quiet: json });
  if (json) io.stdout(`${JSON.stringify(outcome.summary)}\n`);
  else printSummary(io, outcome);
  return 0;
}

/**
 * `descent benchmark calibrate`: the calibration baselines tuned on each workload (trials chosen by final metric),
 * and the targets they imply (`calibratedTargets`), written to DIR/targets.json in the form of
 * @descent/benchmark's src/targets.json.
 */
async function calibrateCommand(io: Io, args: BenchmarkArguments, tty: boolean): Promise<number> {
  const optimizers = await optimizersArgument(io, args.optimizers, CALIBRATION_OPTIMIZERS);
  const settings: BenchmarkSettings = { ...settingsFrom(args, optimizers), selectBy: 'final' };
  refuseWorkersWithRedis(args);
  const workers = positiveArgument('--workers', args.workers, availableParallelism(), 256);
  const threads = threadsOf(args);
  if (args.out === undefined) throw new UsageError('benchmark calibrate needs --out DIR (its runs, benchmark.json and targets.json go there)');
  const redis = await reachableRedis('--redis', args.redis);
  const outDir = prepareOutputFolder(io, '--out', args.out);
  const json = args.json === true;
  const outcome = await executeBenchmark(io, { settings, optimizers, workers, threads, outDir, resume: args.resume === true, ...(args.dataDir === undefined ? {} : { dataDir: args.dataDir }), ...(redis === undefined ? {} : { redis }), tty, quiet: json });
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

export function register(program: Command, { io, tty, setExitCode }: CommandContext): void {
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
    .option('--threads <n>', 'threads each training computes on (results are the same for any count; default 1: the workers already fill the cores)')
    .option('--steps <n>', "every workload's step budget instead of its own (a quick look; targets stay)")
    .option('--data-dir <dir>', 'a directory with the Fashion-MNIST IDX files')
    .option('--out <dir>', 'where trials.jsonl, benchmark.json, the figures and report.md go')
    .option('--resume', 'reuse the runs already in trials.jsonl')
    .option('--json', 'print benchmark.json (calibrate: the targets) to stdout')
    .option('--redis <url>', 'send the trials as jobs to `descent worker` processes through Redis (redis://[:password@]host:port)')
    .action(async (mode: string | undefined, o: BenchmarkArguments) => {
      if (mode !== undefined && mode !== 'calibrate') throw new UsageError(`benchmark takes no argument but calibrate, got '${mode}'`);
      setExitCode(mode === 'calibrate' ? await calibrateCommand(io, o, tty) : await benchmarkCommand(io, o, tty));
    });
}
