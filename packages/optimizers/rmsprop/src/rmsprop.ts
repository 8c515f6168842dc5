import { Optimizer, zerosLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { rmspropOptionSpecs, validateRmspropOptions, type RmspropOptions } from './rmsprop-options.js';

/** What RMSprop keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface RmspropState {
  [key: string]: FloatArray | number;
  step: number;
  /** m: running mean of g². */
  squareAvg: FloatArray;
}

/**
 * RMSprop (Hinton 2012), the book's equation 11.7, as `torch.optim.RMSprop`:
 *
 *   g ← ∇f(θ) + λθ
 *   m ← αm + (1 − α)g²                      (centered: also ḡ ← αḡ + (1 − α)g, and m − ḡ² below)
 *   ĝ ← g / (√m + ε)
 *   momentum 0:  θ ← θ − ηĝ
 *   momentum μ:  b ← μb + ĝ;  θ ← θ − ηb
 *   nesterov:    b ← μb + ĝ;  θ ← θ − η(ĝ + μb)      (eq. 11.8 on the look-ahead point θ = x + μv)
 *
 * ε is outside the square root, as in PyTorch (Keras puts it the same way; TensorFlow 1 put it inside).
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Rmsprop([w], { lr: 0.01, alpha: 0.99 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Rmsprop extends Optimizer<RmspropOptions, RmspropState> {
  constructor(params: ParamsInput<RmspropOptions>, options?: Partial<RmspropOptions>) {
    super({ id: 'rmsprop', name: 'RMSprop', optionSpecs: rmspropOptionSpecs, validate: validateRmspropOptions }, params, options);
  }

  protected initState(param: FloatArray): RmspropState {
    // The momentum buffer and the gradient average are made by the first step that needs them (updateParameter).
    return { step: 0, squareAvg: zerosLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: RmspropState, o: RmspropOptions, lr: number): void {
    const { alpha, eps, weightDecay, momentum, centered, nesterov } = o;
    state.step++;
    const sq = state.squareAvg;
    // Options may change between steps (a loaded state dict); create a missing buffer once.
    const avg = centered ? ((state.gradAvg as FloatArray | undefined) ?? (state.gradAvg = zerosLike(param))) : null;
    const buf = momentum > 0 ? ((state.momentumBuffer as FloatArray | undefined) ?? (state.momentumBuffer = zerosLike(param))) : null;
    const oneMinusAlpha = 1 - alpha;
    const n = param.length;
    // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
    for (let i = 0; i < n; i++) {
      const g = (grad[i] as number) + weightDecay * (param[i] as number);
      const s = (sq[i] = alpha * (sq[i] as number) + oneMinusAlpha * g * g);
      let denom: number;
      if (avg === null) {
        denom = Math.sqrt(s) + eps;
      } else {
        const a = (avg[i] = alpha * (avg[i] as number) + oneMinusAlpha * g);
        denom = Math.sqrt(s - a * a) + eps;
      }
      if (buf === null) {
        param[i] = (param[i] as number) - (lr * g) / denom;
      } else {
        const scaled = g / denom;
        const b = (buf[i] = momentum * (buf[i] as number) + scaled);
        param[i] = (param[i] as number) - lr * (nesterov ? scaled + momentum * b : b);
      }
    }
  }
}
