import type { FloatArray } from '../optimizer-types.js';
import { forgetSumOfSquares } from './norm-kernel.js';
import { pair, type GradientTransformation, type TransformContext, type TransformState } from './types.js';

export interface ChainState extends TransformState {
  /** The state of each transformation, in the chain's order. */
  inner: TransformState[];
}

/** Chains record their members, so that a search by name can walk them; kept off the public contract. */
const members = new WeakMap<GradientTransformation, readonly GradientTransformation[]>();

/** Runs a chain's members but the last on the updates, in place; returns the updates the last would get. */
export type ChainHead = (updates: FloatArray[], state: TransformState, params: readonly FloatArray[], context: TransformContext) => FloatArray[];

/** Each chain's runner of all its members but the last, for an optimizer that folds the last into its own pass. */
const heads = new WeakMap<GradientTransformation, ChainHead>();

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
  if (transformations.length > 0) {
    heads.set(composed as GradientTransformation, (updates, state, params, context) => run(updates, state as ChainState, params, context, transformations.length - 1));
  }
  members.set(composed as GradientTransformation, transformations);
  return composed;
}

/** A chain's last member and the runner of the others, or undefined when `transformation` is no chain (or empty). */
export function splitLastMember(transformation: GradientTransformation): { head: ChainHead; last: GradientTransformation } | undefined {
  const head = heads.get(transformation);
  const last = members.get(transformation)?.at(-1);
  return head === undefined || last === undefined ? undefined : { head, last };
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
  const inner = members.get(transformation);
  return inner === undefined ? transformation.name : `${transformation.name}(${inner.map(describeTransformation).join(', ')})`;
}

function findIn(t: GradientTransformation, state: TransformState, name: string): TransformState | undefined {
  if (t.name === name) return state;
  const inner = members.get(t);
  if (inner === undefined) return undefined;
  const states = state.inner as TransformState[];
  for (const [i, member] of inner.entries()) {
    const found = findIn(member, states[i] as TransformState, name);
    if (found !== undefined) return found;
  }
  return undefined;
}
