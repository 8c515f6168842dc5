import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors.js';
import { Optimizer } from './optimizer.js';
import { learningRateSpec, weightDecaySpec } from './option-spec.js';
import type { FloatArray, Parameter, ParamsInput } from './optimizer-types.js';
import { parameter } from './parameter.js';
import { isBiasOrNorm, noDecayBiasSpec, ParameterMask, withWeightDecayMask, WeightDecayMask, type WeightDecayMaskOptions } from './parameter-mask.js';
import { describeWeightDecayMask } from './testing/weight-decay-mask.js';

interface DecayingSgdOptions {
  lr: number;
  weightDecay: number;
  noDecayBias: boolean;
}

/** SGD with decoupled weight decay θ ← θ − η(g + λθ), λ from the mask: the smallest optimizer that takes one. */
class DecayingSgd extends Optimizer<DecayingSgdOptions, { calls: number }> {
  private readonly decayMask: WeightDecayMask;

  constructor(params: ParamsInput<DecayingSgdOptions>, options?: Partial<DecayingSgdOptions> & WeightDecayMaskOptions) {
    const specs = [learningRateSpec(0.1), weightDecaySpec(), noDecayBiasSpec()];
    const masked = withWeightDecayMask<DecayingSgdOptions>({ id: 'decaying-sgd', name: 'DecayingSgd', optionSpecs: specs }, options);
    super(masked.definition, params, masked.options);
    this.decayMask = masked.mask;
  }

  protected initState(): { calls: number } {
    return { calls: 0 };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, _state: { calls: number }, o: DecayingSgdOptions, lr: number, p: Parameter): void {
    const lambda = this.decayMask.decayOf(p, o.weightDecay, o.noDecayBias);
    for (let i = 0; i < param.length; i++) param[i] = (param[i] as number) - lr * ((grad[i] as number) + lambda * (param[i] as number));
  }
}

describeWeightDecayMask('DecayingSgd', {
  options: { weightDecay: 0.5 },
  create: (params, options) => new DecayingSgd(params, options),
  independentGroups: true,
});

describe('isBiasOrNorm', () => {
  it('is true below 2 dimensions or for a name with bias or norm (any case), false for a named or unnamed matrix', () => {
    expect(isBiasOrNorm('0.weight', [2, 3])).toBe(false);
    expect(isBiasOrNorm(undefined, [2, 3])).toBe(false);
    expect(isBiasOrNorm('conv.weight', [4, 1, 3, 3])).toBe(false);
    expect(isBiasOrNorm('0.weight', [3])).toBe(true);
    expect(isBiasOrNorm(undefined, [])).toBe(true);
    expect(isBiasOrNorm('0.Bias', [2, 3])).toBe(true);
    expect(isBiasOrNorm('LayerNorm.weight', [2, 3])).toBe(true);
  });
});

describe('ParameterMask', () => {
  it('includes every parameter without a predicate, and says it has none', () => {
    const mask = new ParameterMask(undefined, 'Adam', 'mask');
    expect(mask.given).toBe(false);
    expect(mask.includes(parameter(new Float64Array(2)))).toBe(true);
  });

  it('refuses a predicate that is not a function, naming the optimizer and the option', () => {
    expect(() => new ParameterMask(true as never, 'Lion', 'weightDecayMask')).toThrow(InvalidOptionError);
    expect(() => new ParameterMask(true as never, 'Lion', 'weightDecayMask')).toThrow(
      /Invalid weightDecayMask for Lion.*true.*expected a function \(name, shape\) => boolean/,
    );
  });

  it('asks once per parameter, passing [length] for a parameter without a shape, and remembers false answers too', () => {
    const asked: [string | undefined, readonly number[]][] = [];
    const mask = new ParameterMask((name, shape) => (asked.push([name, shape]), name === 'w'), 'Lion', 'mask');
    expect(mask.given).toBe(true);
    const w = parameter(new Float64Array(6), { name: 'w', shape: [2, 3] });
    const b = parameter(new Float32Array(5), 'b');
    expect([mask.includes(w), mask.includes(b), mask.includes(w), mask.includes(b)]).toEqual([true, false, true, false]);
    expect(asked).toEqual([
      ['w', [2, 3]],
      ['b', [5]],
    ]);
  });

  it('names an unnamed parameter as (unnamed) when the predicate answers no boolean', () => {
    const mask = new ParameterMask(() => 1 as never, 'Lion', 'mask');
    expect(() => mask.includes(parameter(new Float64Array(1)))).toThrow(/Invalid mask for Lion.*expected a boolean from the predicate, for parameter \(unnamed\)/);
  });
});

describe('WeightDecayMask', () => {
  const matrix = parameter(new Float64Array(4), { name: 'fc.weight', shape: [2, 2] });
  const bias = parameter(new Float64Array(2), { name: 'fc.bias', shape: [2] });

  it('gives the group λ, 0 for a left-out parameter, and 0 whenever λ is 0', () => {
    const all = new WeightDecayMask(undefined, 'Lion');
    expect([all.decayOf(matrix, 0.1, false), all.decayOf(bias, 0.1, false)]).toEqual([0.1, 0.1]);
    expect([all.decayOf(matrix, 0.1, true), all.decayOf(bias, 0.1, true), all.decayOf(bias, 0.1, true)]).toEqual([0.1, 0, 0]);
    expect(all.decayOf(matrix, 0, false)).toBe(0);
    const onlyBias = new WeightDecayMask((name) => name === 'fc.bias', 'Lion');
    expect([onlyBias.decayOf(matrix, 0.1, false), onlyBias.decayOf(bias, 0.1, false)]).toEqual([0, 0.1]);
    expect(onlyBias.decayOf(bias, 0, false)).toBe(0);
  });

  it('check() refuses noDecayBias beside a predicate only', () => {
    expect(() => {
      WeightDecayMask.check('Lion', () => true, true);
    }).toThrow('Invalid noDecayBias for Lion: true (expected false when a weightDecayMask predicate is given (the predicate says which parameters decay))');
    expect(() => {
      WeightDecayMask.check('Lion', () => true, false);
    }).not.toThrow();
    expect(() => {
      WeightDecayMask.check('Lion', undefined, true);
    }).not.toThrow();
  });

  it("withWeightDecayMask keeps the definition's own validate", () => {
    const calls: unknown[] = [];
    const definition = {
      id: 'x',
      name: 'X',
      optionSpecs: [],
      validate: (o: DecayingSgdOptions) => {
        calls.push(o.lr);
      },
    };
    const masked = withWeightDecayMask<DecayingSgdOptions>(definition, { lr: 2, weightDecayMask: () => true });
    expect(masked.options).toEqual({ lr: 2 });
    masked.definition.validate?.({ lr: 3, weightDecay: 0, noDecayBias: false });
    expect(calls).toEqual([3]);
    expect(() => masked.definition.validate?.({ lr: 3, weightDecay: 0, noDecayBias: true })).toThrow(/Invalid noDecayBias for X/);
    expect(withWeightDecayMask<DecayingSgdOptions>(definition, undefined).options).toEqual({});
  });

  it("noDecayBiasSpec is a boolean option 'noDecayBias', false by default", () => {
    expect(noDecayBiasSpec()).toMatchObject({ name: 'noDecayBias', type: 'boolean', default: false });
    // The CLI's help and the docs show the description: it says which parameters are left out.
    expect(noDecayBiasSpec().description).toMatch(/fewer than 2 dimensions.*bias or norm/);
  });
});
