import type { FloatArray } from '../optimizer-types.js';
import { forgetSumOfSquares } from './norm-kernel.js';
import { pair, type GradientTransformation, type TransformState } from './types.js';

export interface ChainState extends TransformState {
  /** The state of each transformation, in the chain's order. */
  inner: TransformState[];
}

/** Chains record their members, so that a search by name can walk them; kept off the public contract. */
const members = new WeakMap<GradientTransformation, readonly GradientTransformation[]>();

/**
 * Composes transformations left to right (optax `chain`): each one's outgoing updates are the next one's incoming.
 * A transformation that sets `context.skip` ends the chain for this step.
 */
export function chain(...transformations: GradientTransformation[]): GradientTransformation<ChainState> {
  const holder = {};
  const composed: GradientTransformation<ChainState> = {
    name: 'chain',
    init: (params, info) => ({ inner: transformations.map((t) => t.init(params, info)) }),
    update(updates, state, params, context) {
      let current: FloatArray[] = updates;
      for (let i = 0; i < transformations.length && !context.skip; i++) {
        const member = transformations[i] as GradientTransformation;
        const [next, nextState] = member.update(current, state.inner[i] as TransformState, params, context);
        // skipNonFinite only reads the updates, so the squared norm it found still holds for a clipByGlobalNorm next.
        if (member.name !== 'skipNonFinite') forgetSumOfSquares();
        current = next;
        state.inner[i] = nextState;
      }
      return pair(holder, current, state);
    },
  };
  members.set(composed as GradientTransformation, transformations);
  return composed;
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
