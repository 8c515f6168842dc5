import { stateLike } from '../arena.js';
import type { FloatArray, LearningRate } from '../optimizer-types.js';
import { pair, type GradientTransformation, type TransformContext, type TransformState } from './types.js';

/** The learning rate of parameter `i`: a fixed rate or schedule when given, else its group's (already resolved). */
function rateFor(lr: LearningRate | undefined, i: number, context: TransformContext): number {
  if (lr === undefined) return context.lr[i] as number;
  return typeof lr === 'number' ? lr : lr(context.step);
}

/**
 * u ← −η·u (optax `scale_by_learning_rate`): turns a direction into a descent step. Without `lr`, each parameter's
 * group learning rate (and its schedule) is used, so param groups and `currentLr` work as in any optimizer.
 */
export function scaleByLearningRate(lr?: LearningRate): GradientTransformation<Record<string, never>> {
  const holder = {};
  const transformation: GradientTransformation<Record<string, never>> = {
    name: 'scaleByLearningRate',
    init: () => ({}),
    update(updates, state, _params, context) {
      for (let k = 0; k < updates.length; k++) {
        const u = updates[k] as FloatArray;
        const factor = -rateFor(lr, k, context);
        // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length, and reading it gives undefined, never stored
        for (let i = 0; i < u.length; i++) u[i] = (u[i] as number) * factor;
      }
      return pair(holder, updates, state);
    },
  };
  rates.set(transformation as GradientTransformation, (k, context) => rateFor(lr, k, context));
  return transformation;
}

/** Each `scaleByLearningRate`'s rate of parameter k, so that an optimizer can fold it into its apply pass. */
const rates = new WeakMap<GradientTransformation, (k: number, context: TransformContext) => number>();

/** The learning rate a `scaleByLearningRate` multiplies parameter k's update by (negated), or undefined for another transformation. */
export function learningRateOf(transformation: GradientTransformation): ((k: number, context: TransformContext) => number) | undefined {
  return rates.get(transformation);
}

/** u ← c·u (optax `scale`). */
export function scale(factor: number): GradientTransformation<Record<string, never>> {
  const holder = {};
  return {
    name: 'scale',
    init: () => ({}),
    update(updates, state) {
      // Stryker disable next-line EqualityOperator: i ≤ length only adds a write at index length, which a typed array ignores (i ≥ length, which would skip the loop, is killed by scale's test)
      for (const u of updates) for (let i = 0; i < u.length; i++) u[i] = (u[i] as number) * factor;
      return pair(holder, updates, state);
    },
  };
}

/** `scaleByAdam`'s settings, with PyTorch's and optax's defaults. */
export interface ScaleByAdamOptions {
  /** β₁, the decay of the first-moment average. Default 0.9. */
  readonly beta1?: number;
  /** β₂, the decay of the second-moment average. Default 0.999. */
  readonly beta2?: number;
  /** ε, added to √v̂ (outside the root). Default 1e-8. */
  readonly eps?: number;
  /** Divide by the running maximum of v (Reddi et al. 2018), as PyTorch's `amsgrad`. */
  readonly amsgrad?: boolean;
}

export interface ScaleByAdamState extends TransformState {
  /** t: steps taken, for the bias corrections. */
  count: number;
  /** m: running mean of the updates. */
  mu: FloatArray[];
  /** v: running mean of their squares. */
  nu: FloatArray[];
  /** max v (amsgrad only; empty otherwise). */
  nuMax: FloatArray[];
}

