import type { FloatArray, Parameter } from './optimizer-types.js';

/**
 * Wraps an array as a parameter with a zeroed gradient of the same type and length, ready for `step()`.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2, 3]));
 * w.grad.set([0.1, 0.2, 0.3]);
 */
export function parameter<A extends FloatArray>(data: A, name?: string): Parameter<A> & { grad: A } {
  const grad = (data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length)) as A;
  return name === undefined ? { data, grad } : { data, grad, name };
}

/**
 * Whether `value` is a Float32Array or Float64Array. Parameters need no brand to cross copies of `@descent/optim`:
 * they are plain `{ data, grad }` objects (anyone may write one by hand), checked by shape, and the typed-array
 * classes belong to the JavaScript realm, which every copy shares.
 */
export function isFloatArray(value: unknown): value is FloatArray {
  return value instanceof Float32Array || value instanceof Float64Array;
}

export function dtypeOf(array: FloatArray): 'float32' | 'float64' {
  return array instanceof Float32Array ? 'float32' : 'float64';
}

/** A same-typed zeroed array for optimizer state (PyTorch keeps state in the parameter's dtype). */
export function zerosLike<A extends FloatArray>(array: A): A {
  return (array instanceof Float32Array ? new Float32Array(array.length) : new Float64Array(array.length)) as A;
}
