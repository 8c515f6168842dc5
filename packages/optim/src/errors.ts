// Two copies of @descent/optim can meet in one program (an optimizer package resolved to another install, a bundle
// beside node_modules), and `instanceof` fails across copies: each copy has its own classes. Every error therefore
// carries a marker under a `Symbol.for` key, which all copies share, and is recognised with its class's static
// `isInstance(value)`, as vercel/ai's `AISDKError.isInstance` does.

function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

// The global symbol registry's keys: the same symbol in every copy, in every module system.
const invalidOption: unique symbol = Symbol.for('@descent/optim.error.InvalidOptionError');
const invalidParams: unique symbol = Symbol.for('@descent/optim.error.InvalidParamsError');
const stateDictMismatch: unique symbol = Symbol.for('@descent/optim.error.StateDictMismatchError');
const unknownOptimizer: unique symbol = Symbol.for('@descent/optim.error.UnknownOptimizerError');
const unsupportedVersion: unique symbol = Symbol.for('@descent/optim.error.UnsupportedSpecificationVersionError');

/** A hyperparameter outside its allowed range, of the wrong type, or unknown. */
export class InvalidOptionError extends Error {
  override readonly name = 'InvalidOptionError';
  readonly [invalidOption] = true;
  constructor(
    readonly optimizer: string,
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`Invalid ${option} for ${optimizer}: ${formatValue(value)} (expected ${expected})`);
  }

  /** Whether `value` is an `InvalidOptionError` from any copy of `@descent/optim`. */
  static isInstance(value: unknown): value is InvalidOptionError {
    return hasMarker(value, invalidOption);
  }
}

/** Parameters given in a form the optimizer cannot use (empty, duplicated, gradient of the wrong size). */
export class InvalidParamsError extends Error {
  override readonly name = 'InvalidParamsError';
  readonly [invalidParams] = true;

  /** Whether `value` is an `InvalidParamsError` from any copy of `@descent/optim`. */
  static isInstance(value: unknown): value is InvalidParamsError {
    return hasMarker(value, invalidParams);
  }
}

/** `loadStateDict` was handed state that does not fit this optimizer and its parameters. */
export class StateDictMismatchError extends Error {
  override readonly name = 'StateDictMismatchError';
  readonly [stateDictMismatch] = true;

  /** Whether `value` is a `StateDictMismatchError` from any copy of `@descent/optim`. */
  static isInstance(value: unknown): value is StateDictMismatchError {
    return hasMarker(value, stateDictMismatch);
  }
}

/** A registry was asked for an optimizer it was not given. */
export class UnknownOptimizerError extends Error {
  override readonly name = 'UnknownOptimizerError';
  readonly [unknownOptimizer] = true;
  constructor(
    readonly id: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown optimizer '${id}'; known optimizers: ${known.join(', ')}`);
  }

  /** Whether `value` is an `UnknownOptimizerError` from any copy of `@descent/optim`. */
  static isInstance(value: unknown): value is UnknownOptimizerError {
    return hasMarker(value, unknownOptimizer);
  }
}

/** A plugin descriptor of a contract version this release cannot adapt. */
export class UnsupportedSpecificationVersionError extends Error {
  override readonly name = 'UnsupportedSpecificationVersionError';
  readonly [unsupportedVersion] = true;
  constructor(
    readonly id: string,
    readonly version: unknown,
  ) {
    super(`Optimizer plugin '${id}' has specificationVersion ${formatValue(version)}; this release supports 'v1'`);
  }

  /** Whether `value` is an `UnsupportedSpecificationVersionError` from any copy of `@descent/optim`. */
  static isInstance(value: unknown): value is UnsupportedSpecificationVersionError {
    return hasMarker(value, unsupportedVersion);
  }
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  // JSON writes NaN and ±Infinity as null and undefined as nothing; it writes booleans and null as String() does.
  if (typeof value === 'number' || value === undefined) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
