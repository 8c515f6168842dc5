import type { FloatArray } from './optimizer-types.js';

/**
 * Multiplies every entry by `factor`, rounded to the array's precision first, as PyTorch multiplies a float32
 * gradient by a float32 clip coefficient (gradient clipping, and an optimizer's step on clipped gradients).
 */
export function scaleInPlace(array: FloatArray, factor: number): void {
  const f = array instanceof Float32Array ? Math.fround(factor) : factor;
  // Stryker disable next-line ConditionalExpression: a shortcut; multiplying by 1 changes no value
  if (f === 1) return;
  // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length, and reading it gives undefined, never stored
  for (let i = 0; i < array.length; i++) array[i] = (array[i] as number) * f;
}
