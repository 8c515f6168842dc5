import { Optimizer, zerosLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { adadeltaOptionSpecs, type AdadeltaOptions } from './adadelta-options.js';

/** What Adadelta keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface AdadeltaState {
  [key: string]: FloatArray | number;
  step: number;
  /** E[g²]: running mean of squared gradients. */
  squareAvg: FloatArray;
  /** E[Δθ²]: running mean of squared updates. */
  accDelta: FloatArray;
}

/**
 * Adadelta (Zeiler 2012), as `torch.optim.Adadelta`:
 *
 *   g ← ∇f(θ) + λθ
 *   E[g²] ← ρE[g²] + (1 − ρ)g²
 *   Δ ← √(E[Δθ²] + ε) / √(E[g²] + ε) · g
 *   E[Δθ²] ← ρE[Δθ²] + (1 − ρ)Δ²
 *   θ ← θ − ηΔ
 *
 * The ratio of the two RMS values replaces the learning rate and gives the update the units of θ.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Adadelta([w], { lr: 1, rho: 0.9 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  constructor(params: ParamsInput<AdadeltaOptions>, options?: Partial<AdadeltaOptions>) {
    super({ id: 'adadelta', name: 'Adadelta', optionSpecs: adadeltaOptionSpecs }, params, options);
  }

  protected initState(param: FloatArray): AdadeltaState {
    return { step: 0, squareAvg: zerosLike(param), accDelta: zerosLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: AdadeltaState, o: AdadeltaOptions, lr: number): void {
    const { rho, eps, weightDecay } = o;
    state.step++;
    const sq = state.squareAvg;
    const acc = state.accDelta;
    const oneMinusRho = 1 - rho;
    const n = param.length;
    // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
    for (let i = 0; i < n; i++) {
      const g = (grad[i] as number) + weightDecay * (param[i] as number);
      const s = (sq[i] = rho * (sq[i] as number) + oneMinusRho * g * g);
      const delta = (Math.sqrt((acc[i] as number) + eps) / Math.sqrt(s + eps)) * g;
      acc[i] = rho * (acc[i] as number) + oneMinusRho * delta * delta;
      param[i] = (param[i] as number) - lr * delta;
    }
  }
}
