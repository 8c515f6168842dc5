import { Optimizer, type FloatArray, type ParamsInput } from '@descent/optim';
import { adagradOptionSpecs, type AdagradOptions } from './adagrad-options.js';

/** What Adagrad keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface AdagradState {
  [key: string]: FloatArray | number;
  step: number;
  /** Σ g² per component, from `initialAccumulatorValue`. */
  sum: FloatArray;
}

/**
 * Adagrad (Duchi, Hazan & Singer 2011), the book's equation 11.9, as `torch.optim.Adagrad`:
 *
 *   g ← ∇f(θ) + λθ
 *   s ← s + g²                                  (s₀ = initialAccumulatorValue)
 *   θ ← θ − η / (1 + (t − 1)·lrDecay) · g / (√s + ε)
 *
 * Each component gets its own effective step size, which only ever shrinks.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Adagrad([w], { lr: 0.1 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: ParamsInput<AdagradOptions>, options?: Partial<AdagradOptions>) {
    super({ id: 'adagrad', name: 'Adagrad', optionSpecs: adagradOptionSpecs }, params, options);
  }

  protected initState(param: FloatArray, options: AdagradOptions): AdagradState {
    const sum = param instanceof Float32Array ? new Float32Array(param.length) : new Float64Array(param.length);
    return { step: 0, sum: sum.fill(options.initialAccumulatorValue) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: AdagradState, o: AdagradOptions, lr: number): void {
    const t = ++state.step;
    const { weightDecay, eps } = o;
    const clr = lr / (1 + (t - 1) * o.lrDecay);
    const s = state.sum;
    const n = param.length;
    // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
    for (let i = 0; i < n; i++) {
      const g = (grad[i] as number) + weightDecay * (param[i] as number);
      const si = (s[i] = (s[i] as number) + g * g);
      param[i] = (param[i] as number) - (clr * g) / (Math.sqrt(si) + eps);
    }
  }
}
