import { isFloatArray } from '../parameter.js';
import type { FloatArray } from '../optimizer-types.js';
import { decodeStateArray, encodeArray, type EncodedStateValueV1 } from '../state-dict.js';
import type { TransformState } from './types.js';

/** One place in a transformation state: a number, or a list of per-parameter arrays, with its dotted path. */
type StateSlot =
  | { readonly kind: 'number'; readonly path: string; readonly owner: TransformState; readonly field: string }
  | { readonly kind: 'arrays'; readonly path: string; readonly arrays: FloatArray[] };

/**
 * Every number and per-parameter array list in a state, depth first, with paths such as `inner.1.mu`: what a state
 * dict saves and where a loaded value goes.
 */
function stateSlots(state: TransformState, prefix = ''): StateSlot[] {
  const slots: StateSlot[] = [];
  for (const [field, value] of Object.entries(state)) {
    const path = prefix + field;
    if (typeof value === 'number') slots.push({ kind: 'number', path, owner: state, field });
    else if (Array.isArray(value)) {
      // An empty list (amsgrad's maxima when amsgrad is off) holds nothing to save.
      if (value.length === 0) continue;
      // Stryker disable next-line MethodExpression,StringLiteral: a state list holds arrays only or states only (TransformState's type), so every and some agree; and only 'number' is ever compared, so the other kind's spelling is not read
      if (value.every((v) => isFloatArray(v))) slots.push({ kind: 'arrays', path, arrays: value as FloatArray[] });
      else (value as TransformState[]).forEach((inner, i) => slots.push(...stateSlots(inner, `${path}.${String(i)}.`)));
    } else slots.push(...stateSlots(value, `${path}.`));
  }
  return slots;
}

/** Where a state dict keeps a transformation's state: arrays under each parameter's key, numbers in `shared`. */
export interface SlotSink {
  readonly state: Record<string, Record<string, EncodedStateValueV1>>;
  readonly shared: Record<string, number>;
}

/** Saves every slot of `state` into a version-2 dict's parts, each path after `prefix` (`before.`, or none). */
export function saveSlots(state: TransformState, keys: readonly string[], sink: SlotSink, prefix = ''): void {
  for (const slot of stateSlots(state)) {
    if (slot.kind === 'number') sink.shared[prefix + slot.path] = slot.owner[slot.field] as number;
    else slot.arrays.forEach((array, i) => ((sink.state[keys[i] as string] ??= {})[prefix + slot.path] = encodeArray(array)));
  }
}

/**
 * Checks the saved slots of `state` (paths after `prefix`) without changing anything: a problem per missing or
 * misfit value, and the writes that load the rest once every check has passed. `index` maps each saved parameter key
 * to its position here (`matchSavedKeys`). Returns the saved paths it knows, so that the caller can list strays.
 */
export function loadSlots(
  state: TransformState,
  saved: { readonly state: Readonly<Record<string, Readonly<Record<string, EncodedStateValueV1>>>>; readonly shared?: Readonly<Record<string, number>> },
  index: ReadonlyMap<string, number>,
  problems: string[],
  writes: (() => void)[],
  prefix = '',
): Set<string> {
  const slots = stateSlots(state);
  const shared = saved.shared ?? {};
  for (const slot of slots) {
    const path = prefix + slot.path;
    if (slot.kind === 'number') {
      const value = shared[path];
      if (typeof value !== 'number') problems.push(`shared '${path}' is missing`);
      else writes.push(() => (slot.owner[slot.field] = value));
      continue;
    }
    for (const [key, at] of index) {
      const decoded = decodeStateArray(saved.state[key]?.[path], slot.arrays[at] as FloatArray);
      if ('problem' in decoded) problems.push(`'${key}': state '${path}' ${decoded.problem}`);
      else writes.push(() => { (slot.arrays[at] as FloatArray).set(decoded.array); });
    }
  }
  return new Set(slots.map((s) => prefix + s.path));
}
