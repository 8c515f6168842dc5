import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors.js';
import { describeRange, resolveOptions, validateOption, type OptimizerOptionSpecV1 } from './option-spec.js';
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
});
