import { Optimizer, stateLike, type FloatArray, type Parameter, type ParamsInput } from '@descent/optim';
import { scheduleFreeAdamWOptionSpecs, validateScheduleFreeAdamW, type ScheduleFreeAdamWOptions } from './schedule-free-adamw-options.js';

export interface ScheduleFreeAdamWState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter. */
  step: number;
  /** z: the sequence the Adam-without-momentum steps move. */
  z: FloatArray;
  /** v: the running mean of squared gradients, with decay β₂. */
  expAvgSq: FloatArray;
  /** Σ of the average's weights so far. */
  weightSum: number;
  /** The largest learning rate so far (warmup makes it grow). */
  maxLr: number;
}

/**
 * The learning rates of step `k` (0 for the first) under optax's warmup_constant_schedule(0, lr, W), which
 * schedule_free_adamw reads at two counts: the z step at the inner optimizer's count k, the average's weight at the
 * wrapper's step_count k + 1. So the very first z step of a warmup is 0 (the authors' code uses (k + 1)/W for both).
 */
export function warmupLearningRates(lr: number, warmupSteps: number, k: number): { zLr: number; weightLr: number } {
  const ramp = (count: number) => (count >= warmupSteps ? lr : (lr * count) / warmupSteps);
  return { zLr: ramp(k), weightLr: ramp(k + 1) };
}

/**
 * The weight c of the new z in the running average x ← (1 − c)x + cz: w / (Σw + w) with w = maxLr^power, and 0
 * where that is 0/0 (a learning rate of 0 so far), as optax's nan_to_num. `round` is Math.fround for float32 state.
 */
export function averagingWeight(
  maxLr: number,
  power: number,
  weightSum: number,
  round: (x: number) => number = identity,
): { c: number; weightSum: number } {
  const weight = round(maxLr ** power);
  const total = round(weightSum + weight);
  if (Number.isNaN(weight) || Number.isNaN(total)) return { c: Number.NaN, weightSum: total };
  const c = round(weight / total);
  return { c: Number.isNaN(c) ? 0 : c, weightSum: total };
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
 * x is not stored: it is recovered as (y − (1 − β₁)z_old)/β₁, as optax does. There is no learning-rate decay to
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
export class ScheduleFreeAdamW extends Optimizer<ScheduleFreeAdamWOptions, ScheduleFreeAdamWState> {
  mode: 'train' | 'eval' = 'train';
  /** y of every parameter while in eval mode, so train() restores it bit for bit. */
  private readonly savedY = new Map<Parameter, FloatArray>();

  constructor(params: ParamsInput<ScheduleFreeAdamWOptions>, options?: Partial<ScheduleFreeAdamWOptions>) {
    super(
      { id: 'schedule-free-adamw', name: 'Schedule-Free AdamW', optionSpecs: scheduleFreeAdamWOptionSpecs, validate: validateScheduleFreeAdamW },
      params,
      options,
    );
  }

  override step(closure?: () => number): number | undefined {
    if (this.mode === 'eval') throw new Error('Schedule-Free AdamW.step() in eval mode: call train() first');
    return super.step(closure);
  }

  /** Writes x = (y − (1 − β₁)z)/β₁ into every parameter that has taken a step. */
  eval(): void {
    if (this.mode === 'eval') return;
    for (const group of this.paramGroups) {
      const b1 = group.options.beta1;
      for (const p of group.params) {
        const s = this.state.get(p);
        if (s === undefined) continue; // no step yet: x = y = z
        const y = this.savedY.get(p) ?? stateLike(p.data);
        y.set(p.data);
        this.savedY.set(p, y);
        const { data } = p;
        for (let i = 0; i < data.length; i++) data[i] = ((y[i] as number) - (1 - b1) * (s.z[i] as number)) / b1;
      }
    }
    this.mode = 'eval';
  }

  /** Puts back the y each parameter held before eval(). */
  train(): void {
    if (this.mode === 'train') return;
    for (const [p, y] of this.savedY) p.data.set(y);
    this.mode = 'train';
  }

  protected initState(param: FloatArray): ScheduleFreeAdamWState {
    const z = stateLike(param);
    z.set(param);
    return { step: 0, z, expAvgSq: stateLike(param), weightSum: 0, maxLr: 0 };
  }

  protected updateParameter(y: FloatArray, grad: FloatArray, state: ScheduleFreeAdamWState, o: ScheduleFreeAdamWOptions, lr: number): void {
    // JAX rounds every float32 operation, scalars included; a float32 parameter is computed the same way here, so its
    // trajectory is optax's in float32, not a float64 one rounded at each store. For float64, r is the identity.
    const r = y instanceof Float32Array ? Math.fround : identity;
    const { zLr, weightLr } = warmupLearningRates(lr, o.warmupSteps, state.step);
    state.maxLr = Math.max(state.maxLr, r(weightLr));
    const { c, weightSum } = averagingWeight(state.maxLr, o.weightLrPower, state.weightSum, r);
    state.weightSum = weightSum;
    state.step++;
    const beta1 = r(o.beta1);
    const oneMinusBeta1 = r(1 - o.beta1);
    const beta2 = r(o.beta2);
    const oneMinusBeta2 = r(1 - o.beta2);
    const biasCorrection2 = r(1 - o.beta2 ** state.step);
    const eps = r(o.eps);
    const weightDecay = r(o.weightDecay);
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

function identity(x: number): number {
  return x;
}
