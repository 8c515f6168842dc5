import type { FloatArray } from '../optimizer-types.js';

/**
 * A transformation's state: numbers (counters, a norm) and per-parameter arrays (a list with one array per parameter,
 * each as long as its parameter, in the order `init` was given the parameters). Wrappers and chains nest the states of
 * the transformations they hold under a field of their own. The optimizer saves and loads every part of it.
 */
export interface TransformState {
  [field: string]: number | FloatArray[] | TransformState | TransformState[];
}

/** What `init` is told about the parameters beside their arrays. */
export interface TransformInit {
  /** Each parameter's name, or undefined. */
  readonly names: readonly (string | undefined)[];
}

/**
 * What `update` is told about the current step. Everything is per parameter, in `init`'s order. The optimizer owns it
 * and rewrites it in place before each step, so a transformation reads it and keeps no reference.
 */
export interface TransformContext extends TransformInit {
  /** Real steps taken before this one (skipped steps are not counted): the argument of a schedule. */
  readonly step: number;
  /** Each parameter's learning rate for this step (its group's, schedule evaluated). */
  readonly lr: Float64Array;
  /** Each parameter's group options (weightDecay, …). */
  readonly options: readonly Readonly<Record<string, unknown>>[];
  /**
   * Set to true by a transformation that decides there is no step this time (a non-finite gradient, an accumulation
   * that is not complete): nothing after it runs, no update is applied and the optimizer's step count stays.
   */
  skip: boolean;
}

/**
 * A gradient transformation (optax's contract, on typed arrays): `init(params)` makes the state; `update(updates,
 * state, params)` turns the incoming updates (at first the gradients) into outgoing ones and returns them with the
 * state. To allocate nothing per step, `updates` belong to the caller and are rewritten in place, and the state is
 * the same object, changed in place; `init` makes every array a step needs.
 */
export interface GradientTransformation<S extends TransformState = TransformState> {
  /** A short name, for `transformState(name)`, messages and saved state: `clipByGlobalNorm`. */
  readonly name: string;
  /** Makes the state for these parameters (every array a step needs), before the first step. */
  init(params: readonly FloatArray[], info: TransformInit): S;
  /**
   * Rewrites `updates` in place (at first the gradients, then what the transformation before produced) and returns
   * them with the state, changed in place; `params` are the current parameter values, `context` the step's lr and
   * group options.
   */
  update(updates: FloatArray[], state: S, params: readonly FloatArray[], context: TransformContext): readonly [FloatArray[], S];
}

/** Returns the pair every `update` returns, without allocating a new array per step. */
export function pair<S extends TransformState>(holder: { result?: [FloatArray[], S] }, updates: FloatArray[], state: S): readonly [FloatArray[], S] {
  // Stryker disable next-line ArrayDeclaration: both slots are written just below, so an empty array ends the same
  const result = holder.result ?? (holder.result = [updates, state]);
  result[0] = updates;
  result[1] = state;
  return result;
}
