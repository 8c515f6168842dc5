import { Optimizer, stateLike, withWeightDecayMask, type FloatArray, type Parameter, type ParamsInput, type WeightDecayMask, type WeightDecayMaskOptions } from '@descent/optim';
import { lambOptionSpecs, type LambOptions } from './lamb-options.js';

/** What LAMB keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface LambState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter (t in the bias corrections). */
  step: number;
  /** m: running mean of gradients. */
  expAvg: FloatArray;
  /** v: running mean of squared gradients. */
  expAvgSq: FloatArray;
}

/**
 * LAMB (You et al. 2020), exactly as `optax.lamb` (optax commit 2edbcbe2390d): Adam's direction plus decoupled weight
 * decay, rescaled for each parameter tensor so that its step is η times the tensor's norm:
 *
 *   m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²
 *   r = m̂ / (√(v̂ + ε_root) + ε) + λθ,   m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − η·(‖θ‖ / ‖r‖)·r        (the ratio is 1 when either norm is 0)
 *
 * The norms are over one parameter (one tensor, as optax's per-leaf scale_by_trust_ratio), so each layer's weight
 * and bias get their own ratio. Two passes over the parameter: the first updates m, v and the norms, the second
 * recomputes r from them and steps, so no scratch array is needed.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Lamb([w], { lr: 0.01 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Lamb extends Optimizer<LambOptions, LambState> {
  /** `weightDecayMask`: which parameters decay, `(name, shape) => boolean` (optax's mask; default all). */
  constructor(params: ParamsInput<LambOptions>, options?: Partial<LambOptions> & WeightDecayMaskOptions) {
    const masked = withWeightDecayMask({ id: 'lamb', name: 'LAMB', optionSpecs: lambOptionSpecs }, options);
    super(masked.definition, params, masked.options);
    this.decayMask = masked.mask;
  }

  private readonly decayMask: WeightDecayMask;

  protected initState(param: FloatArray): LambState {
    return { step: 0, expAvg: stateLike(param), expAvgSq: stateLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: LambState, o: LambOptions, lr: number, parameter: Parameter): void {
    const t = ++state.step;
    const { beta1, beta2, eps, epsRoot } = o;
    const weightDecay = this.decayMask.decayOf(parameter, o.weightDecay, o.noDecayBias);
    const m = state.expAvg;
    const v = state.expAvgSq;
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const biasCorrection1 = 1 - beta1 ** t;
    const biasCorrection2 = 1 - beta2 ** t;
    const n = param.length;
    const direction = (i: number): number =>
      (m[i] as number) / biasCorrection1 / (Math.sqrt((v[i] as number) / biasCorrection2 + epsRoot) + eps) + weightDecay * (param[i] as number);
    let paramSquares = 0;
    let directionSquares = 0;
    for (let i = 0; i < n; i++) {
      const g = grad[i] as number;
      m[i] = oneMinusBeta1 * g + beta1 * (m[i] as number);
      v[i] = oneMinusBeta2 * g * g + beta2 * (v[i] as number);
      const r = direction(i);
      paramSquares += (param[i] as number) ** 2;
      directionSquares += r * r;
    }
    const trustRatio = paramSquares === 0 || directionSquares === 0 ? 1 : Math.sqrt(paramSquares) / Math.sqrt(directionSquares);
    for (let i = 0; i < n; i++) param[i] = (param[i] as number) - lr * (direction(i) * trustRatio);
  }
}
