import { roundingFor, ScheduleFreeOptimizer, type FloatArray, type ParamsInput, type ScheduleFreeState } from '@descent/optim';
import { scheduleFreeSgdOptionSpecs, validateScheduleFreeSgd, type ScheduleFreeSgdOptions } from './schedule-free-sgd-options.js';

/** Schedule-Free SGD's state: the wrapper's (z and the average's weights) and nothing else. */
export type ScheduleFreeSgdState = ScheduleFreeState;

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
export class ScheduleFreeSgd extends ScheduleFreeOptimizer<ScheduleFreeSgdOptions, ScheduleFreeSgdState> {
  constructor(params: ParamsInput<ScheduleFreeSgdOptions>, options?: Partial<ScheduleFreeSgdOptions>) {
    super(
      { id: 'schedule-free-sgd', name: 'Schedule-Free SGD', optionSpecs: scheduleFreeSgdOptionSpecs, validate: validateScheduleFreeSgd },
      params,
      options,
    );
  }

  protected interpolation(options: ScheduleFreeSgdOptions): number {
    return options.momentum;
  }

  protected initState(param: FloatArray): ScheduleFreeSgdState {
    return this.scheduleFreeState(param);
  }

  protected updateParameter(y: FloatArray, grad: FloatArray, state: ScheduleFreeSgdState, o: ScheduleFreeSgdOptions, lr: number): void {
    // A float32 parameter is computed as JAX computes float32: every operation rounded (r), scalars included.
    const r = roundingFor(y);
    const { zLr, c } = this.beginStep(state, o, lr, r);
    const beta = r(o.momentum);
    const oneMinusBeta = r(1 - o.momentum);
    const weightDecay = r(o.weightDecay);
    const factor = r(-zLr);
    const keep = r(1 - c);
    const { z } = state;
    // Stryker disable next-line EqualityOperator: equivalent (i <= y.length reads and writes index y.length of typed arrays: a no-op)
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
