import { InvalidOptionError } from './errors.js';
import type { OptimizerOptionSpecV1 } from './option-spec.js';
import type { OptimizerDefinition } from './optimizer.js';
import type { BaseOptimizerOptions, Parameter } from './optimizer-types.js';

/**
 * Chooses parameters by name and shape, where optax takes a mask (a tree of booleans, or a function of the params):
 * `true` for a parameter the transformation applies to. An unnamed parameter gets `undefined`, one without a shape
 * `[data.length]` (a flat array is a vector).
 *
 * @example
 * const decayMatrices: ParameterPredicate = (name, shape) => shape.length >= 2 && !/norm/.test(name ?? '');
 */
export type ParameterPredicate = (name: string | undefined, shape: readonly number[]) => boolean;

/**
 * The parameters one usually keeps out of weight decay: biases and normalization scales, that is any parameter with
 * fewer than two dimensions, or whose name contains `bias` or `norm` (`0.bias`, `norm1.weight`). What `noDecayBias`
 * (the CLI's `--no-decay-bias`) leaves out.
 */
export function isBiasOrNorm(name: string | undefined, shape: readonly number[]): boolean {
  // Stryker disable next-line StringLiteral: an unnamed parameter's stand-in name only has to contain neither bias nor norm
  return shape.length < 2 || /bias|norm/i.test(name ?? '');
}

/**
 * A predicate's answer for each parameter, asked once (on the parameter's first step) and remembered, so a step calls
 * no user code and allocates nothing. Without a predicate every parameter is included, as optax's default mask.
 */
export class ParameterMask {
  private readonly answers = new WeakMap<Parameter, boolean>();

  /**
   * @param optimizer the optimizer's name, and `option` the option's, for the error when the predicate answers
   *   something other than a boolean
   */
  constructor(
    private readonly predicate: ParameterPredicate | undefined,
    private readonly optimizer: string,
    private readonly option: string,
  ) {
    if (predicate !== undefined && typeof predicate !== 'function') {
      throw new InvalidOptionError(optimizer, option, predicate, 'a function (name, shape) => boolean');
    }
  }

  /** Whether there is a predicate at all (without one, `includes` is always true). */
  get given(): boolean {
    return this.predicate !== undefined;
  }

  /** Whether the transformation applies to `p`. */
  includes(p: Parameter): boolean {
    if (this.predicate === undefined) return true;
    let answer = this.answers.get(p);
    if (answer === undefined) {
      const given: unknown = this.predicate(p.name, p.shape ?? [p.data.length]);
      if (typeof given !== 'boolean') {
        throw new InvalidOptionError(this.optimizer, this.option, given, `a boolean from the predicate, for parameter ${p.name ?? '(unnamed)'}`);
      }
      answer = given;
      this.answers.set(p, answer);
    }
    return answer;
  }
}

/** The weight-decay options of an optimizer that takes optax's `weight_decay_mask` and the CLI's `--no-decay-bias`. */
export interface WeightDecayMaskOptions {
  /**
   * Which parameters decay (optax `weight_decay_mask` / `mask`): `(name, shape) => boolean`, true to decay. Default:
   * all of them, as optax. Set once for the optimizer, not per group (a group can set `weightDecay: 0` instead).
   */
  weightDecayMask?: ParameterPredicate;
}

/**
 * Weight decay's mask as an optimizer uses it: the predicate given to its constructor (`weightDecayMask`), else the
 * group option `noDecayBias` (leave out `isBiasOrNorm` parameters), else every parameter.
 */
export class WeightDecayMask {
  private readonly mask: ParameterMask;
  private readonly biasOrNorm = new WeakMap<Parameter, boolean>();

  constructor(predicate: ParameterPredicate | undefined, optimizer: string) {
    this.mask = new ParameterMask(predicate, optimizer, 'weightDecayMask');
  }

  /**
   * Throws when a group asks for `noDecayBias` beside a predicate: two masks, and no rule for which one wins. Call it
   * from the optimizer definition's `validate`.
   */
  static check(optimizer: string, predicate: ParameterPredicate | undefined, noDecayBias: boolean): void {
    if (predicate !== undefined && noDecayBias) {
      throw new InvalidOptionError(optimizer, 'noDecayBias', true, 'false when a weightDecayMask predicate is given (the predicate says which parameters decay)');
    }
  }

  /** λ for `p`: the group's weight decay, or 0 where the mask leaves `p` out. */
  decayOf(p: Parameter, weightDecay: number, noDecayBias: boolean): number {
    // Stryker disable next-line ConditionalExpression: a shortcut; every path below returns weightDecay or 0, both 0 here
    if (weightDecay === 0) return 0;
    if (this.mask.given) return this.mask.includes(p) ? weightDecay : 0;
    if (!noDecayBias) return weightDecay;
    let excluded = this.biasOrNorm.get(p);
    // Stryker disable next-line ConditionalExpression: a cache; computing the answer again gives the same answer
    if (excluded === undefined) {
      // Stryker disable next-line ArrayDeclaration: isBiasOrNorm reads only the shape's length, and [] and [length] both have fewer than 2 dimensions
      excluded = isBiasOrNorm(p.name, p.shape ?? [p.data.length]);
      this.biasOrNorm.set(p, excluded);
    }
    return excluded ? 0 : weightDecay;
  }
}

/**
 * What an optimizer with a weight-decay mask hands its base class: the definition, whose `validate` now also refuses
 * `noDecayBias` beside a predicate; the options without `weightDecayMask` (a function, not a group option); and the
 * mask to keep for its steps.
 *
 * @example
 * const masked = withWeightDecayMask({ id: 'lion', name: 'Lion', optionSpecs }, options);
 * super(masked.definition, params, masked.options);
 * this.decayMask = masked.mask;
 */
export function withWeightDecayMask<O extends BaseOptimizerOptions & { noDecayBias: boolean }>(
  definition: OptimizerDefinition<O>,
  options: NoInfer<Partial<O> & WeightDecayMaskOptions> | undefined,
): { definition: OptimizerDefinition<O>; options: Partial<O>; mask: WeightDecayMask } {
  const { weightDecayMask, ...rest } = options ?? {};
  const validate = (o: O): void => {
    definition.validate?.(o);
    WeightDecayMask.check(definition.name, weightDecayMask, o.noDecayBias);
  };
  return { definition: { ...definition, validate }, options: rest as Partial<O>, mask: new WeightDecayMask(weightDecayMask, definition.name) };
}

/** The spec of the boolean option `noDecayBias`, the common mask as a plain option (and the CLI's `--no-decay-bias`). */
export function noDecayBiasSpec(): OptimizerOptionSpecV1 {
  return {
    name: 'noDecayBias',
    type: 'boolean',
    default: false,
    description:
      'Leave biases and normalization scales out of weight decay: parameters with fewer than 2 dimensions or a name containing bias or norm.',
  };
}
