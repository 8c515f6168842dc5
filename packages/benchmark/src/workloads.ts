import type { ModelSpec } from '@descent/nn';
import storedTargets from './targets.json' with { type: 'json' };

/** What a workload trains: a problem described by data, built inside `executeBenchmarkRun`. */
export type ProblemSpec =
  | {
      /** ½ Σ λᵢ xᵢ², λ log-spaced, gradient λᵢxᵢ + σ·N(0, 1) per coordinate; f* = 0 at x = 0. */
      readonly kind: 'noisy-quadratic';
      readonly dimension: number;
      readonly minEigenvalue: number;
      readonly maxEigenvalue: number;
      /** σ of the additive Gaussian gradient noise. */
      readonly noise: number;
      /** Every coordinate starts here. */
      readonly start: number;
    }
  | { readonly kind: 'rosenbrock'; readonly start: readonly [number, number] }
  | {
      /** A network from @descent/nn on Fashion-MNIST, random minibatches of distinct images, seeded by the run. */
      readonly kind: 'image-classifier';
      /** A built-in model's name (`book-mlp`, `small-cnn`) or a description. */
      readonly model: string | ModelSpec;
      readonly imageSize: 14 | 28;
      readonly batchSize: number;
      /** Train on this many random training images (drawn by the run's seed); all when absent. */
      readonly samples?: number;
      /** The metric is measured on the first this many test images. */
      readonly evalSamples: number;
    };

/** A benchmark workload: a problem, its metric, its budget and the target a tuned optimizer should reach. */
export interface Workload {
  readonly name: string;
  readonly description: string;
  /** What the metric is, in words: `f − f*`, `test error`. */
  readonly metric: string;
  readonly lowerIsBetter: boolean;
  /** Every seed gives the same run (no noise, no random start): seeds repeat one number, so no test compares them. */
  readonly deterministic?: boolean;
  /** The step budget of every run. */
  readonly steps: number;
  /** The metric is measured every this many steps (and at step 0 and at the budget). */
  readonly evalEvery: number;
  /** The metric value that counts as reached; set from tuned baselines (`descent benchmark calibrate`). */
  readonly target: number;
  /** How the stored target was set. */
  readonly targetSource: string;
  readonly problem: ProblemSpec;
}

/**
 * The tuned baselines whose best result sets a workload's target, as AlgoPerf sets its targets (AdamW, NAdamW,
 * Nesterov and heavy-ball momentum); NAdam stands in for NAdamW.
 */
export const CALIBRATION_OPTIMIZERS = ['adamw', 'nadam', 'nesterov', 'momentum'] as const;

/** The stored target of a workload (targets.json, written from `descent benchmark calibrate`'s output). */
function stored(name: string): { target: number; targetSource: string } {
  const entry = (storedTargets as Record<string, { target: number; source: string } | undefined>)[name];
  if (entry === undefined) throw new Error(`targets.json has no target for workload '${name}'`);
  return { target: entry.target, targetSource: entry.source };
}

/** The built-in workloads, cheapest first. */
export const WORKLOADS: readonly Workload[] = [
  {
    name: 'noisy-quadratic',
    ...stored('noisy-quadratic'),
    description:
      'f(x) = ½ Σ λᵢ xᵢ² in d = 100 dimensions, λ log-spaced from 1 to 1000 (condition number 1000), every coordinate starting at 1; each gradient has N(0, σ²) noise added per coordinate, σ = 0.1 (little enough that curvature, not noise, limits progress: the regime where momentum helps). The metric is the noise-free f − f* (f* = 0).',
    metric: 'f − f*',
    lowerIsBetter: true,
    steps: 1000,
    evalEvery: 10,
    problem: { kind: 'noisy-quadratic', dimension: 100, minEigenvalue: 1, maxEigenvalue: 1000, noise: 0.1, start: 1 },
  },
  {
    name: 'rosenbrock',
    ...stored('rosenbrock'),
    description: 'Rosenbrock’s valley (1 − x)² + 100(y − x²)² from (−1.2, 1), exact gradients: deterministic, every seed gives the same run. The metric is f (f* = 0 at (1, 1)).',
    metric: 'f',
    lowerIsBetter: true,
    deterministic: true,
    steps: 2000,
    evalEvery: 20,
    problem: { kind: 'rosenbrock', start: [-1.2, 1] },
  },
  {
    name: 'logreg-fmnist14',
    ...stored('logreg-fmnist14'),
    description: 'Softmax regression (one dense layer, 196 → 10, cross-entropy) on Fashion-MNIST shrunk to 14×14, minibatches of 64. The metric is the error on the first 2,000 test images.',
    metric: 'test error',
    lowerIsBetter: true,
    steps: 2000,
    evalEvery: 200,
    problem: {
      kind: 'image-classifier',
      model: { name: 'logreg', loss: 'softmax-cross-entropy', initializer: 'glorot-uniform', layers: [{ type: 'dense', units: 10 }] },
      imageSize: 14,
      batchSize: 64,
      evalSamples: 2000,
    },
  },
  {
    name: 'mlp-fmnist14',
    ...stored('mlp-fmnist14'),
    description: 'Listing 11-7’s network (196 → 100 → 50 → 10, sigmoids, ½·MSE) on its data, Fashion-MNIST shrunk to 14×14, minibatches of 64; 4,000 steps rather than the listing’s 40,000. The metric is the error on the first 2,000 test images.',
    metric: 'test error',
    lowerIsBetter: true,
    steps: 4000,
    evalEvery: 400,
    problem: { kind: 'image-classifier', model: 'book-mlp', imageSize: 14, batchSize: 64, evalSamples: 2000 },
  },
  {
    name: 'cnn-fmnist',
    ...stored('cnn-fmnist'),
    description: 'Figure 11-11’s small CNN on 4,096 random 28×28 Fashion-MNIST training images, minibatches of 128, 96 steps (3 epochs’ worth). The metric is the error on the first 1,000 test images.',
    metric: 'test error',
    lowerIsBetter: true,
    steps: 96,
    evalEvery: 16,
    problem: { kind: 'image-classifier', model: 'small-cnn', imageSize: 28, batchSize: 128, samples: 4096, evalSamples: 1000 },
  },
];

/** Thrown for a workload name that is not built in; the message lists the known ones. */
export class UnknownWorkloadError extends Error {
  constructor(readonly workload: string) {
    super(`unknown workload '${workload}'; known workloads: ${WORKLOADS.map((w) => w.name).join(', ')}`);
    this.name = 'UnknownWorkloadError';
  }
}

/** The built-in workload of that name; throws UnknownWorkloadError, listing the known names, for any other. */
export function getWorkload(name: string): Workload {
  const found = WORKLOADS.find((w) => w.name === name);
  if (found === undefined) throw new UnknownWorkloadError(name);
  return found;
}

/** Whether `value` reaches `target` on a workload: at or below it when lower is better, at or above otherwise. */
export function reaches(workload: Pick<Workload, 'lowerIsBetter'>, value: number, target: number): boolean {
  return Number.isFinite(value) && (workload.lowerIsBetter ? value <= target : value >= target);
}
