/** A hyperparameter outside its allowed range, of the wrong type, or unknown. */
export class InvalidOptionError extends Error {
  override readonly name = 'InvalidOptionError';
  constructor(
    readonly optimizer: string,
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`Invalid ${option} for ${optimizer}: ${formatValue(value)} (expected ${expected})`);
  }
}

/** Parameters given in a form the optimizer cannot use (empty, duplicated, gradient of the wrong size). */
export class InvalidParamsError extends Error {
  override readonly name = 'InvalidParamsError';
}

/** `loadStateDict` was handed state that does not fit this optimizer and its parameters. */
export class StateDictMismatchError extends Error {
  override readonly name = 'StateDictMismatchError';
}

/** A registry was asked for an optimizer it was not given. */
export class UnknownOptimizerError extends Error {
  override readonly name = 'UnknownOptimizerError';
  constructor(
    readonly id: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown optimizer '${id}'; known optimizers: ${known.join(', ')}`);
  }
}

/** A plugin descriptor of a contract version this release cannot adapt. */
export class UnsupportedSpecificationVersionError extends Error {
  override readonly name = 'UnsupportedSpecificationVersionError';
  constructor(
    readonly id: string,
    readonly version: unknown,
  ) {
    super(`Optimizer plugin '${id}' has specificationVersion ${formatValue(version)}; this release supports 'v1'`);
  }
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
