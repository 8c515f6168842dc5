import type { FloatArray } from '../optimizer-types.js';
import { forgetSumOfSquares } from './norm-kernel.js';
import { pair, type GradientTransformation, type TransformContext, type TransformState } from './types.js';

export interface ChainState extends TransformState {
  /** The state of each transformation, in the chain's order. */
  inner: TransformState[];
}

/** Runs a chain's members before its tail on the updates, in place; returns the updates the tail would get. */
export type ChainHead = (updates: FloatArray[], state: TransformState, params: readonly FloatArray[], context: TransformContext) => FloatArray[];

type ChainRunner = (updates: FloatArray[], state: ChainState, params: readonly FloatArray[], context: TransformContext, end: number) => FloatArray[];

/**
 * What each chain records, kept off the public contract: its members (so that a search by name can walk them) and
 * its runner of members [0, end) (for an optimizer that folds the last members into its own pass).
 */
const chains = new WeakMap<GradientTransformation, { readonly members: readonly GradientTransformation[]; readonly run: ChainRunner }>();

/**
 * Composes transformations left to right (optax `chain`): each one's outgoing updates are the next one's incoming.
 * A transformation that sets `context.skip` ends the chain for this step.
 */
export function chain(...transformations: GradientTransformation[]): GradientTransformation<ChainState> {
  const holder = {};
  /** Runs members [0, end) while none has set `skip`. */
  const run = (updates: FloatArray[], state: ChainState, params: readonly FloatArray[], context: TransformContext, end: number): FloatArray[] => {
    let current: FloatArray[] = updates;
    for (let i = 0; i < end && !context.skip; i++) {
      const member = transformations[i] as GradientTransformation;
      const [next, nextState] = member.update(current, state.inner[i] as TransformState, params, context);
      // skipNonFinite only reads the updates, so the squared norm it found still holds for a clipByGlobalNorm next.
      if (member.name !== 'skipNonFinite') forgetSumOfSquares();
      current = next;
      state.inner[i] = nextState;
    }
    return current;
  };
  const composed: GradientTransformation<ChainState> = {
    name: 'chain',
    init: (params, info) => ({ inner: transformations.map((t) => t.init(params, info)) }),
    update: (updates, state, params, context) => pair(holder, run(updates, state, params, context, transformations.length), state),
  };
  chains.set(composed as GradientTransformation, { members: transformations, run });
  return composed;
}

/** A chain split before its last members: the runner of the members before them, and the last ones with their states. */
export interface ChainTail {
  /** Runs the members before the tail (stopping at one that sets `skip`); the chain's state is changed in place. */
  readonly head: ChainHead;
  /** How many members the head runs: 0 when the tail is the whole chain. */
  readonly headLength: number;
  /** The last members, in order. */
  readonly tail: readonly GradientTransformation[];
  /** The state of `tail[j]` inside the chain's state. */
  tailState(state: TransformState, j: number): TransformState;
}

/** `transformation` split before its last `count` members, or undefined when it is no chain or has fewer members. */
export function splitChainTail(transformation: GradientTransformation, count: number): ChainTail | undefined {
  const parts = chains.get(transformation);
  if (parts === undefined || parts.members.length < count || count < 1) return undefined;
  const { members: all, run } = parts;
  const headLength = all.length - count;
  return {
    head: (updates, state, params, context) => run(updates, state as ChainState, params, context, headLength),
    headLength,
    tail: all.slice(headLength),
    tailState: (state, j) => (state as ChainState).inner[headLength + j] as TransformState,
  };
}

/**
 * The state of the first transformation called `name` inside `state` (searching chains and wrappers depth first), for
 * reading counters and averages: `findTransformState(state, transformation, 'ema')?.average`.
 */
export function findTransformState(transformation: GradientTransformation, state: TransformState, name: string): TransformState | undefined {
  return findIn(transformation, state, name);
}

/** The transformation's shape as text, members included: `chain(clipByGlobalNorm, skipNonFinite)`; saved to detect another chain. */
export function describeTransformation(transformation: GradientTransformation): string {
  const inner = chains.get(transformation)?.members;
  return inner === undefined ? transformation.name : `${transformation.name}(${inner.map(describeTransformation).join(', ')})`;
}

function findIn(t: GradientTransformation, state: TransformState, name: string): TransformState | undefined {
  if (t.name === name) return state;
  const inner = chains.get(t)?.members;
  if (inner === undefined) return undefined;
  const states = state.inner as TransformState[];
  for (const [i, member] of inner.entries()) {
    const found = findIn(member, states[i] as TransformState, name);
    if (found !== undefined) return found;
  }
  return undefined;
}
