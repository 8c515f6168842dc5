import {
  roundingFor,
  ScheduleFreeOptimizer,
  stateLike,
  withWeightDecayMask,
  type WeightDecayMask,
  type FloatArray,
  type Parameter,
  type ParamsInput,
  type ScheduleFreeState,
  type WeightDecayMaskOptions,
} from '@descent/optim';
import { scheduleFreeAdamWOptionSpecs, validateScheduleFreeAdamW, type ScheduleFreeAdamWOptions } from './schedule-free-adamw-options.js';

/** What Schedule-Free AdamW keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface ScheduleFreeAdamWState extends ScheduleFreeState {
  /** v: the running mean of squared gradients, with decay β₂. */
  expAvgSq: FloatArray;
}

/**
 * Schedule-Free AdamW (Defazio et al. 2024, "The Road Less Scheduled"), exactly as
 * `optax.contrib.schedule_free_adamw` (optax commit 2edbcbe2390d). Adam without momentum moves a sequence z; the
 * parameters hold y, where gradients are taken; x, the running average of z, is what one evaluates:
 *
 *   v ← β₂v + (1 − β₂)g²,  v̂ = v / (1 − β₂ᵗ)
 *   z ← z − η_k (g / (√v̂ + ε) + λy)
 *   x ← (1 − c)x + cz,  c = w_t / Σw,  w_t = (max η so far)^p
 *   y ← β₁x + (1 − β₁)z
 *
 * x is not stored: it is recovered as (y − (1 − β₁)z_old)/β₁, as optax does. The wrapper (z, the average's
 * weights, eval/train) is ScheduleFreeOptimizer from @descent/optim. There is no learning-rate decay to
 * schedule; only a linear warmup (`warmupSteps`). `eval()` puts x into the parameters (for evaluation; `step()`
 * refuses), `train()` puts y back exactly; `Network.evaluate` of @descent/nn does both around its evaluation.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new ScheduleFreeAdamW([w], { lr: 0.01, warmupSteps: 10 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 * opt.eval(); // w.data now holds x, the point to evaluate
 * opt.train(); // and y again, to keep training
 */
export class ScheduleFreeAdamW extends ScheduleFreeOptimizer<ScheduleFreeAdamWOptions, ScheduleFreeAdamWState> {
  private readonly decayMask: WeightDecayMask;

  /** `weightDecayMask`: which parameters decay, `(name, shape) => boolean` (default all; see WeightDecayMaskOptions). */
  constructor(params: ParamsInput<ScheduleFreeAdamWOptions>, options?: Partial<ScheduleFreeAdamWOptions> & WeightDecayMaskOptions) {
    const masked = withWeightDecayMask(
      { id: 'schedule-free-adamw', name: 'Schedule-Free AdamW', optionSpecs: scheduleFreeAdamWOptionSpecs, validate: validateScheduleFreeAdamW },
      options,
    );
    super(masked.definition, params, masked.options);
    this.decayMask = masked.mask;
  }

  protected interpolation(options: ScheduleFreeAdamWOptions): number {
    return options.beta1;
  }

  protected initState(param: FloatArray): ScheduleFreeAdamWState {
    return { ...this.scheduleFreeState(param), expAvgSq: stateLike(param) };
  }

  protected updateParameter(
    y: FloatArray,
    grad: FloatArray,
    state: ScheduleFreeAdamWState,
    o: ScheduleFreeAdamWOptions,
    lr: number,
    parameter: Parameter,
  ): void {
    // A float32 parameter is computed as JAX computes float32: every operation rounded (r), scalars included.
    const r = roundingFor(y);
    const { zLr, c } = this.beginStep(state, o, lr, r);
    const beta1 = r(o.beta1);
    const oneMinusBeta1 = r(1 - o.beta1);
    const beta2 = r(o.beta2);
    const oneMinusBeta2 = r(1 - o.beta2);
    const biasCorrection2 = r(1 - o.beta2 ** state.step);
    const eps = r(o.eps);
    const weightDecay = r(this.decayMask.decayOf(parameter, o.weightDecay, o.noDecayBias));
    const factor = r(-zLr);
    const keep = r(1 - c);
    const { z, expAvgSq: v } = state;
    for (let i = 0; i < y.length; i++) {
      const g = grad[i] as number;
      const yi = y[i] as number;
      const zOld = z[i] as number;
      v[i] = r(r(oneMinusBeta2 * r(g * g)) + r(beta2 * (v[i] as number)));
      const u = r(r(g * r(1 / r(r(Math.sqrt(r((v[i] as number) / biasCorrection2))) + eps))) + r(weightDecay * yi));
      z[i] = r(zOld + r(u * factor));
      const zNew = z[i] as number;
      const x = r(r(r(keep * r(r(yi - r(oneMinusBeta1 * zOld)) / beta1))) + r(c * zNew));
      // optax returns the update newY − y, which apply_updates adds to y.
      y[i] = r(yi + r(r(r(beta1 * x) + r(oneMinusBeta1 * zNew)) - yi));
    }
  }
}
