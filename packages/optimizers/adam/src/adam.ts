import { createKernelLoader, kernelInArena, Optimizer, stateLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { KERNEL_WASM_BASE64 } from './adam-kernel.generated.js';
import { adamOptionSpecs, type AdamOptions } from './adam-options.js';

interface AdamKernel extends WebAssembly.Exports {
  adamF32(
    p: number, g: number, m: number, v: number, vmax: number, n: number,
    beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number, stepSize: number, invBiasCorrection2Sqrt: number, eps: number, weightDecay: number,
    gradScale: number,
  ): void;
}

const loadKernel = createKernelLoader<AdamKernel>(KERNEL_WASM_BASE64);

/** What Adam keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface AdamState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter (t in the bias corrections). */
  step: number;
  /** m: running mean of gradients. */
  expAvg: FloatArray;
  /** v: running mean of squared gradients. */
  expAvgSq: FloatArray;
}

/**
 * Adam (Kingma & Ba 2015), the book's equation 11.10, exactly as `torch.optim.Adam`:
 *
 *   g ← ∇f(θ) + λθ
 *   m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²
 *   θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)        t = 1, 2, …
 *
 * ε sits outside the square root (as in the paper, PyTorch and Keras; TensorFlow 1's "epsilon hat" differs).
 * With `amsgrad`, v is replaced in the denominator by its running maximum.
 *
 * Float32 parameters allocated in an arena (`createArena(...).parameter(n)`) are updated by a WebAssembly SIMD
 * kernel in float32, in place; all others by a JavaScript loop in float64 arithmetic. Both follow PyTorch.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Adam([w], { lr: 0.01 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  // Gradient clipping's factor (`stepWithScaledGradients`) is one multiply and one store inside the kernel's pass.
  // Stryker disable next-line BooleanLiteral: equivalent (false makes the base class scale every gradient in a pass of its own before step(), bit for bit the same result and the gradients left scaled as here: adam-clipping.test.ts; only the extra pass differs)
  protected override readonly takesGradientScale = true;

  constructor(params: ParamsInput<AdamOptions>, options?: Partial<AdamOptions>) {
    super({ id: 'adam', name: 'Adam', optionSpecs: adamOptionSpecs }, params, options);
  }

  protected initState(param: FloatArray): AdamState {
    // maxExpAvgSq is made by the first amsgrad step (updateParameter), also for a state saved without amsgrad.
    return { step: 0, expAvg: stateLike(param), expAvgSq: stateLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: AdamState, o: AdamOptions, lr: number): void {
    const t = ++state.step;
    const { beta1, beta2, eps, weightDecay } = o;
    const m = state.expAvg;
    const v = state.expAvgSq;
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const stepSize = lr / (1 - beta1 ** t);
    // √v̂ = √v / √(1 − β₂ᵗ); multiplying by the reciprocal saves a division per element (same value to 1 ulp).
    const invBiasCorrection2Sqrt = 1 / Math.sqrt(1 - beta2 ** t);
    const n = param.length;
    if (o.amsgrad && state.maxExpAvgSq === undefined) state.maxExpAvgSq = stateLike(param);
    const vMaxState = o.amsgrad ? (state.maxExpAvgSq as FloatArray) : undefined;
    const kernel = kernelInArena(loadKernel, param, grad, m, v, vMaxState);
    if (kernel !== undefined) {
      kernel.adamF32(
        param.byteOffset, grad.byteOffset, m.byteOffset, v.byteOffset, vMaxState?.byteOffset ?? 0, n,
        beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, invBiasCorrection2Sqrt, eps, weightDecay, this.gradientScale,
      );
      return;
    }
    // The JavaScript loops are bound by arithmetic, not memory: the clip's scaling stays a pass of its own.
    this.applyGradientScale(grad);
    if (vMaxState !== undefined) {
      const vMax = vMaxState;
      // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
      for (let i = 0; i < n; i++) {
        const g = (grad[i] as number) + weightDecay * (param[i] as number);
        const mi = (m[i] = beta1 * (m[i] as number) + oneMinusBeta1 * g);
        const vi = (v[i] = beta2 * (v[i] as number) + oneMinusBeta2 * g * g);
        const vm = (vMax[i] = Math.max(vMax[i] as number, vi));
        param[i] = (param[i] as number) - (stepSize * mi) / (Math.sqrt(vm) * invBiasCorrection2Sqrt + eps);
      }
      return;
    }
    if (weightDecay === 0) {
      // The common case, kept free of the penalty's extra load and multiply.
      // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
      for (let i = 0; i < n; i++) {
        const g = grad[i] as number;
        const mi = (m[i] = beta1 * (m[i] as number) + oneMinusBeta1 * g);
        const vi = (v[i] = beta2 * (v[i] as number) + oneMinusBeta2 * g * g);
        param[i] = (param[i] as number) - (stepSize * mi) / (Math.sqrt(vi) * invBiasCorrection2Sqrt + eps);
      }
      return;
    }
    // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
    for (let i = 0; i < n; i++) {
      const g = (grad[i] as number) + weightDecay * (param[i] as number);
      const mi = (m[i] = beta1 * (m[i] as number) + oneMinusBeta1 * g);
      const vi = (v[i] = beta2 * (v[i] as number) + oneMinusBeta2 * g * g);
      param[i] = (param[i] as number) - (stepSize * mi) / (Math.sqrt(vi) * invBiasCorrection2Sqrt + eps);
    }
  }
}
