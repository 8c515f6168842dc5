import { describe, expect, it } from 'vitest';
import {
  InvalidOptionError,
  InvalidParamsError,
  StateDictMismatchError,
  UnknownOptimizerError,
  UnsupportedSpecificationVersionError,
  formatValue,
} from './errors.js';

const classes = { InvalidOptionError, InvalidParamsError, StateDictMismatchError, UnknownOptimizerError, UnsupportedSpecificationVersionError };
type ErrorClass = (typeof classes)[keyof typeof classes];

/** One instance of each class, made by the given copy of the module. */
function instancesOf(m: typeof classes): Record<keyof typeof classes, Error> {
  return {
    InvalidOptionError: new m.InvalidOptionError('Adam', 'lr', -1, 'a number ≥ 0'),
    InvalidParamsError: new m.InvalidParamsError('no parameters'),
    StateDictMismatchError: new m.StateDictMismatchError('2 groups, expected 1'),
    UnknownOptimizerError: new m.UnknownOptimizerError('adamw', ['sgd']),
    UnsupportedSpecificationVersionError: new m.UnsupportedSpecificationVersionError('x', 'v9'),
  };
}

describe('isInstance', () => {
  it('recognises each error of its own class and no other', () => {
    const made = instancesOf(classes);
    for (const [name, cls] of Object.entries(classes) as [keyof typeof classes, ErrorClass][]) {
      for (const [otherName, error] of Object.entries(made)) {
        expect(cls.isInstance(error), `${name}.isInstance(${otherName})`).toBe(name === otherName);
      }
    }
  });

  it('recognises errors thrown by another copy of the module, where instanceof fails', async () => {
    // A query string makes the module loader evaluate the file again: a second copy with its own classes.
    const specifier = './errors.js?second-copy';
    const other = (await import(/* @vite-ignore */ specifier)) as typeof classes;
    expect(other.InvalidOptionError).not.toBe(InvalidOptionError);
    const made = instancesOf(other);
    for (const [name, cls] of Object.entries(classes) as [keyof typeof classes, ErrorClass][]) {
      expect(made[name]).not.toBeInstanceOf(cls);
      expect(cls.isInstance(made[name]), name).toBe(true);
    }
    const mine = new InvalidOptionError('SGD', 'momentum', 2, 'a number in [0, 1)');
    expect(other.InvalidOptionError.isInstance(mine)).toBe(true);
  });

  it('marks each error under its documented global key, so that every copy and release of the module agrees', () => {
    for (const [name, error] of Object.entries(instancesOf(classes))) {
      expect((error as unknown as Record<symbol, unknown>)[Symbol.for(`@descent/optim.error.${name}`)], name).toBe(true);
      expect(error.name).toBe(name);
    }
    expect(new UnknownOptimizerError('adamw', ['sgd', 'adam']).message).toBe("Unknown optimizer 'adamw'; known optimizers: sgd, adam");
  });

  it('is false for look-alikes: same name and message, no marker; non-objects', () => {
    const fake = Object.assign(new Error('Invalid lr for Adam: -1 (expected a number ≥ 0)'), { name: 'InvalidOptionError' });
    expect(InvalidOptionError.isInstance(fake)).toBe(false);
    for (const value of [null, undefined, 'InvalidOptionError', 1, {}]) expect(InvalidOptionError.isInstance(value)).toBe(false);
  });
});

describe('formatValue', () => {
  it('writes a value as an error message quotes it: strings quoted, functions named, the rest as JSON or its tag', () => {
    expect(formatValue('adam')).toBe("'adam'");
    expect(formatValue(() => 1)).toBe('a function');
    expect([formatValue(0.5), formatValue(true), formatValue(null), formatValue(undefined)]).toEqual(['0.5', 'true', 'null', 'undefined']);
    // Where JSON would write null: the numbers an option check most often refuses.
    expect([formatValue(Number.NaN), formatValue(Number.POSITIVE_INFINITY), formatValue(Number.NEGATIVE_INFINITY)]).toEqual(['NaN', 'Infinity', '-Infinity']);
    expect(formatValue({ lr: [1, 2] })).toBe('{"lr":[1,2]}');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(formatValue(circular)).toBe('[object Object]');
    expect(formatValue(10n)).toBe('[object BigInt]');
  });
});
