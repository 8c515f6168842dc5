import { base64ToBytes, bytesToBase64 } from './base64.js';
import type { FloatArray } from './optimizer-types.js';

/** A typed array in JSON: its element type, length and raw little-endian bytes, so a round trip is lossless. */
export interface EncodedArrayV1 {
  readonly dtype: 'float32' | 'float64';
  readonly length: number;
  readonly base64: string;
}

/** One entry of a parameter's state: an array (a moment, a velocity) or a number (a step counter). */
export type EncodedStateValueV1 = EncodedArrayV1 | number;

/**
 * An optimizer's state as plain JSON. Parameters are named by their index in the order of the groups (PyTorch's
 * `state_dict`); a learning-rate schedule cannot be saved and is recorded as `"schedule"`.
 */
export interface OptimizerStateDictV1 {
  readonly specificationVersion: 'v1';
  readonly optimizer: string;
  readonly stepCount: number;
  readonly paramGroups: readonly {
    /** A choice option's value is its string; a schedule's lr is the string `"schedule"`. */
    readonly options: Readonly<Record<string, number | boolean | string>>;
    readonly params: readonly number[];
  }[];
  readonly state: Readonly<Record<string, Readonly<Record<string, EncodedStateValueV1>>>>;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A float array as JSON without loss: its dtype, length and raw bytes in base64, little-endian whatever the machine
 * (so a state saved anywhere loads anywhere, bit for bit).
 */
export function encodeArray(array: FloatArray): EncodedArrayV1 {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength).slice();
  if (!littleEndian) swapBytes(bytes, array.BYTES_PER_ELEMENT);
  return { dtype: array instanceof Float32Array ? 'float32' : 'float64', length: array.length, base64: bytesToBase64(bytes) };
}

/** The array `encodeArray` encoded, as a new Float32Array or Float64Array; throws when length and bytes disagree. */
export function decodeArray(encoded: EncodedArrayV1): FloatArray {
  const bytes = base64ToBytes(encoded.base64);
  const width = encoded.dtype === 'float32' ? 4 : 8;
  if (bytes.length !== encoded.length * width) {
    throw new Error(`Encoded ${encoded.dtype} array says length ${String(encoded.length)} but holds ${String(bytes.length)} bytes`);
  }
  if (!littleEndian) swapBytes(bytes, width);
  return encoded.dtype === 'float32' ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer);
}

export function isEncodedArray(value: unknown): value is EncodedArrayV1 {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.dtype === 'float32' || v.dtype === 'float64') && typeof v.length === 'number' && typeof v.base64 === 'string';
}

/** Reverses the bytes of each `width`-byte element in place: little-endian ↔ big-endian (exported for its test). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  // Stryker disable next-line EqualityOperator: at i = bytes.length the subarray is empty, and reversing it changes nothing
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

/**
 * An optimizer's state as plain JSON, version 2: parameters are keyed by name (`'dense0.weight'`), so a state loads
 * into a reordered or partly changed parameter list; an unnamed parameter is keyed by its position, `#3`.
 * `shared` holds the numbers that belong to no one parameter (a transformation chain's counters).
 */
export interface OptimizerStateDictV2 {
  readonly specificationVersion: 'v2';
  readonly optimizer: string;
  readonly stepCount: number;
  readonly paramGroups: readonly {
    readonly options: Readonly<Record<string, number | boolean | string>>;
    /** The keys of the group's parameters. */
    readonly params: readonly string[];
  }[];
  readonly state: Readonly<Record<string, Readonly<Record<string, EncodedStateValueV1>>>>;
  readonly shared?: Readonly<Record<string, number>>;
  /**
   * The gradient transformations around an optimizer (`before`, `after`), as `chain(clipByGlobalNorm, skipNonFinite)`:
   * their state is saved under paths that start with `before.` or `after.`, and a dict loads only into the same ones.
   */
  readonly transformations?: Readonly<Record<string, string>>;
}

/** Any state dict this release reads. */
export type OptimizerStateDict = OptimizerStateDictV1 | OptimizerStateDictV2;

/** A parameter as the state dict keys see it. */
export interface Keyed {
  readonly data: FloatArray;
  readonly name?: string;
}

/**
 * Each parameter's key in a version-2 state dict, in the order given: its name, or `#position` for an unnamed one
 * (and for a name already taken, so that keys stay unique).
 */
export function parameterKeys(params: readonly Keyed[]): string[] {
  const seen = new Set<string>();
  return params.map((p, i) => {
    const key = p.name !== undefined && !seen.has(p.name) && !p.name.startsWith('#') ? p.name : `#${String(i)}`;
    seen.add(key);
    return key;
  });
}

/**
 * Matches the saved parameter keys to the parameters here: by name, and `#position` by position. Returns the
 * parameter index of each saved key, and one line per key that matches nothing.
 */
export function matchSavedKeys(savedKeys: Iterable<string>, params: readonly Keyed[]): { index: Map<string, number>; problems: string[] } {
  const keys = parameterKeys(params);
  const byKey = new Map(keys.map((k, i) => [k, i]));
  const index = new Map<string, number>();
  const problems: string[] = [];
  for (const key of savedKeys) {
    // Stryker disable next-line ConditionalExpression: a key already in index only ever matched (byKey is fixed), so setting it again stores the same position
    if (index.has(key)) continue;
    const at = byKey.get(key);
    if (at !== undefined) index.set(key, at);
    else problems.push(key.startsWith('#') ? `'${key}': saved for an unnamed parameter at position ${key.slice(1)}, there are ${String(params.length)} here` : `'${key}': saved, but no parameter here has that name`);
  }
  return { index, problems };
}

/**
 * Decodes one saved state array for a parameter, or returns the reason it does not fit (`expected`: the length the
 * array must have, the parameter's own by default).
 */
export function decodeStateArray(
  value: unknown,
  param: FloatArray,
  expected: number = param.length,
): { array: FloatArray } | { problem: string } {
  if (!isEncodedArray(value)) return { problem: 'is malformed' };
  if (value.length !== expected) {
    return { problem: `has length ${String(value.length)}, ${expected === param.length ? 'the parameter has' : 'expected'} ${String(expected)}` };
  }
  const dtype = param instanceof Float32Array ? 'float32' : 'float64';
  if (value.dtype !== dtype) return { problem: `is ${value.dtype}, the parameter is ${dtype}` };
  try {
    return { array: decodeArray(value) };
  } catch (error) {
    return { problem: `cannot be decoded: ${(error as Error).message}` };
  }
}

/** Group options as JSON: a learning-rate schedule is recorded as `"schedule"`. */
export function saveOptions(options: object): Record<string, number | boolean | string> {
  const saved: Record<string, number | boolean | string> = {};
  for (const [key, value] of Object.entries(options)) saved[key] = typeof value === 'function' ? 'schedule' : (value as number | boolean | string);
  return saved;
}