/**
 * Adam's direction without the learning rate (optax `scale_by_adam`): m ← β₁m + (1−β₁)u, v ← β₂v + (1−β₂)u²,
 * u ← (m / (1−β₁ᵗ)) / (√v / √(1−β₂ᵗ) + ε), ε outside the root as in PyTorch's Adam.
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, amsgrad = false } = options;
  const holder = {};
  // Reused by every step (rewritten in place): a step allocates nothing.
  const step: AdamStep = { beta1, beta2, oneMinusBeta1: 1 - beta1, oneMinusBeta2: 1 - beta2, eps, invCorrection1: 1, invCorrection2Sqrt: 1 };
  const begin = (state: ScaleByAdamState): void => {
    const t = ++state.count;
    step.invCorrection1 = 1 / (1 - beta1 ** t);
    step.invCorrection2Sqrt = 1 / Math.sqrt(1 - beta2 ** t);
  };
  const transformation: GradientTransformation<ScaleByAdamState> = {
    name: 'scaleByAdam',
    init: (params) => ({
      count: 0,
      mu: params.map((p) => stateLike(p)),
      nu: params.map((p) => stateLike(p)),
      nuMax: amsgrad ? params.map((p) => stateLike(p)) : [],
    }),
    update(updates, state) {
      begin(state);
      for (let k = 0; k < updates.length; k++) {
        adamDirection(updates[k] as FloatArray, state.mu[k] as FloatArray, state.nu[k] as FloatArray, amsgrad ? (state.nuMax[k] as FloatArray) : undefined, step);
      }
      return pair(holder, updates, state);
    },
  };
  adamSteps.set(transformation as GradientTransformation, (gradients, state, targets, factors) => {
    const s = state as ScaleByAdamState;
    begin(s);
    for (let k = 0; k < gradients.length; k++) {
      const g = gradients[k] as FloatArray;
      const m = s.mu[k] as FloatArray;
      const v = s.nu[k] as FloatArray;
      const vMax = amsgrad ? (s.nuMax[k] as FloatArray) : undefined;
      const data = targets[k];
      // A parameter that does not move still ages its moments, as in the unfused chain (its buffer holds zeros).
      if (data === null || data === undefined) adamDirection(g, m, v, vMax, step);
      else if (data instanceof Float32Array) adamApplyF32(g, m, v, vMax, data, factors[k] as number, step);
      else adamApplyF64(g, m, v, vMax, data, factors[k] as number, step);
    }
  });
  return transformation;
}

/** One Adam step's constants: β and 1 − β, ε, and the bias corrections' reciprocals for this step's t. */
interface AdamStep {
  readonly beta1: number;
  readonly beta2: number;
  readonly oneMinusBeta1: number;
  readonly oneMinusBeta2: number;
  readonly eps: number;
  invCorrection1: number;
  invCorrection2Sqrt: number;
}

/** u ← Adam's direction, moments updated in place. */
function adamDirection(u: FloatArray, m: FloatArray, v: FloatArray, vMax: FloatArray | undefined, s: AdamStep): void {
  const { beta1, beta2, oneMinusBeta1, oneMinusBeta2, eps, invCorrection1, invCorrection2Sqrt } = s;
  // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length, and reading it gives undefined, never stored
  for (let i = 0; i < u.length; i++) {
    const g = u[i] as number;
    const mi = (m[i] = beta1 * (m[i] as number) + oneMinusBeta1 * g);
    let vi = (v[i] = beta2 * (v[i] as number) + oneMinusBeta2 * g * g);
    if (vMax !== undefined) vi = vMax[i] = Math.max(vMax[i] as number, vi);
    u[i] = (mi * invCorrection1) / (Math.sqrt(vi) * invCorrection2Sqrt + eps);
  }
}

/**
 * θ ← θ + factor·(Adam's direction) on float32 arrays, reading g and never writing it. The direction is rounded to
 * float32 as the update buffer would have stored it, and the product as `applyScaled` rounds it: bit for bit the
 * unfused chain(scaleByAdam, scaleByLearningRate).
 */
function adamApplyF32(g: FloatArray, m: FloatArray, v: FloatArray, vMax: FloatArray | undefined, data: Float32Array, factor: number, s: AdamStep): void {
  const { beta1, beta2, oneMinusBeta1, oneMinusBeta2, eps, invCorrection1, invCorrection2Sqrt } = s;
  const n = data.length;
  if (vMax === undefined) {
    // Stryker disable next-line EqualityOperator: at i = n the reads are undefined (NaN) and a typed array ignores every write at index n
    for (let i = 0; i < n; i++) {
      const gi = g[i] as number;
      const mi = (m[i] = beta1 * (m[i] as number) + oneMinusBeta1 * gi);
      const vi = (v[i] = beta2 * (v[i] as number) + oneMinusBeta2 * gi * gi);
      data[i] = (data[i] as number) + Math.fround(Math.fround((mi * invCorrection1) / (Math.sqrt(vi) * invCorrection2Sqrt + eps)) * factor);
    }
    return;
  }
  // Stryker disable next-line EqualityOperator: at i = n the reads are undefined (NaN) and a typed array ignores every write at index n
  for (let i = 0; i < n; i++) {
    const gi = g[i] as number;
    const mi = (m[i] = beta1 * (m[i] as number) + oneMinusBeta1 * gi);
    const vi = (vMax[i] = Math.max(vMax[i] as number, (v[i] = beta2 * (v[i] as number) + oneMinusBeta2 * gi * gi)));
    data[i] = (data[i] as number) + Math.fround(Math.fround((mi * invCorrection1) / (Math.sqrt(vi) * invCorrection2Sqrt + eps)) * factor);
  }
}

