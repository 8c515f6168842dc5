import { InvalidParamsError, Optimizer, zerosLike, type FloatArray, type Parameter, type ParamsInput } from '@descent/optim';
import { asgdOptionSpecs, type AsgdOptions } from './asgd-options.js';

/** What ASGD keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export type AsgdState = {
  step: number;
  /** The step size of the next step (PyTorch `eta`, a float32 number). */
  eta: number;
  /** The averaging weight of the next step (PyTorch `mu`, a float32 number). */
  mu: number;
  /** The averaged parameters (PyTorch `ax`). */
  ax: FloatArray;
};

/**
 * Averaged stochastic gradient descent (Polyak and Juditsky 1992), `torch.optim.ASGD` (1.13). Each step:
 * θ ← θ(1 − λη) − η(g + λ_wd θ); then the average ax ← θ while μ = 1, ax ← ax + μ(θ − ax) afterwards; then
 * η ← η₀ / (1 + λη₀t)^α and μ ← 1 / max(1, t − t₀) for the next step. So from step t₀ + 2 on, `ax` is the mean of
 * the parameters since then: read it with `averaged(param)` (it is also in the state dict, as `ax`).
 *
 * PyTorch 1.13 holds η and μ in float32 tensors whatever the parameters' type, so they are rounded to float32 here
 * too (`Math.fround`), which is what makes float64 runs agree with it to 1e-9. For float32 parameters every operation
 * rounds to float32 in PyTorch's order.
 *
 * @example
 * const w = parameter(new Float64Array([2]));
 * const opt = new Asgd([w], { lr: 0.1, t0: 50 });
 * for (let i = 0; i < 200; i++) { w.grad[0] = w.data[0] + Math.sin(i); opt.step(); }
 * opt.averaged(w); // the mean of w over the steps since step 52: smoother than w itself
 */
export class Asgd extends Optimizer<AsgdOptions, AsgdState> {
  constructor(params: ParamsInput<AsgdOptions>, options?: Partial<AsgdOptions>) {
    super({ id: 'asgd', name: 'ASGD', optionSpecs: asgdOptionSpecs }, params, options);
  }

  /**
   * The averaged parameters of `param` (PyTorch's `state[param]['ax']`): the optimizer's own array, updated in place
   * by every step, so copy it to keep a snapshot. Undefined before the parameter's first step.
   */
  averaged(param: Parameter): FloatArray | undefined {
    if (!this.paramGroups.some((group) => group.params.includes(param))) {
      throw new InvalidParamsError('ASGD.averaged: the parameter is not one of this optimizer’s parameters');
    }
    return this.state.get(param)?.ax;
  }

  protected initState(param: FloatArray): AsgdState {
    // η is set from the learning rate in the first update, where the resolved rate is known.
    return { step: 0, eta: 0, mu: 1, ax: zerosLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: AsgdState, o: AsgdOptions, lr: number): void {
    if (state.step === 0) state.eta = Math.fround(lr);
    state.step++;
    const { lambd, alpha, t0, weightDecay } = o;
    const { eta, mu, ax } = state;
    const n = param.length;
    if (param instanceof Float32Array) {
      // PyTorch rounds every intermediate tensor to float32 and casts its scalars to float32. (A loop of its own rather
      // than a rounding function in a variable, whose calls would box every number.)
      const decay = Math.fround(1 - lambd * eta);
      const wd = Math.fround(weightDecay);
      // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
      for (let i = 0; i < n; i++) {
        const g = weightDecay === 0 ? (grad[i] as number) : Math.fround((grad[i] as number) + wd * (param[i] as number));
        param[i] = (param[i] as number) * decay;
        param[i] = (param[i] as number) - eta * g;
        if (mu !== 1) ax[i] = (ax[i] as number) + Math.fround(Math.fround((param[i] as number) - (ax[i] as number)) * mu);
        else ax[i] = param[i] as number;
      }
    } else {
      const decay = 1 - lambd * eta;
      // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
      for (let i = 0; i < n; i++) {
        const g = weightDecay === 0 ? (grad[i] as number) : (grad[i] as number) + weightDecay * (param[i] as number);
        param[i] = (param[i] as number) * decay - eta * g;
        if (mu !== 1) ax[i] = (ax[i] as number) + ((param[i] as number) - (ax[i] as number)) * mu;
        else ax[i] = param[i] as number;
      }
    }
    const step = state.step;
    state.eta = Math.fround(lr / Math.pow(1 + lambd * lr * step, alpha));
    state.mu = Math.fround(1 / Math.max(1, step - t0));
  }
}
