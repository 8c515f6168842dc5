import { createKernelLoader, kernelInArena, Optimizer, stateLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { KERNEL_WASM_BASE64 } from './radam-kernel.generated.js';
import { radamOptionSpecs, type RAdamOptions } from './radam-options.js';

interface RAdamKernel extends WebAssembly.Exports {
  radamF32(
    p: number, g: number, m: number, v: number, n: number, beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number,
    stepSize: number, rectified: number, eps: number, weightDecay: number, decay: number,
  ): void;
}

const loadKernel = createKernelLoader<RAdamKernel>(KERNEL_WASM_BASE64);

/** What RAdam keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface RAdamState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter (t). */
  step: number;
  /** m: running mean of gradients. */
  expAvg: FloatArray;
  /** v: running mean of squared gradients. */
  expAvgSq: FloatArray;
}

/**
 * The rectification r_t of RAdam at step t, or 0 while the variance of the adaptive step is not yet tractable
 * (ρ_t ≤ 5): ρ∞ = 2/(1 − β₂) − 1, ρ_t = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ), r_t = √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)).
 */
export function radamRectification(beta2: number, t: number): number {
  const rhoInf = 2 / (1 - beta2) - 1;
  const rhoT = rhoInf - (2 * t * beta2 ** t) / (1 - beta2 ** t);
  if (!(rhoT > 5)) return 0;
  return Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
}

/**
 * RAdam (Liu et al. 2020), exactly as `torch.optim.RAdam`: Adam whose adaptive step is switched on only once the
 * variance of 1/√v̂ can be estimated (ρ_t > 5, from about step 6 with β₂ = 0.999), and then scaled by the
 * rectification r_t (`radamRectification`), which grows towards 1:
 *
 *   g ← ∇f(θ) + λθ                       (or, with decoupledWeightDecay, θ ← θ(1 − ηλ) and g unchanged)
 *   m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²,   m̂ = m / (1 − β₁ᵗ)
 *   ρ_t > 5:  θ ← θ − η · m̂ · r_t · √(1 − β₂ᵗ) / (√v + ε)
 *   else:     θ ← θ − η · m̂
 *
 * `decoupledWeightDecay` follows PyTorch 2.1 and later (torch 1.13 lacks it).
 *
 * Float32 parameters allocated in an arena (`createArena(...).parameter(n)`) are updated by a WebAssembly SIMD
 * kernel in float32, in place; all others by a JavaScript loop in float64 arithmetic. Both follow PyTorch.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new RAdam([w], { lr: 0.01 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class RAdam extends Optimizer<RAdamOptions, RAdamState> {
  constructor(params: ParamsInput<RAdamOptions>, options?: Partial<RAdamOptions>) {
    super({ id: 'radam', name: 'RAdam', optionSpecs: radamOptionSpecs }, params, options);
  }

  protected initState(param: FloatArray): RAdamState {
    return { step: 0, expAvg: stateLike(param), expAvgSq: stateLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: RAdamState, o: RAdamOptions, lr: number): void {
    const t = ++state.step;
    const { beta1, beta2, eps } = o;
    const m = state.expAvg;
    const v = state.expAvgSq;
    const biasCorrection1 = 1 - beta1 ** t;
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** t);
    const rect = radamRectification(beta2, t);
    const rectified = rect > 0;
    // With λ = 0 the decoupled factor is exactly 1, and θ·1 = θ: no case of its own.
    const decoupled = o.decoupledWeightDecay;
    // Torch casts the factor 1 − ηλ to the parameter's dtype before param.mul_; in float32 that rounding is a bias on
    // every step, so it is rounded here too.
    const decay = decoupled ? (param instanceof Float32Array ? Math.fround(1 - lr * o.weightDecay) : 1 - lr * o.weightDecay) : 1;
    const weightDecay = decoupled ? 0 : o.weightDecay;
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const float32 = param instanceof Float32Array;
    const n = param.length;
    const kernel = kernelInArena(loadKernel, param, grad, m, v);
    if (kernel !== undefined) {
      const stepSize = rectified ? (lr * rect * biasCorrection2Sqrt) / biasCorrection1 : lr / biasCorrection1;
      kernel.radamF32(param.byteOffset, grad.byteOffset, m.byteOffset, v.byteOffset, n, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, rectified ? 1 : 0, eps, weightDecay, decay);
      return;
    }
    // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
    for (let i = 0; i < n; i++) {
      // Each store is one of PyTorch's operations, so a float32 parameter is rounded where torch's is.
      // Stryker disable next-line ConditionalExpression: `true` is equivalent (decay is exactly 1 when not decoupled; θ·1 = θ)
      if (decoupled) param[i] = (param[i] as number) * decay;
      const g = (grad[i] as number) + weightDecay * (param[i] as number);
      const mi = (m[i] = beta1 * (m[i] as number) + oneMinusBeta1 * g);
      const vi = (v[i] = beta2 * (v[i] as number) + oneMinusBeta2 * g * g);
      // PyTorch's order: ((m̂ · η) · adaptive) · r.
      const step = (mi / biasCorrection1) * lr;
      if (rectified) param[i] = (param[i] as number) - step * (biasCorrection2Sqrt / (Math.sqrt(vi) + eps)) * rect;
      // Before the rectification m̂·η is the whole update, of the parameter's size on a steep slope: torch rounds m̂
      // and m̂·η in float32 (from the stored m), and so does this loop, or a float32 replay strays by whole roundings.
      else param[i] = (param[i] as number) - (float32 ? Math.fround(Math.fround((m[i] as number) / biasCorrection1) * lr) : step);
    }
  }
}
