import type { FloatArray } from '../optimizer-types.js';
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

/**
 * Multiplies every entry by `factor`, rounded to the array's precision first, as PyTorch multiplies a float32
 * gradient by a float32 clip coefficient.
 */
function scaleInPlace(array: FloatArray, factor: number): void {
  const f = array instanceof Float32Array ? Math.fround(factor) : factor;
  if (f === 1) return;
  for (let i = 0; i < array.length; i++) array[i] = (array[i] as number) * f;
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
  return {
    name: 'clipByGlobalNorm',
    init: () => ({ norm: 0 }),
    update(updates, state) {
      // In an arena, the WebAssembly kernel (f32x4 loads, float64 sums); after skipNonFinite, the sum it found.
      const kernel = normKernelFor(updates);
      let total = takeSumOfSquares(updates);
      if (total === undefined) {
        if (kernel !== undefined) total = kernelSumOfSquares(kernel, updates);
        else {
          total = 0;
          for (const u of updates) total += sumOfSquares(u);
        }
      }
      const norm = Math.sqrt(total);
      state.norm = norm;
      const factor = clipFactor(norm, maxNorm);
      if (kernel !== undefined) {
        const f = Math.fround(factor);
        if (f !== 1) for (const u of updates) kernel.scaleF32(u.byteOffset, u.length, f);
      } else for (const u of updates) scaleInPlace(u, factor);
      return pair(holder, updates, state);
    },
  };
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
        for (let i = 0; i < u.length; i++) {
          const x = u[i] as number;
          if (x > c) u[i] = c;
          else if (x < -c) u[i] = -c;
        }
      }
      return pair(holder, updates, state);
    },
  };
}

function checkPositive(transform: string, option: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Invalid ${option} for ${transform}: ${String(value)} (expected a finite number > 0)`);
  }
}
