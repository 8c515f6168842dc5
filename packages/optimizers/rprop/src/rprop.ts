import { Optimizer, zerosLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { rpropOptionSpecs, validateRpropOptions, type RpropOptions } from './rprop-options.js';

/** What Rprop keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export type RpropState = {
  step: number;
  /** The gradient of the previous step, or 0 where its sign flipped (PyTorch `prev`). */
  prev: FloatArray;
  /** Each weight's own step size Δ (PyTorch `step_size`). */
  stepSize: FloatArray;
};

/**
 * Resilient backpropagation (Riedmiller and Braun 1993), `torch.optim.Rprop` (1.13): each weight has its own step size
 * Δᵢ, which only the sign of the gradient moves. Where gᵢ·prevᵢ > 0, Δᵢ ← min(η₊Δᵢ, Γ_max); where gᵢ·prevᵢ < 0,
 * Δᵢ ← max(η₋Δᵢ, Γ_min) and gᵢ is taken as 0 (no step, and no sign comparison on the next step); then
 * θᵢ ← θᵢ − Δᵢ·sign(gᵢ) and prevᵢ ← gᵢ. Every Δᵢ starts at the learning rate, which is read on the parameter's first
 * step and never again (as in PyTorch; a schedule has no effect after that step). The magnitude of the gradient never
 * enters, so Rprop suits full-batch training; on minibatches the signs are noisy.
 *
 * @example
 * const w = parameter(new Float64Array([3]));
 * const opt = new Rprop([w], { lr: 0.1 });
 * for (let i = 0; i < 40; i++) { w.grad[0] = 2 * w.data[0]; opt.step(); } // w.data[0] ≈ 0
 */
export class Rprop extends Optimizer<RpropOptions, RpropState> {
  constructor(params: ParamsInput<RpropOptions>, options?: Partial<RpropOptions>) {
    super({ id: 'rprop', name: 'Rprop', optionSpecs: rpropOptionSpecs, validate: validateRpropOptions }, params, options);
  }

  protected initState(param: FloatArray): RpropState {
    // The step sizes are filled with the learning rate in the first update, where the resolved rate is known.
    return { step: 0, prev: zerosLike(param), stepSize: zerosLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: RpropState, o: RpropOptions, lr: number): void {
    const { prev, stepSize } = state;
    if (state.step === 0) stepSize.fill(lr);
    state.step++;
    const { stepSizeMin, stepSizeMax } = o;
    // PyTorch writes η₊ and η₋ into a tensor of the parameter's type before multiplying: in float32 they are rounded.
    const float32 = param instanceof Float32Array;
    const etaPlus = float32 ? Math.fround(o.etaPlus) : o.etaPlus;
    const etaMinus = float32 ? Math.fround(o.etaMinus) : o.etaMinus;
    const n = param.length;
    // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
    for (let i = 0; i < n; i++) {
      const g = grad[i] as number;
      const agreement = g * (prev[i] as number);
      // PyTorch multiplies by η₊, η₋ or 1 by the sign of g·prev, then clamps: Γ_min first, then Γ_max.
      const factor = agreement > 0 ? etaPlus : agreement < 0 ? etaMinus : 1;
      stepSize[i] = (stepSize[i] as number) * factor;
      const delta = Math.min(Math.max(stepSize[i] as number, stepSizeMin), stepSizeMax);
      stepSize[i] = delta;
      // After a sign change the gradient counts as 0: no step now, and the next step compares against 0.
      const used = agreement < 0 ? 0 : g;
      param[i] = (param[i] as number) - Math.sign(used) * (stepSize[i] as number);
      prev[i] = used;
    }
  }
}
