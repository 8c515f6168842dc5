import type { FloatArray } from '../optimizer-types.js';
import { kernelSumOfSquares, normKernelFor, rememberSumOfSquares } from './norm-kernel.js';
import { pair, type GradientTransformation, type TransformState } from './types.js';

const nonFiniteGradient: unique symbol = Symbol.for('@descent/optim.error.NonFiniteGradientError');

/** Thrown when too many consecutive steps had a non-finite gradient; the message names the parameters. */
export class NonFiniteGradientError extends Error {
  override readonly name = 'NonFiniteGradientError';
  readonly [nonFiniteGradient] = true;
  constructor(
    message: string,
    /** The parameters whose gradient held NaN or ±∞ at the last step (names, or `#index` for unnamed ones). */
    readonly parameters: readonly string[],
  ) {
    super(message);
  }

  /**
   * Whether `value` is a `NonFiniteGradientError` from any copy of `@descent/optim` (a plugin package may have been
   * built against another copy, where `instanceof` fails).
   */
  static isInstance(value: unknown): value is NonFiniteGradientError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[nonFiniteGradient] === true;
  }
}

/** Whether every entry is finite: x·0 is 0 for a finite x and NaN for NaN and ±∞, so one sum tells. */
function allFinite(array: FloatArray): boolean {
  let s = 0;
  // Stryker disable next-line AssignmentOperator: each term is ±0 or NaN, so s stays 0 (0 − ±0 is 0) or becomes NaN either way
  for (let i = 0; i < array.length; i++) s += (array[i] as number) * 0;
  return s === 0;
}

/** `skipNonFinite`'s settings. */
export interface SkipNonFiniteOptions {
  /** How many consecutive steps may be skipped; the next non-finite one throws. Default 10. */
  readonly maxConsecutive?: number;
}

export interface SkipNonFiniteState extends TransformState {
  /** Steps skipped so far. */
  skipped: number;
  /** Steps skipped since the last good one. */
  consecutive: number;
}

/**
 * Skips a step whose updates hold NaN or ±∞ (optax `apply_if_finite`, PyTorch's GradScaler skip): nothing after it in
 * the chain runs, no parameter moves, and every state array stays bit for bit as it was. Put it first in a chain, so
 * that nothing before it changes state. After `maxConsecutive` skips in a row, the next non-finite step throws a
 * `NonFiniteGradientError` naming the parameters whose gradient was non-finite.
 */
export function skipNonFinite(options: SkipNonFiniteOptions = {}): GradientTransformation<SkipNonFiniteState> {
  const maxConsecutive = options.maxConsecutive ?? 10;
  if (!Number.isInteger(maxConsecutive) || maxConsecutive < 0) {
    throw new RangeError(`Invalid maxConsecutive for skipNonFinite: ${String(maxConsecutive)} (expected a whole number ≥ 0)`);
  }
  const holder = {};
  return {
    name: 'skipNonFinite',
    init: () => ({ skipped: 0, consecutive: 0 }),
    update(updates, state, _params, context) {
      let finite = true;
      const kernel = normKernelFor(updates);
      if (kernel !== undefined) {
        // One pass that also gives the squared norm (non-finite exactly when a value is), for a clipByGlobalNorm next.
        const sum = kernelSumOfSquares(kernel, updates);
        finite = Number.isFinite(sum);
        if (finite) rememberSumOfSquares(updates, sum);
      } else for (let k = 0; k < updates.length && finite; k++) finite = allFinite(updates[k] as FloatArray);
      if (finite) {
        state.consecutive = 0;
        return pair(holder, updates, state);
      }
      if (state.consecutive >= maxConsecutive) {
        const names = updates.flatMap((u, k) => (allFinite(u) ? [] : [context.names[k] ?? `#${String(k)}`]));
        throw new NonFiniteGradientError(
          `skipNonFinite: ${String(maxConsecutive + 1)} consecutive steps had a non-finite gradient (at most ${String(maxConsecutive)} may be skipped); non-finite now in ${names.map((n) => `'${n}'`).join(', ')}`,
          names,
        );
      }
      state.skipped++;
      state.consecutive++;
      context.skip = true;
      return pair(holder, updates, state);
    },
  };
}

/** Replaces NaN by 0 in the updates (optax `zero_nans`); ±∞ are left for clipping or `skipNonFinite`. */
export function zeroNans(): GradientTransformation<Record<string, never>> {
  const holder = {};
  return {
    name: 'zeroNans',
    init: () => ({}),
    update(updates, state) {
      // Stryker disable next-line EqualityOperator: at i = length the read is undefined, not NaN, and a typed array ignores the write anyway
      for (const u of updates) for (let i = 0; i < u.length; i++) if (Number.isNaN(u[i])) u[i] = 0;
      return pair(holder, updates, state);
    },
  };
}
