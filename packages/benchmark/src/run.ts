import type { ImageDataset } from '@descent/datasets';
import { loadImageDataset } from '@descent/datasets/node';
import { buildModel, MODELS, sampleRows, type LabelledData, type ModelSpec } from '@descent/nn';
import { parameter, type OptimizerPluginV1, type OptimizerV1 } from '@descent/optim';
import { gaussian, seededUniform } from './quasi-random.js';
import type { TrialOptions } from './search-space.js';
import { getWorkload, type ProblemSpec } from './workloads.js';

/**
 * One run of a benchmark, as data only (no code, no paths), so that the same spec runs on a worker thread, in another
 * process or as a queued job and gives the same curve.
 */
export interface BenchmarkRunSpec {
  /** A built-in workload's name. */
  readonly workload: string;
  /** An optimizer id or package/file spec, as the caller's `resolveOptimizer` reads it. */
  readonly optimizer: string;
  readonly options: TrialOptions;
  readonly seed: number;
  /** Steps to take: the workload's budget, or a successive-halving rung's share of it. */
  readonly steps: number;
}

/** The metric at one evaluation: after `step` steps, `seconds` of optimisation (evaluations not counted). */
export interface CurvePoint {
  readonly step: number;
  readonly value: number;
  readonly seconds: number;
}

/** What one run measured: its learning curve, where it diverged (if it did), and its optimisation time. */
export interface BenchmarkRunResult {
  /** The metric at step 0, every `evalEvery` steps and at the last step; it ends early when the run diverged. */
  readonly curve: readonly CurvePoint[];
  /** The step at which the loss or the metric stopped being finite; null for a run that finished. */
  readonly diverged: number | null;
  /** Seconds of optimisation in the whole run. */
  readonly seconds: number;
  /**
   * Threads a network workload computed on: its pool's count (net.threads), not the one asked for, so a fallback to
   * one thread shows. Absent for the vector workloads, which have no network.
   */
  readonly threads?: number;
}

/** What a run needs besides its spec: how to find an optimizer, and where Fashion-MNIST lives. */
export interface RunEnvironment {
  /** Turns a spec's optimizer (an id, a package or a file) into the plugin to run, e.g. the CLI's optimizer resolver. */
  readonly resolveOptimizer: (spec: string) => OptimizerPluginV1 | Promise<OptimizerPluginV1>;
  /** A directory holding Fashion-MNIST's IDX files; otherwise the usual places (@descent/datasets' loadImageDataset). */
  readonly dataDir?: string;
  /** Threads each network trains on (default 1); a run's results are the same for any count. */
  readonly threads?: number;
}

/** The steps at which a run of `steps` steps measures its metric. */
export function evaluationSteps(steps: number, evalEvery: number): number[] {
  const at = [0];
  for (let s = evalEvery; s < steps; s += evalEvery) at.push(s);
  if (steps > 0) at.push(steps);
  return at;
}

/**
 * Runs one spec: builds the workload's problem with the spec's seed, creates the optimizer with its options, takes
 * `steps` steps and measures the metric at the evaluation steps. Pure in its results: the same spec gives the same
 * curve (seconds aside) wherever it runs.
 */
export async function executeBenchmarkRun(spec: BenchmarkRunSpec, env: RunEnvironment): Promise<BenchmarkRunResult> {
  const workload = getWorkload(spec.workload);
  if (!Number.isInteger(spec.steps) || spec.steps < 0) throw new RangeError(`steps must be a whole number ≥ 0, got ${String(spec.steps)}`);
  const plugin = await env.resolveOptimizer(spec.optimizer);
  if (plugin.needsClosure === true) throw new Error(`${plugin.id} evaluates the loss itself (step(closure)); benchmark workloads take one gradient per step`);
  const at = evaluationSteps(spec.steps, workload.evalEvery);
  const { problem } = workload;
  switch (problem.kind) {
    case 'noisy-quadratic':
      return runVector(noisyQuadratic(problem, spec.seed), plugin, spec, at);
    case 'rosenbrock':
      return runVector(rosenbrockProblem(problem), plugin, spec, at);
    case 'image-classifier':
      return runClassifier(problem, plugin, spec, at, env);
  }
}

/** A problem over one parameter vector: its start, a (possibly noisy) gradient, and the metric. */
interface VectorProblem {
  readonly start: Float64Array;
  gradient(x: Float64Array, out: Float64Array): void;
  metric(x: Float64Array): number;
}

function noisyQuadratic(p: Extract<ProblemSpec, { kind: 'noisy-quadratic' }>, seed: number): VectorProblem {
  const d = p.dimension;
  const ratio = Math.log(p.maxEigenvalue / p.minEigenvalue);
  const lambda = Float64Array.from({ length: d }, (_, i) => p.minEigenvalue * Math.exp((ratio * i) / Math.max(1, d - 1)));
  const uniform = seededUniform(seed);
  return {
    start: new Float64Array(d).fill(p.start),
    gradient(x, out) {
      for (let i = 0; i < d; i++) out[i] = (lambda[i] as number) * (x[i] as number) + p.noise * gaussian(uniform);
    },
    metric(x) {
      let f = 0;
      for (let i = 0; i < d; i++) f += (lambda[i] as number) * (x[i] as number) ** 2;
      return f / 2;
    },
  };
}

