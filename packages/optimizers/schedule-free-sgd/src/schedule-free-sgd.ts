import { Optimizer, stateLike, type FloatArray, type Parameter, type ParamsInput } from '@descent/optim';
import { scheduleFreeSgdOptionSpecs, validateScheduleFreeSgd, type ScheduleFreeSgdOptions } from './schedule-free-sgd-options.js';

export interface ScheduleFreeSgdState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter. */
  step: number;
  /** z: the sequence the plain gradient steps move. */
  z: FloatArray;
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
 * Schedule-Free SGD (Defazio et al. 2024, "The Road Less Scheduled"), exactly as `optax.contrib.schedule_free_sgd`
 * (optax commit 2edbcbe2390d). Plain gradient steps move a sequence z; the parameters hold y, where gradients are
 * taken; x, the running average of z, is what one evaluates. The interpolation replaces momentum:
 *
 *   z ← z − η_k (g + λy)
 *   x ← (1 − c)x + cz,  c = w_t / Σw,  w_t = (max η so far)^p
 *   y ← βx + (1 − β)z
 *
 * x is not stored: it is recovered as (y − (1 − β)z_old)/β, as optax does. There is no learning-rate decay to
 * schedule; only a linear warmup (`warmupSteps`). `eval()` puts x into the parameters (for evaluation; `step()`
 * refuses), `train()` puts y back exactly; `Network.evaluate` of @descent/nn does both around its evaluation.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new ScheduleFreeSgd([w], { lr: 0.1, warmupSteps: 10 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 * opt.eval(); // w.data now holds x, the point to evaluate
 * opt.train(); // and y again, to keep training
 */
export class ScheduleFreeSgd extends Optimizer<ScheduleFreeSgdOptions, ScheduleFreeSgdState> {
  mode: 'train' | 'eval' = 'train';
  /** y of every parameter while in eval mode, so train() restores it bit for bit. */
  private readonly savedY = new Map<Parameter, FloatArray>();

  constructor(params: ParamsInput<ScheduleFreeSgdOptions>, options?: Partial<ScheduleFreeSgdOptions>) {
    super(
      { id: 'schedule-free-sgd', name: 'Schedule-Free SGD', optionSpecs: scheduleFreeSgdOptionSpecs, validate: validateScheduleFreeSgd },
      params,
      options,
    );
  }

  override step(closure?: () => number): number | undefined {
    if (this.mode === 'eval') throw new Error('Schedule-Free SGD.step() in eval mode: call train() first');
    return super.step(closure);
  }

  /** Writes x = (y − (1 − β)z)/β into every parameter that has taken a step. */
  eval(): void {
    if (this.mode === 'eval') return;
    for (const group of this.paramGroups) {
      const b1 = group.options.momentum;
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

  protected initState(param: FloatArray): ScheduleFreeSgdState {
    const z = stateLike(param);
    z.set(param);
    return { step: 0, z, weightSum: 0, maxLr: 0 };
  }

  protected updateParameter(y: FloatArray, grad: FloatArray, state: ScheduleFreeSgdState, o: ScheduleFreeSgdOptions, lr: number): void {
    // JAX rounds every float32 operation, scalars included; a float32 parameter is computed the same way here, so its
    // trajectory is optax's in float32, not a float64 one rounded at each store. For float64, r is the identity.
    const r = y instanceof Float32Array ? Math.fround : identity;
    const { zLr, weightLr } = warmupLearningRates(lr, o.warmupSteps, state.step);
    state.maxLr = Math.max(state.maxLr, r(weightLr));
    const { c, weightSum } = averagingWeight(state.maxLr, o.weightLrPower, state.weightSum, r);
    state.weightSum = weightSum;
    state.step++;
    const beta = r(o.momentum);
    const oneMinusBeta = r(1 - o.momentum);
    const weightDecay = r(o.weightDecay);
    const factor = r(-zLr);
    const keep = r(1 - c);
    const { z } = state;
    for (let i = 0; i < y.length; i++) {
      const g = grad[i] as number;
      const yi = y[i] as number;
      const zOld = z[i] as number;
      const u = r(g + r(weightDecay * yi));
      z[i] = r(zOld + r(u * factor));
      const zNew = z[i] as number;
      const x = r(r(r(keep * r(r(yi - r(oneMinusBeta * zOld)) / beta))) + r(c * zNew));
      // optax returns the update newY − y, which apply_updates adds to y.
      y[i] = r(yi + r(r(r(beta * x) + r(oneMinusBeta * zNew)) - yi));
    }
  }
}

function identity(x: number): number {
  return x;
}
