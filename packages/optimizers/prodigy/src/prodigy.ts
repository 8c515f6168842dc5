import {
  InvalidParamsError,
  Optimizer,
  stateLike,
  withWeightDecayMask,
  type WeightDecayMask,
  type FloatArray,
  type Parameter,
  type ParamsInput,
  type WeightDecayMaskOptions,
} from '@descent/optim';
import { prodigyOptionSpecs, type ProdigyOptions } from './prodigy-options.js';

/** What Prodigy keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface ProdigyState {
  [key: string]: FloatArray | number;
  /** Steps taken. */
  step: number;
  /** m: Adam's first moment of d·g. */
  expAvg: FloatArray;
  /** v: Adam's second moment of d·g. */
  expAvgSq: FloatArray;
  /** s: the decayed sum of d-weighted gradients, whose ℓ₁ norm is the estimate's denominator. */
  gradSum: FloatArray;
  /** θ₀: the parameter where training started (the estimate measures the distance travelled from it). */
  params0: FloatArray;
  /** d, the estimated step size, shared by the parameter group (the same in every parameter's state). */
  estimLr: number;
  /** The estimate's decayed numerator, shared by the group. */
  numeratorWeighted: number;
}

/**
 * Prodigy (Mishchenko & Defazio 2023), exactly as `optax.contrib.prodigy` (optax commit 2edbcbe2390d): Adam whose step
 * size d is estimated on the fly from how far the parameters have moved against the gradients, so η stays 1:
 *
 *   d̂ = ηd·√(1 − β₂ᵗ)/(1 − β₁ᵗ)
 *   m ← β₁m + (1 − β₁)d·g,   v ← β₂v + (1 − β₂)d²g²
 *   s ← β₃s + d̂·d·g/d₀,   r ← β₃r + (d/d₀)·d̂·⟨g, θ₀ − θ⟩
 *   d ← max(d, c·r/‖s‖₁)
 *   θ ← θ − d̂·m/(√v + dε) − d̂λθ
 *
 * The sums run over every parameter of a group (optax: over all parameters), so one step first updates every
 * moment, then d, then moves the parameters.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Prodigy([w]); // no learning rate to tune
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Prodigy extends Optimizer<ProdigyOptions, ProdigyState> {
  /** `weightDecayMask`: which parameters decay, `(name, shape) => boolean` (optax's weight_decay_mask; default all). */
  constructor(params: ParamsInput<ProdigyOptions>, options?: Partial<ProdigyOptions> & WeightDecayMaskOptions) {
    const masked = withWeightDecayMask({ id: 'prodigy', name: 'Prodigy', optionSpecs: prodigyOptionSpecs }, options);
    super(masked.definition, params, masked.options);
    this.decayMask = masked.mask;
  }

  private readonly decayMask: WeightDecayMask;

  /** The group's step size d̂ of the step being taken, set by estimate() (a field, so a step allocates nothing). */
  private dlr = 0;

  /**
   * One update of every parameter with a gradient. Per group, Prodigy first re-estimates the step size d from the
   * gradients and the distance from the initial parameters, then applies the Adam-like update scaled by d; the closure,
   * if given, is called once before, and its loss returned.
   */
  override step(closure?: () => number): number | undefined {
    const loss = closure === undefined ? undefined : closure();
    const groups = this.paramGroups;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as (typeof groups)[number];
      const params = group.params;
      let first: ProdigyState | undefined;
      for (let i = 0; i < params.length; i++) {
        const p = params[i] as Parameter;
        if (p.grad === null) continue;
        if (p.grad.length !== p.data.length) {
          throw new InvalidParamsError(
            `Prodigy: gradient of parameter ${p.name === undefined ? `#${String(i)}` : `'${p.name}'`} has length ${String(p.grad.length)}, expected ${String(p.data.length)}`,
          );
        }
        const s = this.stateOf(p, group.options);
        first ??= s;
      }
      if (first === undefined) continue; // no gradients in this group
      this.estimate(params, first, group.options, this.currentLr(g));
      for (const p of params) {
        if (p.grad !== null) this.updateParameter(p.data, p.grad, this.stateOf(p, group.options), group.options, this.dlr, p);
      }
    }
    this.stepCount++;
    return loss;
  }

  protected initState(param: FloatArray, options: ProdigyOptions): ProdigyState {
    const params0 = stateLike(param);
    params0.set(param);
    return {
      step: 0,
      expAvg: stateLike(param),
      expAvgSq: stateLike(param),
      gradSum: stateLike(param),
      params0,
      estimLr: options.estimLr0,
      numeratorWeighted: 0,
    };
  }

  /** The last part of a step, once d is known: θ ← θ − d̂·m/(√v + dε) − d̂λθ. */
  protected updateParameter(param: FloatArray, _grad: FloatArray, state: ProdigyState, o: ProdigyOptions, dlr: number, parameter: Parameter): void {
    const r = roundingFor(param);
    const { expAvg: m, expAvgSq: v } = state;
    const epsD = r(state.estimLr * r(o.eps));
    const decay = r(r(this.decayMask.decayOf(parameter, o.weightDecay, o.noDecayBias)) * dlr);
    for (let i = 0; i < param.length; i++) {
      const p = param[i] as number;
      const u = r(r(r(-dlr * (m[i] as number)) / r(r(Math.sqrt(v[i] as number)) + epsD)) - r(decay * p));
      param[i] = r(p + u);
    }
  }

  private stateOf(p: Parameter, options: ProdigyOptions): ProdigyState {
    let s = this.state.get(p);
    if (s === undefined) {
      s = this.initState(p.data, options);
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * Updates every moment and sum of the group and the shared d, and sets `dlr`. Float32 parameters round every
   * operation to float32, as JAX does; the sums over parameters run in order. `maximize` flips the gradient as it is
   * read. Where ‖s‖₁ = 0 (η = 0, or only zero gradients so far) d is kept: optax's 0/0 would make it NaN.
   */
  private estimate(params: readonly Parameter[], first: ProdigyState, o: ProdigyOptions, lr: number): void {
    const r = roundingFor(first.expAvg);
    const sign = o.maximize ? -1 : 1;
    const t = first.step + 1;
    const beta3 = r(o.beta3 === 0 ? Math.sqrt(o.beta2) : o.beta3);
    const d = first.estimLr;
    const d0 = r(o.estimLr0);
    const biasCorrection = o.noBiasCorrection ? 1 : r(Math.sqrt(1 - o.beta2 ** t) / (1 - o.beta1 ** t));
    const dlr = r(r(d * r(lr)) * biasCorrection);
    const sumWeight = o.safeguardWarmup ? d : dlr;
    const beta1 = r(o.beta1);
    const oneMinusBeta1 = r(1 - o.beta1);
    const beta2 = r(o.beta2);
    const oneMinusBeta2 = r(1 - o.beta2);
    let numerator = 0;
    let denominator = 0;
    for (const p of params) {
      const grad = p.grad;
      if (grad === null) continue;
      const data = p.data;
      const { expAvg: m, expAvgSq: v, gradSum, params0 } = this.state.get(p) as ProdigyState;
      for (let i = 0; i < data.length; i++) {
        const g = sign * (grad[i] as number);
        numerator = r(numerator + r(g * r((params0[i] as number) - (data[i] as number))));
        const dg = r(d * g);
        m[i] = r(r(beta1 * (m[i] as number)) + r(oneMinusBeta1 * dg));
        v[i] = r(r(beta2 * (v[i] as number)) + r(r(oneMinusBeta2 * dg) * dg));
        gradSum[i] = r(r(beta3 * (gradSum[i] as number)) + r(r(sumWeight * dg) / d0));
        denominator = r(denominator + Math.abs(gradSum[i] as number));
      }
    }
    const numeratorWeighted = r(r(beta3 * first.numeratorWeighted) + r(r(r(d / d0) * dlr) * numerator));
    const estimLr = denominator === 0 ? d : Math.max(d, r(r(r(o.estimLrCoef) * numeratorWeighted) / denominator));
    for (const p of params) {
      if (p.grad === null) continue;
      const s = this.state.get(p) as ProdigyState;
      s.step = t;
      s.estimLr = estimLr;
      s.numeratorWeighted = numeratorWeighted;
    }
    this.dlr = dlr;
  }
}

function roundingFor(array: FloatArray): (x: number) => number {
  return array instanceof Float32Array ? Math.fround : identity;
}

function identity(x: number): number {
  return x;
}
