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

export function encodeArray(array: FloatArray): EncodedArrayV1 {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength).slice();
  if (!littleEndian) swapBytes(bytes, array.BYTES_PER_ELEMENT);
  return { dtype: array instanceof Float32Array ? 'float32' : 'float64', length: array.length, base64: bytesToBase64(bytes) };
}

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

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}
