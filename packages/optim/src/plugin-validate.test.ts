import { describe, expect, it } from 'vitest';
import { heavyBallPlugin } from './__fixtures__/heavy-ball.js';
import { InvalidOptionError } from './errors.js';
import { defaultOptions, optionValidator, validatePluginOptions, type OptimizerPluginV1 } from './plugin.js';

describe("a descriptor's validate(options)", () => {
  const specs = heavyBallPlugin.options;
  interface HeavyBallOptions {
    lr: number;
    momentum: number;
    maximize: boolean;
  }
  const noTwoBig = optionValidator<HeavyBallOptions>('HeavyBall', specs, (o) => {
    if (o.lr > 0.5 && o.momentum > 0.5) throw new InvalidOptionError('HeavyBall', 'momentum', o.momentum, 'at most 0.5 when lr > 0.5');
  });

  it('optionValidator without a rule between options only fills in the defaults', () => {
    expect(optionValidator<HeavyBallOptions>('HeavyBall', specs)({ momentum: 0.9 })).toEqual({ ...defaultOptions(heavyBallPlugin), momentum: 0.9 });
  });

  it('optionValidator fills in the defaults, then runs the rule between options', () => {
    expect(noTwoBig({})).toEqual(defaultOptions(heavyBallPlugin));
    expect(noTwoBig({ lr: 0.1 })).toEqual({ ...defaultOptions(heavyBallPlugin), lr: 0.1 });
    expect(() => noTwoBig({ lr: 0.9, momentum: 0.9 })).toThrow(InvalidOptionError);
    expect(() => noTwoBig({ lr: 0.9, momentum: 0.9 })).toThrow('at most 0.5 when lr > 0.5');
  });

  it('refuses a value outside its spec before the rule runs, naming the option', () => {
    let error: unknown;
    try {
      noTwoBig({ lr: -1 });
    } catch (e) {
      error = e;
    }
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect((error as InvalidOptionError).option).toBe('lr');
  });

  it('validatePluginOptions uses the descriptor’s validate, or its specs alone for a descriptor without one', () => {
    const withRule = { ...heavyBallPlugin, validate: noTwoBig } as unknown as OptimizerPluginV1<HeavyBallOptions>;
    expect(() => validatePluginOptions(withRule, { lr: 0.9, momentum: 0.9 })).toThrow('at most 0.5 when lr > 0.5');
    const without = { ...heavyBallPlugin, validate: undefined } as unknown as OptimizerPluginV1<HeavyBallOptions>;
    expect(validatePluginOptions(without, { lr: 0.9, momentum: 0.9 })).toMatchObject({ lr: 0.9, momentum: 0.9 });
    expect(() => validatePluginOptions(without, { lr: -1 })).toThrow(InvalidOptionError);
  });
});
