import { isFloatArray } from '../parameter.js';
import type { FloatArray } from '../optimizer-types.js';
import type { TransformState } from './types.js';

/** One place in a transformation state: a number, or a list of per-parameter arrays, with its dotted path. */
export type StateSlot =
  | { readonly kind: 'number'; readonly path: string; readonly owner: TransformState; readonly field: string }
  | { readonly kind: 'arrays'; readonly path: string; readonly arrays: FloatArray[] };

/**
 * Every number and per-parameter array list in a state, depth first, with paths such as `inner.1.mu`: what a state
 * dict saves and where a loaded value goes.
 */
export function stateSlots(state: TransformState, prefix = ''): StateSlot[] {
  const slots: StateSlot[] = [];
  for (const [field, value] of Object.entries(state)) {
    const path = prefix + field;
    if (typeof value === 'number') slots.push({ kind: 'number', path, owner: state, field });
    else if (Array.isArray(value)) {
      // An empty list (amsgrad's maxima when amsgrad is off) holds nothing to save.
      if (value.length === 0) continue;
      if (value.every((v) => isFloatArray(v))) slots.push({ kind: 'arrays', path, arrays: value as FloatArray[] });
      else (value as TransformState[]).forEach((inner, i) => slots.push(...stateSlots(inner, `${path}.${String(i)}.`)));
    } else slots.push(...stateSlots(value, `${path}.`));
  }
  return slots;
}