function rosenbrockProblem(p: Extract<ProblemSpec, { kind: 'rosenbrock' }>): VectorProblem {
  return {
    start: Float64Array.from(p.start),
    gradient(v, out) {
      const [x, y] = [v[0] as number, v[1] as number];
      out[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      out[1] = 200 * (y - x * x);
    },
    metric(v) {
      const [x, y] = [v[0] as number, v[1] as number];
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    },
  };
}

/** Measures with the optimizer's evaluation point in place (Schedule-Free's average), then puts the gradient point back. */
function atEvaluationPoint<T>(opt: OptimizerV1, measure: () => T): T {
  const swap = opt.mode === 'train' && opt.eval !== undefined;
  if (swap) opt.eval?.();
  try {
    return measure();
  } finally {
    if (swap) opt.train?.();
  }
}

function runVector(problem: VectorProblem, plugin: OptimizerPluginV1, spec: BenchmarkRunSpec, at: readonly number[]): BenchmarkRunResult {
  const x = parameter(Float64Array.from(problem.start));
  const opt = plugin.create([x], spec.options as never);
  const curve: CurvePoint[] = [];
  let seconds = 0;
  let step = 0;
  for (const target of at) {
    const start = performance.now();
    for (; step < target; step++) {
      problem.gradient(x.data, x.grad);
      opt.step();
    }
    seconds += (performance.now() - start) / 1000;
    const value = atEvaluationPoint(opt, () => problem.metric(x.data));
    if (!Number.isFinite(value)) return { curve, diverged: step, seconds };
    curve.push({ step, value, seconds });
  }
  return { curve, diverged: null, seconds };
}

// A worker keeps the data set it loaded: every run of a benchmark reads the same files. A load that failed is not
// kept, so a later run tries again (the files may be there by then) instead of failing with the old error.
const datasets = new Map<string, Promise<ImageDataset>>();

function dataset(size: 14 | 28, dataDir: string | undefined): Promise<ImageDataset> {
  const key = `${String(size)}:${dataDir ?? ''}`;
  const found = datasets.get(key);
  if (found !== undefined) return found;
  const loading = loadImageDataset('fashion-mnist', { size, download: false, ...(dataDir === undefined ? {} : { dataDir }) });
  datasets.set(key, loading);
  loading.catch(() => {
    if (datasets.get(key) === loading) datasets.delete(key);
  });
  return loading;
}

function firstRows(split: ImageDataset['test'], count: number, pixels: number): LabelledData {
  const n = Math.min(count, split.count);
  return { inputs: split.images.subarray(0, n * pixels), labels: split.labels.subarray(0, n), count: n };
}

async function runClassifier(
  p: Extract<ProblemSpec, { kind: 'image-classifier' }>,
  plugin: OptimizerPluginV1,
  spec: BenchmarkRunSpec,
  at: readonly number[],
  env: RunEnvironment,
): Promise<BenchmarkRunResult> {
  const data = await dataset(p.imageSize, env.dataDir);
  const pixels = data.size * data.size;
  const all: LabelledData = { inputs: data.train.images, labels: data.train.labels, count: data.train.count };
  // The subset has its own generator (seed + a constant), so drawing it does not shift the weights' draws.
  const rows = p.samples === undefined ? all : sampleRows(all, p.samples, (spec.seed ^ 0x5eed) >>> 0);
  const test = firstRows(data.test, p.evalSamples, pixels);
  const model: ModelSpec = typeof p.model === 'string' ? (MODELS as Record<string, ModelSpec>)[p.model] ?? fail(`unknown model '${p.model}'`) : p.model;
  const net = buildModel(model, { seed: spec.seed, maxBatch: Math.max(p.batchSize, 64), inputShape: { height: data.size, width: data.size, channels: 1 }, threads: env.threads ?? 1 });
  try {
    return { ...trainAndEvaluate(net.compile({ plugin, options: spec.options }), p, rows, test, at), threads: net.threads };
  } finally {
    net.close(); // its threads, if any
  }
}

/** The classifier's curve: trained up to each evaluation step in turn, then evaluated on `test`. */
function trainAndEvaluate(
  net: ReturnType<typeof buildModel>,
  p: Extract<ProblemSpec, { kind: 'image-classifier' }>,
  rows: LabelledData,
  test: LabelledData,
  at: readonly number[],
): BenchmarkRunResult {
  const curve: CurvePoint[] = [];
  let seconds = 0;
  let step = 0;
  for (const target of at) {
    if (target > step) {
      // The network keeps its seeded generator from one fit to the next: the run depends on its spec alone.
      const fit = net.fit(rows, { minibatches: target - step, batchSize: p.batchSize, progressEvery: target - step });
      seconds += fit.seconds;
      if (fit.diverged !== undefined) return { curve, diverged: step + fit.diverged.step, seconds };
      step = target;
    }
    const value = 1 - net.evaluate(test).accuracy;
    if (!Number.isFinite(value)) return { curve, diverged: step, seconds };
    curve.push({ step, value, seconds });
  }
  return { curve, diverged: null, seconds };
}

function fail(message: string): never {
  throw new Error(message);
}
