import { stateLike } from '../arena.js';
import type { FloatArray } from '../optimizer-types.js';
import { pair, type GradientTransformation, type TransformState } from './types.js';

export interface AccumulateState extends TransformState {
  /** Micro-steps gathered since the last real step (0 … k−1). */
  miniStep: number;
  /** The running mean of this round's gradients. */
  accumulated: FloatArray[];
}

/**
 * Gradient accumulation (optax `MultiSteps`): the first k−1 micro-steps only gather (the step is skipped: nothing after
 * this in the chain runs and no parameter moves); the k-th passes on the mean of the k gradients, one real step.
 */
export function accumulate(k: number): GradientTransformation<AccumulateState> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`Invalid k for accumulate: ${String(k)} (expected a whole number ≥ 1)`);
  const holder = {};
  return {
    name: 'accumulate',
    init: (params) => ({ miniStep: 0, accumulated: params.map((p) => stateLike(p)) }),
    update(updates, state, _params, context) {
      // optax's running mean, acc ← acc + (g − acc)/(n+1), kept in the parameter's precision.
      const n = state.miniStep;
      const last = n + 1 === k;
      for (let j = 0; j < updates.length; j++) {
        const u = updates[j] as FloatArray;
        const acc = state.accumulated[j] as FloatArray;
        // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length, and reading it gives undefined, never stored
        for (let i = 0; i < u.length; i++) {
          const mean = (acc[i] as number) + ((u[i] as number) - (acc[i] as number)) / (n + 1);
          if (last) {
            u[i] = mean;
            acc[i] = 0;
          } else {
            acc[i] = mean;
          }
        }
      }
      if (last) {
        state.miniStep = 0;
      } else {
        state.miniStep = n + 1;
        context.skip = true;
      }
      return pair(holder, updates, state);
    },
  };
}

export interface LookaheadState extends TransformState {
  /** Fast steps since the last synchronisation (0 … k−1). */
  fastSteps: number;
  /** The slow weights φ. */
  slow: FloatArray[];
}

/**
 * Lookahead (Zhang et al. 2019), last in a chain: the chain before it makes the fast steps; every k-th step the slow
 * weights move φ ← φ + α(θ − φ) toward the fast ones θ, and the fast weights restart from φ. The slow weights start
 * at the parameters' values when `init` runs (when the optimizer is made).
 */
export function lookahead(k: number, alpha: number): GradientTransformation<LookaheadState> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`Invalid k for lookahead: ${String(k)} (expected a whole number ≥ 1)`);
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`Invalid alpha for lookahead: ${String(alpha)} (expected a number in (0, 1])`);
  const holder = {};
  return {
    name: 'lookahead',
    init: (params) => ({
      fastSteps: 0,
      // The slow weights start where the parameters are when the optimizer is made.
      slow: params.map((p) => {
        const slow = stateLike(p);
        slow.set(p);
        return slow;
      }),
    }),
    update(updates, state, params) {
      if (++state.fastSteps < k) return pair(holder, updates, state);
      state.fastSteps = 0;
      for (let j = 0; j < updates.length; j++) {
        const u = updates[j] as FloatArray;
        const p = params[j] as FloatArray;
        const slow = state.slow[j] as FloatArray;
        // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length, and reading it gives undefined, never stored
        for (let i = 0; i < u.length; i++) {
          const fast = (p[i] as number) + (u[i] as number);
          slow[i] = (slow[i] as number) + alpha * (fast - (slow[i] as number));
          // The update that takes θ to φ (θ + u equals φ up to one rounding).
          u[i] = (slow[i] as number) - (p[i] as number);
        }
      }
      return pair(holder, updates, state);
    },
  };
}

export interface AverageState extends TransformState {
  /** Steps averaged so far (PyTorch's `n_averaged`). */
  count: number;
  /** The averaged parameters. */
  average: FloatArray[];
}

/**
 * Averages the parameters the step produces (θ + u), as `torch.optim.swa_utils.AveragedModel.update_parameters` after
 * each `optimizer.step()`; passes the updates on unchanged. With `decay`: the first step
 * copies, then avg ← d·avg + (1−d)·θ (the avg_fn PyTorch 1.13's
 * documentation gives). Without (SWA): the equal average avg ← avg + (θ − avg)/(n+1).
 */
function averaged(name: string, decay: number | undefined): GradientTransformation<AverageState> {
  const holder = {};
  return {
    name,
    init: (params) => ({ count: 0, average: params.map((p) => stateLike(p)) }),
    update(updates, state, params) {
      const n = state.count;
      // PyTorch computes d·avg + (1−d)·θ on a float32 tensor in float32: each product and the sum rounded.
      const d32 = Math.fround(decay ?? 0);
      const e32 = Math.fround(1 - (decay ?? 0));
      for (let j = 0; j < updates.length; j++) {
        const u = updates[j] as FloatArray;
        const p = params[j] as FloatArray;
        const avg = state.average[j] as FloatArray;
        const single = avg instanceof Float32Array;
        // Stryker disable next-line EqualityOperator: a typed array ignores the write at index length, and reading it gives undefined, never stored
        for (let i = 0; i < u.length; i++) {
          // θ + u rounded to the parameter's precision: the value the optimizer is about to write.
          const next = p instanceof Float32Array ? Math.fround((p[i] as number) + (u[i] as number)) : (p[i] as number) + (u[i] as number);
          if (n === 0) avg[i] = next;
          else if (decay !== undefined) avg[i] = single ? Math.fround(Math.fround(d32 * (avg[i] as number)) + Math.fround(e32 * next)) : decay * (avg[i] as number) + (1 - decay) * next;
          else avg[i] = (avg[i] as number) + (next - (avg[i] as number)) / (n + 1);
        }
      }
      state.count = n + 1;
      return pair(holder, updates, state);
    },
  };
}

/** An exponential moving average of the parameters (PyTorch `AveragedModel`, first update a copy). */
export function ema(decay: number): GradientTransformation<AverageState> {
  if (!(decay >= 0 && decay < 1)) throw new RangeError(`Invalid decay for ema: ${String(decay)} (expected a number in [0, 1))`);
  return averaged('ema', decay);
}

/** Stochastic weight averaging: the equal average of the parameters after each step (PyTorch `AveragedModel`). */
export function swa(): GradientTransformation<AverageState> {
  return averaged('swa', undefined);
}
