import {
  Optimizer,
  ParameterMask,
  stateLike,
  withWeightDecayMask,
  type WeightDecayMask,
  type FloatArray,
  type Parameter,
  type ParameterPredicate,
  type ParamsInput,
  type WeightDecayMaskOptions,
} from '@descent/optim';
import { larsOptionSpecs, type LarsOptions } from './lars-options.js';

/** LARS's two masks, optax's `weight_decay_mask` and `trust_ratio_mask`, as predicates over named parameters. */
export interface LarsMaskOptions extends WeightDecayMaskOptions {
  /** Which parameters have their update scaled by the trust ratio, `(name, shape) => boolean`. Default: all (optax). */
  trustRatioMask?: ParameterPredicate;
}

/** What LARS keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface LarsState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter. */
  step: number;
  /** The momentum trace of steps, already scaled by −η and the trust ratio. */
  trace: FloatArray;
}

/**
 * LARS (You, Gitman & Ginsburg 2017), exactly as `optax.lars` (optax commit 2edbcbe2390d): SGD with momentum whose
 * step for each parameter tensor is scaled by a trust ratio, so every layer moves by about c·η·‖θ‖:
 *
 *   u = g + λθ
 *   s = −η · (c‖θ‖ / (‖u‖ + ε)) · u        (ratio 1 when ‖θ‖ or ‖u‖ is 0)
 *   b ← s + μb
 *   θ ← θ + b        (with nesterov: θ ← θ + s + μb)
 *
 * As in optax, η enters before the momentum trace (a schedule's change of η takes effect gradually), and the norms are
 * over one parameter (one tensor, optax's per-leaf scale_by_trust_ratio).
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Lars([w], { lr: 1 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Lars extends Optimizer<LarsOptions, LarsState> {
  /**
   * `weightDecayMask`: which parameters decay; `trustRatioMask`: which parameters have their update scaled by the trust
   * ratio (the others take u = g + λθ as it is). Both `(name, shape) => boolean`, default all, as optax.lars.
   */
  constructor(params: ParamsInput<LarsOptions>, options?: Partial<LarsOptions> & LarsMaskOptions) {
    const { trustRatioMask, ...rest } = options ?? {};
    const masked = withWeightDecayMask({ id: 'lars', name: 'LARS', optionSpecs: larsOptionSpecs }, rest);
    super(masked.definition, params, masked.options);
    this.decayMask = masked.mask;
    this.trustRatioMask = new ParameterMask(trustRatioMask, 'LARS', 'trustRatioMask');
  }

  private readonly decayMask: WeightDecayMask;
  private readonly trustRatioMask: ParameterMask;

  protected initState(param: FloatArray): LarsState {
    return { step: 0, trace: stateLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: LarsState, o: LarsOptions, lr: number, parameter: Parameter): void {
    state.step++;
    const { trustCoefficient, eps, momentum, nesterov } = o;
    const weightDecay = this.decayMask.decayOf(parameter, o.weightDecay, o.noDecayBias);
    const b = state.trace;
    const n = param.length;
    let paramSquares = 0;
    let updateSquares = 0;
    for (let i = 0; i < n; i++) {
      const theta = param[i] as number;
      const u = (grad[i] as number) + weightDecay * theta;
      paramSquares += theta * theta;
      updateSquares += u * u;
    }
    // optax.lars wraps scale_by_trust_ratio in masked(trust_ratio_mask): a parameter left out keeps u unscaled.
    const scaled = this.trustRatioMask.includes(parameter);
    const trustRatio =
      !scaled || paramSquares === 0 || updateSquares === 0
        ? 1
        : (trustCoefficient * Math.sqrt(paramSquares)) / (Math.sqrt(updateSquares) + eps);
    for (let i = 0; i < n; i++) {
      const theta = param[i] as number;
      const s = -lr * (((grad[i] as number) + weightDecay * theta) * trustRatio);
      const bi = (b[i] = s + momentum * (b[i] as number));
      param[i] = theta + (nesterov ? s + momentum * bi : bi);
    }
  }
}
