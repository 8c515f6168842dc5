import type { FloatArray } from '../optimizer-types.js';
import { scaleInPlace } from '../scale-in-place.js';
import { kernelSumOfSquares, normKernelFor, takeSumOfSquares } from './norm-kernel.js';
import { pair, type GradientTransformation, type TransformState } from './types.js';

/** PyTorch's guard against a zero norm in `clip_grad_norm_`: the factor is max / (norm + 1e-6). */
const NORM_EPS = 1e-6;

/** Σ x² over one array, in float64. */
function sumOfSquares(array: FloatArray): number {
  let a = 0;
  let b = 0;
  const n = array.length;
  const even = n - (n % 2);
  // Two accumulators: independent additions the engine can overlap.
  for (let i = 0; i < even; i += 2) {
    const x = array[i] as number;
    const y = array[i + 1] as number;
    a += x * x;
    b += y * y;
  }
  if (even < n) a += (array[even] as number) ** 2;
  return a + b;
}

/** The clip factor for a norm: min(1, max / (norm + 1e-6)); NaN for a NaN norm, as in PyTorch. */
function clipFactor(norm: number, maxNorm: number): number {
  const factor = maxNorm / (norm + NORM_EPS);
  return Number.isNaN(factor) ? factor : Math.min(1, factor);
}

export interface ClipNormState extends TransformState {
  /** The global norm of the last incoming updates, before clipping (what `clip_grad_norm_` returns). */
  norm: number;
}

/**
 * PyTorch's `clip_grad_norm_(params, maxNorm)`: the L2 norm over all the updates (every parameter of the optimizer
 * together); when above `maxNorm`, every update is scaled by maxNorm / (norm + 1e-6).
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<ClipNormState> {
  checkPositive('clipByGlobalNorm', 'maxNorm', maxNorm);
  const holder = {};
  const transformation: GradientTransformation<ClipNormState> = {
    name: 'clipByGlobalNorm',
    init: () => ({ norm: 0 }),
    update(updates, state) {
      scaleByClipFactor(updates, clipFactorOf(updates, state, maxNorm));
      return pair(holder, updates, state);
    },
  };
  foldable.set(transformation as GradientTransformation, (updates, state) => clipFactorOf(updates, state as ClipNormState, maxNorm));
  return transformation;
}

/**
 * The global norm of `updates` (recorded in `state.norm`) and the factor clipping multiplies them by. In an arena the
 * sum is the WebAssembly kernel's (f32x4 loads, float64 sums); after skipNonFinite, the sum it found.
 */
function clipFactorOf(updates: readonly FloatArray[], state: ClipNormState, maxNorm: number): number {
  let total = takeSumOfSquares(updates);
  if (total === undefined) {
    const kernel = normKernelFor(updates);
    if (kernel !== undefined) total = kernelSumOfSquares(kernel, updates);
    else {
      total = 0;
      for (const u of updates) total += sumOfSquares(u);
    }
  }
  const norm = Math.sqrt(total);
  state.norm = norm;
  return clipFactor(norm, maxNorm);
}

/**
 * Every update multiplied by `factor` in place (rounded to float32 for float32 arrays), by the kernel in an arena:
 * `clipByGlobalNorm`'s scaling, also for a factor `clipFactorFor` measured.
 */
export function scaleByClipFactor(updates: readonly FloatArray[], factor: number): void {
  const kernel = normKernelFor(updates);
  // Stryker disable next-line ConditionalExpression: a fast path; scaleInPlace also multiplies each float32 by the factor rounded to float32, rounding the product, as the kernel's f32 multiply does
  if (kernel === undefined) {
    for (const u of updates) scaleInPlace(u, factor);
    return;
  }
  const f = Math.fround(factor);
  // Stryker disable next-line ConditionalExpression: a shortcut; multiplying by 1 changes no value
  if (f !== 1) for (const u of updates) kernel.scaleF32(u.byteOffset, u.length, f);
}

/** Measures the clip factor without scaling: an optimizer that multiplies its gradients itself then takes it. */
type ClipFactor = (updates: readonly FloatArray[], state: TransformState) => number;

/** Each `clipByGlobalNorm`'s measuring half, so that an optimizer can fold the scaling into its own pass. */
const foldable = new WeakMap<GradientTransformation, ClipFactor>();

/**
 * For a `clipByGlobalNorm`: the function that records the norm of the updates in its state and returns the factor
 * the updates are to be multiplied by (rounded to each one's precision), leaving them unchanged; undefined for any
 * other transformation.
 */
export function clipFactorFor(transformation: GradientTransformation): ClipFactor | undefined {
  return foldable.get(transformation);
}

/** `clipByGlobalNorm` applied to each parameter on its own (`clip_grad_norm_` called once per parameter). */
export function clipByNormPerParameter(maxNorm: number): GradientTransformation<Record<string, never>> {
  checkPositive('clipByNormPerParameter', 'maxNorm', maxNorm);
  const holder = {};
  return {
    name: 'clipByNormPerParameter',
    init: () => ({}),
    update(updates, state) {
      for (const u of updates) scaleInPlace(u, clipFactor(Math.sqrt(sumOfSquares(u)), maxNorm));
      return pair(holder, updates, state);
    },
  };
}

/** PyTorch's `clip_grad_value_(params, clip)`: every entry clamped to [−clip, clip]; NaN stays NaN. */
export function clipByValue(clip: number): GradientTransformation<Record<string, never>> {
  checkPositive('clipByValue', 'clip', clip);
  const holder = {};
  return {
    name: 'clipByValue',
    init: () => ({}),
    update(updates, state) {
      for (const u of updates) {
        // PyTorch clamps a float32 tensor with the bound in float32.
        const c = u instanceof Float32Array ? Math.fround(clip) : clip;
        // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length, and reading it gives undefined, never stored
        for (let i = 0; i < u.length; i++) {
          const x = u[i] as number;
          // (A directive above `else` does not reach it, so these two lines are excluded as a block.)
          // Stryker disable EqualityOperator: at x = c (x = −c) writing c (−c) leaves the value as it was
          if (x > c) u[i] = c;
          else if (x < -c) u[i] = -c;
          // Stryker restore EqualityOperator
        }
      }
      return pair(holder, updates, state);
    },
  };
}

function checkPositive(transform: string, option: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Invalid ${option} for ${transform}: ${String(value)} (expected a finite number > 0)`);
  }
}
