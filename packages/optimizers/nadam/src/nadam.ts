import { createKernelLoader, kernelInArena, Optimizer, stateLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { KERNEL_WASM_BASE64 } from './nadam-kernel.generated.js';
import { nadamOptionSpecs, type NAdamOptions } from './nadam-options.js';

interface NAdamKernel extends WebAssembly.Exports {
  nadamF32(
    p: number, g: number, m: number, v: number, n: number, beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number,
    coefGrad: number, coefAvg: number, invBiasCorrection2Sqrt: number, eps: number, weightDecay: number, decay: number,
  ): void;
}

const loadKernel = createKernelLoader<NAdamKernel>(KERNEL_WASM_BASE64);

/** What NAdam keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface NAdamState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter (t). */
  step: number;
  /** Π μ_i for i = 1..t, kept in float32 as PyTorch keeps it (see `NAdam`). */
  muProduct: number;
  /** m: running mean of gradients. */
  expAvg: FloatArray;
  /** v: running mean of squared gradients. */
  expAvgSq: FloatArray;
}

/**
 * NAdam (Dozat 2016), Adam with Nesterov momentum, exactly as `torch.optim.NAdam`. With a momentum schedule
 * μ_t = β₁(1 − ½·0.96^(tψ)):
 *
 *   g ← ∇f(θ) + λθ                       (or, with decoupledWeightDecay, θ ← θ(1 − ηλ) and g unchanged)
 *   m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²
 *   θ ← θ − η [ (1 − μ_t) g / (1 − Π_{i≤t} μ_i) + μ_{t+1} m / (1 − Π_{i≤t+1} μ_i) ] / (√(v / (1 − β₂ᵗ)) + ε)
 *
 * This is PyTorch's documented algorithm, which torch 1.13 computes in its foreach path and every later release in
 * both paths (torch 1.13's single-tensor path multiplies one μ_t too many into Π_{i≤t+1}). The product Π μ_i is
 * a float32 scalar in PyTorch (a 0-dim tensor of the default dtype) even for float64 parameters; it is rounded to
 * float32 here too, or the float64 trajectories would part at 1e-7. `decoupledWeightDecay` follows PyTorch 2.1 and
 * later (torch 1.13 lacks it).
 *
 * Float32 parameters allocated in an arena (`createArena(...).parameter(n)`) are updated by a WebAssembly SIMD
 * kernel in float32, in place; all others by a JavaScript loop in float64 arithmetic. Both follow PyTorch.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new NAdam([w], { lr: 0.01 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class NAdam extends Optimizer<NAdamOptions, NAdamState> {
  constructor(params: ParamsInput<NAdamOptions>, options?: Partial<NAdamOptions>) {
    super({ id: 'nadam', name: 'NAdam', optionSpecs: nadamOptionSpecs }, params, options);
  }

  protected initState(param: FloatArray): NAdamState {
    return { step: 0, muProduct: 1, expAvg: stateLike(param), expAvgSq: stateLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: NAdamState, o: NAdamOptions, lr: number): void {
    const t = ++state.step;
    const { beta1, beta2, eps, momentumDecay } = o;
    const m = state.expAvg;
    const v = state.expAvgSq;
    const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
    // PyTorch's `mu_product *= mu` on a float32 0-dim tensor: μ is cast to float32 and the product rounded to it.
    const muProduct = (state.muProduct = Math.fround(state.muProduct * Math.fround(mu)));
    const coefGrad = (-lr * (1 - mu)) / (1 - muProduct);
    const coefAvg = (-lr * muNext) / (1 - muProduct * muNext);
    const invBiasCorrection2Sqrt = 1 / Math.sqrt(1 - beta2 ** t);
    // With λ = 0 the decoupled factor is exactly 1, and θ·1 = θ: no case of its own.
    const decoupled = o.decoupledWeightDecay;
    // Torch casts the factor 1 − ηλ to the parameter's dtype before param.mul_; in float32 that rounding is a bias on
    // every step, so it is rounded here too.
    const decay = decoupled ? (param instanceof Float32Array ? Math.fround(1 - lr * o.weightDecay) : 1 - lr * o.weightDecay) : 1;
    const weightDecay = decoupled ? 0 : o.weightDecay;
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const n = param.length;
    const kernel = kernelInArena(loadKernel, param, grad, m, v);
    if (kernel !== undefined) {
      kernel.nadamF32(
        param.byteOffset, grad.byteOffset, m.byteOffset, v.byteOffset, n,
        beta1, beta2, oneMinusBeta1, oneMinusBeta2, coefGrad, coefAvg, invBiasCorrection2Sqrt, eps, weightDecay, decay,
      );
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
      const denom = Math.sqrt(vi) * invBiasCorrection2Sqrt + eps;
      param[i] = (param[i] as number) + (coefGrad * g) / denom;
      param[i] = (param[i] as number) + (coefAvg * mi) / denom;
    }
  }
}
