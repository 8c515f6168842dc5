import { InvalidParamsError, formatValue } from './errors.js';
import type { FloatArray, Parameter } from './optimizer-types.js';

/** What `parameter()` may be told besides the data: its tensor shape and a name for messages and saved state. */
export interface ParameterOptions {
  /** The tensor's dimensions, row-major (last index fastest); their product must be the array's length. */
  readonly shape?: readonly number[];
  readonly name?: string;
}

/**
 * Wraps an array as a parameter with a zeroed gradient of the same type and length, ready for `step()`. A shape says
 * what the flat array is (a 784 × 100 weight matrix, a vector): most optimizers ignore it, Adafactor and Muon need it.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2, 3]));
 * w.grad.set([0.1, 0.2, 0.3]);
 * const W = parameter(new Float32Array(6), { shape: [2, 3], name: 'dense0.weight' });
 */
export function parameter<A extends FloatArray>(data: A, options?: string | ParameterOptions): Parameter<A> & { grad: A } {
  const { shape, name } = typeof options === 'string' ? { name: options, shape: undefined } : (options ?? {});
  if (shape !== undefined) {
    const why = shapeMismatch(shape, data.length);
    if (why !== undefined) throw new InvalidParamsError(`parameter${name === undefined ? '' : ` '${name}'`}: ${why}`);
  }
  const grad = (data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length)) as A;
  return { data, grad, ...(shape === undefined ? {} : { shape: [...shape] }), ...(name === undefined ? {} : { name }) };
}

/** Why `shape` cannot describe `length` values (not whole numbers, or another product), or undefined when it can. */
export function shapeMismatch(shape: unknown, length: number): string | undefined {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    return `shape ${formatValue(shape)} is not a list of whole numbers ≥ 0`;
  }
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (size !== length) return `shape [${shape.join(', ')}] holds ${String(size)} values, the data has ${String(length)}`;
  return undefined;
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
