import { createKernelLoader, kernelInArena, Optimizer, stateLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { KERNEL_WASM_BASE64 } from './adamax-kernel.generated.js';
import { adamaxOptionSpecs, type AdamaxOptions } from './adamax-options.js';

interface AdamaxKernel extends WebAssembly.Exports {
  adamaxF32(p: number, g: number, m: number, u: number, n: number, beta1: number, beta2: number, oneMinusBeta1: number, stepSize: number, eps: number, weightDecay: number): void;
}

const loadKernel = createKernelLoader<AdamaxKernel>(KERNEL_WASM_BASE64);

/** What Adamax keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface AdamaxState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter (t in the bias correction). */
  step: number;
  /** m: running mean of gradients. */
  expAvg: FloatArray;
  /** u: exponentially weighted infinity norm of the gradients. */
  expInf: FloatArray;
}

/**
 * Adamax (Kingma & Ba 2015, section 7.1), exactly as `torch.optim.Adamax`: Adam with the L² norm of past gradients
 * replaced by a decaying L^∞ norm, which needs no bias correction:
 *
 *   g ← ∇f(θ) + λθ
 *   m ← β₁m + (1 − β₁)g,   u ← max(β₂u, |g| + ε)
 *   θ ← θ − (η / (1 − β₁ᵗ)) · m / u        t = 1, 2, …
 *
 * ε enters the maximum (PyTorch's placement), so u is never 0.
 *
 * Float32 parameters allocated in an arena (`createArena(...).parameter(n)`) are updated by a WebAssembly SIMD
 * kernel in float32, in place; all others by a JavaScript loop in float64 arithmetic. Both follow PyTorch.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Adamax([w], { lr: 0.01 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Adamax extends Optimizer<AdamaxOptions, AdamaxState> {
  constructor(params: ParamsInput<AdamaxOptions>, options?: Partial<AdamaxOptions>) {
    super({ id: 'adamax', name: 'Adamax', optionSpecs: adamaxOptionSpecs }, params, options);
  }

  protected initState(param: FloatArray): AdamaxState {
    return { step: 0, expAvg: stateLike(param), expInf: stateLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: AdamaxState, o: AdamaxOptions, lr: number): void {
    const t = ++state.step;
    const { beta1, beta2, eps, weightDecay } = o;
    const m = state.expAvg;
    const u = state.expInf;
    const oneMinusBeta1 = 1 - beta1;
    const stepSize = lr / (1 - beta1 ** t);
    const n = param.length;
    const kernel = kernelInArena(loadKernel, param, grad, m, u);
    if (kernel !== undefined) {
      kernel.adamaxF32(param.byteOffset, grad.byteOffset, m.byteOffset, u.byteOffset, n, beta1, beta2, oneMinusBeta1, stepSize, eps, weightDecay);
      return;
    }
    // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
    for (let i = 0; i < n; i++) {
      const g = (grad[i] as number) + weightDecay * (param[i] as number);
      const mi = (m[i] = beta1 * (m[i] as number) + oneMinusBeta1 * g);
      const ui = (u[i] = Math.max(beta2 * (u[i] as number), Math.abs(g) + eps));
      param[i] = (param[i] as number) - (stepSize * mi) / ui;
    }
  }
}
