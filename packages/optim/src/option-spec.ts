import { InvalidOptionError } from './errors.js';
import type { BaseOptimizerOptions } from './optimizer-types.js';

/**
 * One hyperparameter as a plugin describes it: enough for validation, for generated CLI flags and docs controls,
 * and for the reference pages.
 */
export interface OptimizerOptionSpecV1 {
  /** camelCase key in the options object, e.g. `weightDecay`. */
  readonly name: string;
  /**
   * `learning-rate` accepts a positive number or a schedule function; `choice` one of the strings in `choices`.
   * Where PyTorch allows None for a choice (LBFGS's `line_search_fn`), that value is spelled `'none'` in `choices`.
   */
  readonly type: 'number' | 'boolean' | 'learning-rate' | 'choice';
  /** A string from `choices` for a `choice` option. */
  readonly default: number | boolean | string;
  readonly description: string;
  readonly min?: number;
  /** Whether `min` itself is allowed; default true. */
  readonly minInclusive?: boolean;
  readonly max?: number;
  /** Whether `max` itself is allowed; default true. */
  readonly maxInclusive?: boolean;
  /** PyTorch's name for the same option, where there is one (`weight_decay`). */
  readonly pytorchName?: string;
  /** The allowed values of a `choice` option, e.g. `['none', 'strong_wolfe']`; ignored by the other types. */
  readonly choices?: readonly string[];
  /**
   * Where a tuner (`descent benchmark`) searches this option. Absent: `lr` is searched log-uniformly over four decades
   * around its default, every other option keeps its default.
   */
  readonly searchSpace?: OptionSearchSpaceV1;
}

/** A hyperparameter's search range: uniform or log-uniform between two numbers, or one of a list of values. */
export type OptionSearchSpaceV1 =
  | { readonly kind: 'log-uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'choice'; readonly values: readonly (number | boolean | string)[] };

/** A `choice` option's allowed values in words: `one of 'none', 'strong_wolfe'`. */
export function describeChoices(spec: OptimizerOptionSpecV1): string {
  return `one of ${(spec.choices ?? []).map((c) => `'${c}'`).join(', ')}`;
}

/** The allowed values of a numeric option in words: `a number in [0, 1)`, `a number > 0`. */
export function describeRange(spec: OptimizerOptionSpecV1): string {
  if (spec.type === 'boolean') return 'true or false';
  if (spec.type === 'choice') return describeChoices(spec);
  const lo = spec.min;
  const hi = spec.max;
  const loIn = spec.minInclusive ?? true;
  const hiIn = spec.maxInclusive ?? true;
  const what = spec.type === 'learning-rate' ? 'a number or a schedule function' : 'a number';
  if (lo !== undefined && hi !== undefined) {
    return `${what} in ${loIn ? '[' : '('}${String(lo)}, ${String(hi)}${hiIn ? ']' : ')'}`;
  }
  if (lo !== undefined) return `${what} ${loIn ? '≥' : '>'} ${String(lo)}`;
  if (hi !== undefined) return `${what} ${hiIn ? '≤' : '<'} ${String(hi)}`;
  return spec.type === 'learning-rate' ? 'a finite number or a schedule function' : 'a finite number';
}

/** `Number.isFinite` as a type guard: false for every non-number, as for NaN and ±Infinity. */
function isFiniteNumber(value: unknown): value is number {
  return Number.isFinite(value);
}

/** Whether a value is a finite number in the spec's range. */
export function inRange(spec: OptimizerOptionSpecV1, value: unknown): value is number {
  if (!isFiniteNumber(value)) return false;
  // A missing bound is an infinite one: every finite value lies beyond it.
  const min = spec.min ?? Number.NEGATIVE_INFINITY;
  const max = spec.max ?? Number.POSITIVE_INFINITY;
  if (spec.minInclusive ?? true ? value < min : value <= min) return false;
  if (spec.maxInclusive ?? true ? value > max : value >= max) return false;
  return true;
}

/** Throws `InvalidOptionError` unless `value` is allowed by `spec`. */
export function validateOption(optimizer: string, spec: OptimizerOptionSpecV1, value: unknown): void {
  const fail = (): never => {
    throw new InvalidOptionError(optimizer, spec.name, value, describeRange(spec));
  };
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') fail();
      return;
    case 'learning-rate':
      if (typeof value === 'function') return;
      if (!inRange(spec, value)) fail();
      return;
    case 'number':
      if (!inRange(spec, value)) fail();
      return;
    case 'choice':
      if (!(spec.choices ?? []).some((choice) => choice === value)) fail();
      return;
  }
}

/**
 * Fills defaults into `input` and validates every option: unknown keys, wrong types and out-of-range values throw
 * an `InvalidOptionError` that names the option, the value and the allowed range.
 */
export function resolveOptions<O extends BaseOptimizerOptions>(
  optimizer: string,
  specs: readonly OptimizerOptionSpecV1[],
  input: Partial<O> | undefined,
  base?: O,
): O {
  const resolved: Record<string, unknown> = {};
  const given = (input ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (key === 'params') continue;
    if (!specs.some((s) => s.name === key)) {
      throw new InvalidOptionError(optimizer, key, given[key], `one of the options ${specs.map((s) => s.name).join(', ')}`);
    }
  }
  for (const spec of specs) {
    const fallback = base ? (base as unknown as Record<string, unknown>)[spec.name] : spec.default;
    const value = given[spec.name] === undefined ? fallback : given[spec.name];
    validateOption(optimizer, spec, value);
    resolved[spec.name] = value;
  }
  return resolved as unknown as O;
}

/** The shared spec of `lr`, with the optimizer's own default. */
export function learningRateSpec(defaultValue: number, description = 'Learning rate η, or a schedule (step) => η.'): OptimizerOptionSpecV1 {
  return { name: 'lr', type: 'learning-rate', default: defaultValue, min: 0, description, pytorchName: 'lr' };
}

/** The shared spec of PyTorch's coupled L2 penalty: g ← g + λ·θ before the update. */
export function weightDecaySpec(): OptimizerOptionSpecV1 {
  return {
    name: 'weightDecay',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Coupled L2 penalty λ: the gradient becomes g + λθ before the update (PyTorch weight_decay).',
    pytorchName: 'weight_decay',
  };
}

/**
 * The shared spec of PyTorch's `maximize`: the update uses −g, so the parameters climb f. The base class `Optimizer`
 * implements it for every optimizer (the caller's gradient is left as it was).
 */
export function maximizeSpec(): OptimizerOptionSpecV1 {
  return {
    name: 'maximize',
    type: 'boolean',
    default: false,
    description: 'Maximize the objective instead of minimizing it: the update uses −g (PyTorch maximize).',
    pytorchName: 'maximize',
  };
}
