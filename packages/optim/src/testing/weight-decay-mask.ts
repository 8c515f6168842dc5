import { describe, expect, it } from 'vitest';
import type { OptimizerV1 } from '../optimizer.js';
import type { FloatArray, Parameter, ParamsInput } from '../optimizer-types.js';
import { parameter } from '../parameter.js';
import type { ParameterPredicate } from '../parameter-mask.js';

/** How the shared weight-decay-mask tests build the optimizer under test. */
export interface WeightDecayMaskConfig {
  /** Options besides the mask, with a weight decay λ > 0 (`weightDecay`). */
  readonly options: Readonly<Record<string, unknown>>;
  /** The constructor: `(params, options) => new Lion(params, options)`; options may hold `weightDecayMask`. */
  readonly create: (params: ParamsInput<never>, options: Record<string, unknown>) => OptimizerV1;
  /**
   * Whether parameter groups are independent (every optimizer but Prodigy, whose step size d is shared by a group):
   * then a mask must give exactly what two groups give, one with λ and one with weight decay 0.
   */
  readonly independentGroups: boolean;
}

/** A weight matrix, a bias and a norm scale, named as @descent/nn names them, with fixed starting values. */
function layer(): Parameter<Float64Array>[] {
  const fill = (n: number, k: number) => Float64Array.from({ length: n }, (_, i) => Math.cos(1.3 * i + k));
  return [
    parameter(fill(6, 0), { name: '0.weight', shape: [2, 3] }),
    parameter(fill(3, 1), { name: '0.bias', shape: [3] }),
    parameter(fill(3, 2), { name: 'norm1.weight', shape: [3] }),
  ];
}

/** Steps `optimizer` on f = ½‖θ‖² + a tilt that changes each step, and returns the final values. */
function run(params: Parameter<Float64Array>[], optimizer: OptimizerV1, steps = 6): number[][] {
  for (let t = 0; t < steps; t++) {
    for (const p of params) {
      const grad = p.grad as FloatArray;
      for (let i = 0; i < p.data.length; i++) grad[i] = (p.data[i] as number) + 0.3 * Math.sin(i + 2 * t);
    }
    optimizer.step();
  }
  return params.map((p) => [...p.data]);
}

/**
 * The tests every optimizer with optax's weight-decay mask passes: the predicate sees each parameter's name and
 * shape once, a masked parameter gets no decay (the same numbers as a group with weight decay 0), `noDecayBias`
 * leaves out exactly the 1-D and bias/norm parameters, and conflicting or malformed masks are refused.
 */
export function describeWeightDecayMask(title: string, config: WeightDecayMaskConfig): void {
  const { options, create } = config;
  const decayOnly =
    (names: readonly string[]): ParameterPredicate =>
    (name) =>
      names.includes(name ?? '');

  describe(`${title}: weight decay over named parameters`, () => {
    it('asks the predicate once per parameter, with its name and shape', () => {
      const calls: [string | undefined, readonly number[]][] = [];
      const params = layer();
      const unnamed = parameter(new Float64Array(4));
      const all = [...params, unnamed];
      run(all, create(all as never, { ...options, weightDecayMask: (name: string | undefined, shape: readonly number[]) => (calls.push([name, [...shape]]), true) }));
      expect(calls).toEqual([
        ['0.weight', [2, 3]],
        ['0.bias', [3]],
        ['norm1.weight', [3]],
        [undefined, [4]],
      ]);
    });

    it('leaves a masked parameter out of the decay, and only that one', () => {
      const masked = layer();
      const decayed = run(masked, create(masked as never, { ...options, weightDecayMask: decayOnly(['0.weight', 'norm1.weight']) }));
      const plain = layer();
      const undecayed = run(plain, create(plain as never, { ...options }));
      expect(decayed[1]).not.toEqual(undecayed[1]); // the bias: without decay here, with it there
      if (config.independentGroups) {
        const grouped = layer();
        const [w, b, n] = grouped as [Parameter, Parameter, Parameter];
        const groups = [{ params: [w] }, { params: [b], weightDecay: 0 }, { params: [n] }];
        expect(run(grouped, create(groups as never, { ...options }))).toEqual(decayed);
        expect(decayed[0]).toEqual(undecayed[0]);
        expect(decayed[2]).toEqual(undecayed[2]);
      }
    });

    it('noDecayBias leaves out parameters with < 2 dimensions or a name with bias/norm, as that predicate does', () => {
      const flagged = layer();
      const byOption = run(flagged, create(flagged as never, { ...options, noDecayBias: true }));
      const masked = layer();
      expect(byOption).toEqual(run(masked, create(masked as never, { ...options, weightDecayMask: decayOnly(['0.weight']) })));
      const plain = layer();
      expect(byOption[0]).not.toEqual(run(plain, create(plain as never, { ...options, weightDecay: 0 }))[0]);
    });

    it('refuses noDecayBias beside a predicate, and a predicate that answers no boolean', () => {
      expect(() => create(layer() as never, { ...options, noDecayBias: true, weightDecayMask: () => true })).toThrow(
        /noDecayBias.*expected false when a weightDecayMask predicate is given/,
      );
      const params = layer();
      expect(() => run(params, create(params as never, { ...options, weightDecayMask: () => 'yes' }), 1)).toThrow(
        /Invalid weightDecayMask for .*yes.*expected a boolean from the predicate, for parameter 0\.weight/,
      );
    });
  });
}
