import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BenchmarkPool,
  benchmarkFigures,
  benchmarkReport,
  parseTrials,
  runBenchmark,
  specKey,
  summarizeBenchmark,
  TRIALS_FILE,
  type BenchmarkOptimizer,
  type BenchmarkRunResult,
  type BenchmarkRunSpec,
  type BenchmarkSettings,
  type BenchmarkSummary,
  type TrialLine,
} from '@descent/benchmark';
import { FailureError, UsageError } from '../errors.js';
import { writeFigure } from '../figure-files.js';
import { writeFileAtomic, type Io } from '../io.js';
import { benchmarkId, QueueBenchmarkPool } from '../queue/queue-benchmark.js';
import type { RedisTarget } from '../queue/redis-url.js';

// A benchmark carried out, for `descent benchmark` (and calibrate) and `reproduce fig-11-11 --tuned`: its trials run
// on worker threads here or on workers through Redis, each kept in trials.jsonl as it finishes, then its summary,
// figures and report written.

/**
 * The worker script, beside the bundle in dist/. Run from sources (the tests), it is the built one: a worker thread
 * cannot load TypeScript, and the tests' global setup rebuilds dist/ whenever it is older than src/.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.includes('/src/') ? new URL(`${here.slice(0, here.lastIndexOf('/src/'))}/dist/benchmark-worker.js`) : new URL('./benchmark-worker.js', here);
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
  /** Threads each training run computes on (default 1: the workers already fill the cores). */
  readonly threads?: number;
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
      ? new BenchmarkPool(workerUrl(), request.workers, { cwd: io.cwd, threads: request.threads ?? 1, ...(dataDir === undefined ? {} : { dataDir }) })
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