/** `adamApplyF32` for float64 arrays: θ ← θ + factor·(Adam's direction), nothing rounded. */
function adamApplyF64(g: FloatArray, m: FloatArray, v: FloatArray, vMax: FloatArray | undefined, data: FloatArray, factor: number, s: AdamStep): void {
  const { beta1, beta2, oneMinusBeta1, oneMinusBeta2, eps, invCorrection1, invCorrection2Sqrt } = s;
  const n = data.length;
  // Stryker disable next-line EqualityOperator: at i = n the reads are undefined (NaN) and a typed array ignores every write at index n
  for (let i = 0; i < n; i++) {
    const gi = g[i] as number;
    const mi = (m[i] = beta1 * (m[i] as number) + oneMinusBeta1 * gi);
    let vi = (v[i] = beta2 * (v[i] as number) + oneMinusBeta2 * gi * gi);
    if (vMax !== undefined) vi = vMax[i] = Math.max(vMax[i] as number, vi);
    data[i] = (data[i] as number) + ((mi * invCorrection1) / (Math.sqrt(vi) * invCorrection2Sqrt + eps)) * factor;
  }
}

/**
 * A `scaleByAdam` followed by a learning-rate scale and the apply, in one pass: for each parameter k, its moments
 * are updated from `gradients[k]` and `targets[k]` moves by `factors[k]` times the direction (−η). A null target does
 * not move, but its moments still age: the direction is then written into `gradients[k]`, so pass buffers the caller
 * owns (ChainOptimizer passes its update buffers). Counts one step.
 */
export type AdamThenApply = (gradients: readonly FloatArray[], state: TransformState, targets: readonly (FloatArray | null)[], factors: Float64Array) => void;

/** Each `scaleByAdam`'s fused pass, for an optimizer whose chain ends in scaleByAdam, scaleByLearningRate. */
const adamSteps = new WeakMap<GradientTransformation, AdamThenApply>();

/** The fused pass of a `scaleByAdam`, or undefined for any other transformation. */
export function adamThenApplyOf(transformation: GradientTransformation): AdamThenApply | undefined {
  return adamSteps.get(transformation);
}

/** `trace`'s settings: the momentum and whether to look ahead. */
export interface TraceOptions {
  /** μ, the momentum. */
  readonly decay: number;
  /** Nesterov's look-ahead: the outgoing update is u + μb instead of b. Default false. */
  readonly nesterov?: boolean;
}

export interface TraceState extends TransformState {
  /** The momentum buffer of each parameter. */
  trace: FloatArray[];
}

/**
 * Momentum (optax `trace`, PyTorch SGD's buffer with dampening 0): b ← μb + u; u ← b, or u + μb with Nesterov.
 * The buffer starts at zero, so the first step's b is u, as PyTorch's first `buf = grad.clone()`.
 */
export function trace(options: TraceOptions): GradientTransformation<TraceState> {
  const { decay, nesterov = false } = options;
  const holder = {};
  return {
    name: 'trace',
    init: (params) => ({ trace: params.map((p) => stateLike(p)) }),
    update(updates, state) {
      for (let k = 0; k < updates.length; k++) {
        const u = updates[k] as FloatArray;
        const b = state.trace[k] as FloatArray;
        // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length, and reading it gives undefined, never stored
        for (let i = 0; i < u.length; i++) {
          const g = u[i] as number;
          const bi = (b[i] = decay * (b[i] as number) + g);
          u[i] = nesterov ? g + decay * bi : bi;
        }
      }
      return pair(holder, updates, state);
    },
  };
}

/** `addDecayedWeights`'s settings: the decay rate λ and which parameters decay. */
export interface AddDecayedWeightsOptions {
  /** λ; without it, each parameter's group option `weightDecay` (0 when the group has none). */
  readonly weightDecay?: number;
  /** Which parameters decay, by name (unnamed ones get undefined): `(name) => !/bias|norm/.test(name ?? '')`. */
  readonly mask?: (name: string | undefined, index: number) => boolean;
}

/**
 * Decoupled weight decay (optax `add_decayed_weights`): u ← u + λθ, before the learning rate scales it, so that
 * chain(scaleByAdam(), addDecayedWeights(), scaleByLearningRate()) is AdamW.
 */
export function addDecayedWeights(options: AddDecayedWeightsOptions = {}): GradientTransformation<Record<string, never>> {
  const holder = {};
  const { mask } = options;
  return {
    name: 'addDecayedWeights',
    init: () => ({}),
    update(updates, state, params, context) {
      for (let k = 0; k < updates.length; k++) {
        // Asked every step (a call, no allocation): the same transformation may serve several optimizers.
        if (mask !== undefined && !mask(context.names[k], k)) continue;
        const fromGroup = context.options[k]?.weightDecay;
        const lambda = options.weightDecay ?? (typeof fromGroup === 'number' ? fromGroup : 0);
        if (lambda === 0) continue;
        const u = updates[k] as FloatArray;
        const p = params[k] as FloatArray;
        // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length, and reading it gives undefined, never stored
        for (let i = 0; i < u.length; i++) u[i] = (u[i] as number) + lambda * (p[i] as number);
      }
      return pair(holder, updates, state);
    },
  };
}
