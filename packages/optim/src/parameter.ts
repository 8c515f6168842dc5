import { InvalidParamsError, formatValue } from './errors.js';
import type { BaseOptimizerOptions, FloatArray, ParamGroupInput, Parameter } from './optimizer-types.js';

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

/** The NumPy/PyTorch name of an array's element type, as saved state dicts record it. */
export function dtypeOf(array: FloatArray): 'float32' | 'float64' {
  return array instanceof Float32Array ? 'float32' : 'float64';
}

/** A same-typed zeroed array for optimizer state (PyTorch keeps state in the parameter's dtype). */
export function zerosLike<A extends FloatArray>(array: A): A {
  return (array instanceof Float32Array ? new Float32Array(array.length) : new Float64Array(array.length)) as A;
}

/** Which parameters a group takes, by name: a pattern (tested against the name) or a predicate. */
export type ParameterSelector = RegExp | ((name: string) => boolean);

/** A parameter group that chooses its parameters by name, with its options (`{ params: /bias|norm/, weightDecay: 0 }`). */
export type NamedGroupInput<O extends BaseOptimizerOptions = BaseOptimizerOptions> = { params: ParameterSelector } & Partial<O>;

/**
 * Turns groups that choose parameters by name into ordinary param groups over `params`, each parameter in exactly one
 * group (PyTorch needs hand-written loops for this, pytorch/pytorch#1402). Throws an `InvalidParamsError` naming every
 * parameter that two groups claim, that no group claims, or that has no name.
 *
 * @example
 * const opt = new AdamW(groupsByName(network.parameters(), [
 *   { params: /bias|norm/, weightDecay: 0 },
 *   { params: (name) => !/bias|norm/.test(name) },
 * ]), { lr: 1e-3, weightDecay: 0.01 });
 */
export function groupsByName<O extends BaseOptimizerOptions = BaseOptimizerOptions>(
  params: Iterable<Parameter>,
  groups: readonly NamedGroupInput<O>[],
): ParamGroupInput<O>[] {
  const all = [...params];
  const unnamed = all.flatMap((p, i) => (p.name === undefined ? [`#${String(i)}`] : []));
  if (unnamed.length > 0) throw new InvalidParamsError(`groupsByName: parameters ${unnamed.join(', ')} have no name`);
  const claims = all.map((p) => groups.flatMap((g, i) => (selects(g.params, i, p.name as string) ? [i] : [])));
  // Every parameter has a name and a row in claims here (checked and built above): the fallbacks below never run.
  // Stryker disable next-line StringLiteral,ArrayDeclaration,OptionalChaining: unreachable fallbacks, see above
  const twice = all.flatMap((p, k) => ((claims[k]?.length ?? 0) > 1 ? [`'${p.name ?? ''}' (groups ${(claims[k] ?? []).join(' and ')})`] : []));
  // Stryker disable next-line StringLiteral,OptionalChaining: unreachable fallback, see above
  const none = all.flatMap((p, k) => (claims[k]?.length === 0 ? [`'${p.name ?? ''}'`] : []));
  const problems = [
    ...(twice.length > 0 ? [`claimed by more than one group: ${twice.join(', ')}`] : []),
    ...(none.length > 0 ? [`claimed by no group: ${none.join(', ')}`] : []),
  ];
  if (problems.length > 0) throw new InvalidParamsError(`groupsByName: ${problems.join('; ')}`);
  return groups.map((g, i) => {
    const options: Record<string, unknown> = { ...g };
    delete options.params;
    return { ...options, params: all.filter((_, k) => claims[k]?.[0] === i) } as unknown as ParamGroupInput<O>;
  });
}

function selects(selector: ParameterSelector, group: number, name: string): boolean {
  if (selector instanceof RegExp) {
    selector.lastIndex = 0;
    return selector.test(name);
  }
  if (typeof selector !== 'function') throw new InvalidParamsError(`groupsByName: group ${String(group)} params must be a RegExp or a function (name) => boolean, got ${formatValue(selector)}`);
  const answer: unknown = selector(name);
  if (typeof answer !== 'boolean') throw new InvalidParamsError(`groupsByName: group ${String(group)} answered ${formatValue(answer)} for '${name}' (expected true or false)`);
  return answer;
}
