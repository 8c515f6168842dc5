import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors.js';
import {
  describeChoices,
  describeRange,
  inRange,
  learningRateSpec,
  maximizeSpec,
  resolveOptions,
  validateOption,
  weightDecaySpec,
  type OptimizerOptionSpecV1,
} from './option-spec.js';
import { invalidValuesFor } from './testing/conformance.js';

const beta: OptimizerOptionSpecV1 = { name: 'beta1', type: 'number', default: 0.9, min: 0, max: 1, maxInclusive: false, description: 'β₁' };
const lr: OptimizerOptionSpecV1 = { name: 'lr', type: 'learning-rate', default: 0.1, min: 0, description: 'η' };
const flag: OptimizerOptionSpecV1 = { name: 'amsgrad', type: 'boolean', default: false, description: 'AMSGrad' };
const lineSearch: OptimizerOptionSpecV1 = {
  name: 'lineSearchFn',
  type: 'choice',
  default: 'none',
  choices: ['none', 'strong_wolfe'],
  description: 'line search',
};

describe('option specs', () => {
  it('describe their ranges in words', () => {
    expect(describeRange(beta)).toBe('a number in [0, 1)');
    expect(describeRange(lr)).toBe('a number or a schedule function ≥ 0');
    expect(describeRange({ ...beta, min: 0, minInclusive: false, max: undefined })).toBe('a number > 0');
    expect(describeRange(flag)).toBe('true or false');
    expect(describeRange(lineSearch)).toBe("one of 'none', 'strong_wolfe'");
  });

  it('accept a listed string for a choice, with its default', () => {
    expect(resolveOptions<{ lr: number; lineSearchFn: string }>('LBFGS', [lr, lineSearch], {})).toEqual({ lr: 0.1, lineSearchFn: 'none' });
    expect(resolveOptions<{ lr: number; lineSearchFn: string }>('LBFGS', [lr, lineSearch], { lineSearchFn: 'strong_wolfe' })).toEqual({
      lr: 0.1,
      lineSearchFn: 'strong_wolfe',
    });
  });

  it('refuse a choice outside its list, naming the allowed values', () => {
    expect(() => resolveOptions('LBFGS', [lr, lineSearch], { lineSearchFn: 'bogus' } as never)).toThrow(
      "Invalid lineSearchFn for LBFGS: 'bogus' (expected one of 'none', 'strong_wolfe')",
    );
    // PyTorch's None is spelled 'none' here: null itself, and a boolean, are refused.
    expect(() => resolveOptions('LBFGS', [lr, lineSearch], { lineSearchFn: null } as never)).toThrow(InvalidOptionError);
    expect(() => resolveOptions('LBFGS', [lr, lineSearch], { lineSearchFn: true } as never)).toThrow(InvalidOptionError);
  });

  it('give the conformance suite invalid values of a choice that the choice refuses', () => {
    const bad = invalidValuesFor(lineSearch);
    expect(bad).toEqual(expect.arrayContaining(['bogus', 'NONE', null]));
    for (const value of bad) {
      expect(() => {
        validateOption('LBFGS', lineSearch, value);
      }, String(value)).toThrow(InvalidOptionError);
    }
  });

  it('fill defaults, keep given values and accept a schedule for lr', () => {
    const schedule = (t: number) => 1 / (t + 1);
    const o = resolveOptions<{ lr: number | typeof schedule; beta1: number; amsgrad: boolean }>('Adam', [lr, beta, flag], {
      lr: schedule,
      amsgrad: true,
    });
    expect(o).toEqual({ lr: schedule, beta1: 0.9, amsgrad: true });
  });

  it('name the option, the value and the range in the error, as PyTorch does', () => {
    const attempt = () => resolveOptions('Adam', [lr, beta], { beta1: 1.2 } as never);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow('Invalid beta1 for Adam: 1.2 (expected a number in [0, 1))');
    expect(() => resolveOptions('Adam', [lr, beta], { lr: -0.5 } as never)).toThrow('Invalid lr for Adam: -0.5');
    expect(() => resolveOptions('Adam', [lr, flag], { amsgrad: 'yes' } as never)).toThrow("Invalid amsgrad for Adam: 'yes' (expected true or false)");
    expect(() => resolveOptions('Adam', [lr, beta], { betas: [0.9, 0.99] } as never)).toThrow(
      'Invalid betas for Adam: [0.9,0.99] (expected one of the options lr, beta1)',
    );
  });

  it('describe every kind of bound: one side, the other, both, open or closed, none', () => {
    const number = (bounds: Partial<OptimizerOptionSpecV1>): OptimizerOptionSpecV1 => ({ name: 'x', type: 'number', default: 0, description: 'x', ...bounds });
    expect(describeRange(number({ max: 10 }))).toBe('a number ≤ 10');
    expect(describeRange(number({ max: 10, maxInclusive: false }))).toBe('a number < 10');
    expect(describeRange(number({ min: 0 }))).toBe('a number ≥ 0');
    expect(describeRange(number({ min: 0, max: 1 }))).toBe('a number in [0, 1]');
    expect(describeRange(number({ min: 0, minInclusive: false, max: 1 }))).toBe('a number in (0, 1]');
    expect(describeRange(number({}))).toBe('a finite number');
    expect(describeRange({ ...lr, min: undefined })).toBe('a finite number or a schedule function');
    expect(describeRange({ ...lr, min: undefined, max: 1 })).toBe('a number or a schedule function ≤ 1');
  });

  it('take the bounds as they say: a closed bound is allowed, an open one is not, and only finite numbers', () => {
    const unitClosed: OptimizerOptionSpecV1 = { name: 'x', type: 'number', default: 0, description: 'x', min: 0, max: 1 };
    const unitOpen: OptimizerOptionSpecV1 = { ...unitClosed, minInclusive: false, maxInclusive: false };
    expect([0, 1, 0.5].map((v) => inRange(unitClosed, v))).toEqual([true, true, true]);
    expect([-1e-300, 1 + Number.EPSILON].map((v) => inRange(unitClosed, v))).toEqual([false, false]);
    expect([0, 1].map((v) => inRange(unitOpen, v))).toEqual([false, false]);
    expect([1e-300, 1 - Number.EPSILON].map((v) => inRange(unitOpen, v))).toEqual([true, true]);
    const fromOne: OptimizerOptionSpecV1 = { name: 'x', type: 'number', default: 1, description: 'x', min: 1 };
    expect([0.5, 1, 1e9].map((v) => inRange(fromOne, v))).toEqual([false, true, true]);
    expect([1, 1.5].map((v) => inRange({ ...fromOne, minInclusive: false }, v))).toEqual([false, true]);
    const atMostTen: OptimizerOptionSpecV1 = { name: 'x', type: 'number', default: 0, description: 'x', max: 10 };
    expect([-1e9, 10, 10.000001].map((v) => inRange(atMostTen, v))).toEqual([true, true, false]);
    expect([-1e9, 10].map((v) => inRange({ ...atMostTen, maxInclusive: false }, v))).toEqual([true, false]);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '0.5', null, undefined, true]) {
      expect(inRange({ ...unitClosed, min: undefined, max: undefined }, value), String(value)).toBe(false);
    }
  });

  it('refuse a number written as text for a number and for lr, and take a schedule function for lr only', () => {
    const momentum: OptimizerOptionSpecV1 = { name: 'momentum', type: 'number', default: 0, min: 0, description: 'μ' };
    expect(() => {
      validateOption('SGD', momentum, '0.5');
    }).toThrow("Invalid momentum for SGD: '0.5' (expected a number ≥ 0)");
    expect(() => {
      validateOption('SGD', lr, '0.5');
    }).toThrow("Invalid lr for SGD: '0.5' (expected a number or a schedule function ≥ 0)");
    expect(() => {
      validateOption('SGD', lr, () => 0.1);
    }).not.toThrow();
    expect(() => {
      validateOption('SGD', momentum, () => 0.1);
    }).toThrow('Invalid momentum for SGD: a function');
  });

  it('take nothing for a choice that lists no values, and say so', () => {
    const empty: OptimizerOptionSpecV1 = { name: 'mode', type: 'choice', default: 'a', description: 'mode' };
    expect(describeChoices(empty)).toBe('one of ');
    for (const value of ['a', '', 'none']) {
      expect(() => {
        validateOption('X', empty, value);
      }, value).toThrow(InvalidOptionError);
    }
  });

  it("pass over a group's params key: a parameter group's options come with its parameters", () => {
    expect(resolveOptions<{ lr: number }>('SGD', [lr], { params: [], lr: 0.2 } as never)).toEqual({ lr: 0.2 });
  });

  it("spell the shared options as PyTorch does (lr, weight_decay, maximize), with their defaults and bounds", () => {
    expect(learningRateSpec(0.01)).toEqual({
      name: 'lr',
      type: 'learning-rate',
      default: 0.01,
      min: 0,
      description: 'Learning rate η, or a schedule (step) => η.',
      pytorchName: 'lr',
    });
    expect(learningRateSpec(0.01, 'η').description).toBe('η');
    expect(weightDecaySpec()).toMatchObject({ name: 'weightDecay', type: 'number', default: 0, min: 0, pytorchName: 'weight_decay' });
    expect(maximizeSpec()).toMatchObject({ name: 'maximize', type: 'boolean', default: false, pytorchName: 'maximize' });
  });
});
