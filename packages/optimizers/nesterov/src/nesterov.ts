import { Optimizer, zerosLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { nesterovOptionSpecs, type NesterovOptions } from './nesterov-options.js';

/** What Nesterov keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface NesterovState {
  [key: string]: FloatArray | number;
  step: number;
  momentumBuffer: FloatArray;
}

/**
 * Nesterov momentum, as `torch.optim.SGD(momentum=μ, nesterov=True)` (Sutskever et al. 2013):
 *
 *   g ← ∇f(θ) + λθ
 *   b ← g on the first step, then b ← μb + g
 *   θ ← θ − η(g + μb)
 *
 * The book's equation 11.6 (v ← μv − η∇f(x + μv); x ← x + v) evaluates the gradient at the look-ahead point
 * x + μv. PyTorch stores that look-ahead point itself: θ = x + μv, so the gradient the caller computes at θ is the
 * book's ∇f(x + μv). For a constant η the stored θ after each step equals the book's x + μv (with v = −ηb).
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Nesterov([w], { lr: 0.01, momentum: 0.9 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Nesterov extends Optimizer<NesterovOptions, NesterovState> {
  constructor(params: ParamsInput<NesterovOptions>, options?: Partial<NesterovOptions>) {
    super({ id: 'nesterov', name: 'Nesterov', optionSpecs: nesterovOptionSpecs }, params, options);
  }

  protected initState(param: FloatArray): NesterovState {
    return { step: 0, momentumBuffer: zerosLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: NesterovState, o: NesterovOptions, lr: number): void {
    const { momentum, weightDecay } = o;
    const b = state.momentumBuffer;
    // Stryker disable next-line ConditionalExpression: equivalent (at step 0 the buffer is initState's zeros, so μ·0 = 0·0)
    const keep = state.step === 0 ? 0 : momentum;
    state.step++;
    const n = param.length;
    // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
    for (let i = 0; i < n; i++) {
      const g = (grad[i] as number) + weightDecay * (param[i] as number);
      const bi = (b[i] = keep * (b[i] as number) + g);
      param[i] = (param[i] as number) - lr * (g + momentum * bi);
    }
  }
}
