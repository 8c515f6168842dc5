import { arenaOf } from '../arena.js';
import type { FloatArray } from '../optimizer-types.js';
import { createKernelLoader } from '../wasm-kernel.js';
import { KERNEL_WASM_BASE64 } from './norm-kernel.generated.js';

interface NormKernel extends WebAssembly.Exports {
  sumOfSquaresF32(pointer: number, length: number): number;
  sumOfSquaresExactF32(pointer: number, length: number): number;
  scaleF32(pointer: number, length: number, factor: number): void;
}

const loadKernel = createKernelLoader<NormKernel>(KERNEL_WASM_BASE64);

/** The kernel for every array of `arrays` when each is float32 and all live in one arena; otherwise undefined (JS path). */
export function normKernelFor(arrays: readonly FloatArray[]): NormKernel | undefined {
  const first = arrays[0];
  if (!(first instanceof Float32Array)) return undefined;
  const arena = arenaOf(first);
  if (arena === undefined) return undefined;
  for (const a of arrays) if (!(a instanceof Float32Array) || !arena.owns(a)) return undefined;
  return loadKernel(arena.memory);
}

/**
 * Below this the fast sum may have lost squares to float32's underflow (|x| < 1e-19), so the exact one is taken: a
 * lost square is below 2⁻¹⁵⁰, at most n·2⁻⁶⁰ of a sum above it.
 */
const TINY_SUM = 2 ** -90;

/**
 * Σ x² over all the arrays, by the kernel (which checked they are in its memory): within 2.4e-7 of the exact sum,
 * relatively (float32 squares added in blocks of 32, the blocks in float64; PyTorch's own float32 norm is no closer),
 * and non-finite exactly when some value is NaN or ±∞. Where float32 squares could overflow or underflow (a
 * non-finite or tiny fast sum), every square is taken in float64 instead, a second pass on a rare step.
 */
export function kernelSumOfSquares(kernel: NormKernel, arrays: readonly FloatArray[]): number {
  let total = 0;
  for (const a of arrays) total += kernel.sumOfSquaresF32(a.byteOffset, a.length);
  if (total >= TINY_SUM && total < Number.POSITIVE_INFINITY) return total;
  total = 0;
  for (const a of arrays) total += kernel.sumOfSquaresExactF32(a.byteOffset, a.length);
  return total;
}

/**
 * The squared global norm of the updates a `skipNonFinite` just found finite, while nothing has written them since;
 * `clipByGlobalNorm` right after it in a chain takes it instead of a second pass (the chain clears it after any other
 * member runs).
 */
// Two fields, not an object, so that a step allocates nothing.
let checkedUpdates: readonly FloatArray[] | undefined;
let checkedSum = 0;

export function rememberSumOfSquares(updates: readonly FloatArray[], sum: number): void {
  checkedUpdates = updates;
  checkedSum = sum;
}

export function takeSumOfSquares(updates: readonly FloatArray[]): number | undefined {
  const found = checkedUpdates === updates ? checkedSum : undefined;
  checkedUpdates = undefined;
  return found;
}

export function forgetSumOfSquares(): void {
  checkedUpdates = undefined;
}
