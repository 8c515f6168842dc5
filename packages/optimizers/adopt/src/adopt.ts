import { createKernelLoader, kernelInArena, Optimizer, stateLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { KERNEL_WASM_BASE64 } from './adopt-kernel.generated.js';
import { adoptOptionSpecs, type AdoptOptions } from './adopt-options.js';

interface AdoptKernel extends WebAssembly.Exports {
  adoptF32(
    p: number, g: number, m: number, v: number, n: number, beta1: number, oneMinusBeta1: number, beta2: number,
    oneMinusBeta2: number, eps: number, clip: number, nesterov: number, lr: number,
  ): void;
}

const loadKernel = createKernelLoader<AdoptKernel>(KERNEL_WASM_BASE64);

/** What ADOPT keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface AdoptState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter. */
  step: number;
  /** m: running mean of the normalised (and clipped) gradients. */
  expAvg: FloatArray;
  /** v: running mean of squared gradients, g₁² after the first step. */
  expAvgSq: FloatArray;
}

/**
 * ADOPT (Taniguchi et al. 2024), exactly as `optax.contrib.adopt` (optax commit 2edbcbe2390d): Adam that normalises
 * each gradient by the second moment of the gradients *before* it, so that g and v are independent, and that puts the
 * normalisation before the momentum. With k = t − 1 steps taken before this one:
 *
 *   ĝ = clip(g / max(√v, ε), ±k^¼)     (v from before this step; no clip with noClipping)
 *   v ← β₂v + (1 − β₂)g²,   m ← β₁m + (1 − β₁)ĝ
 *   θ ← θ − η·m   (with nesterov: θ ← θ − η(β₁m + (1 − β₁)ĝ))
 *
 * At the first step (k = 0) optax uses β₂ = 0 and β₁ = 1: v becomes g², m stays 0 and θ does not move. No bias
 * correction.
 *
 * Float32 parameters allocated in an arena (`createArena(...).parameter(n)`) are updated by a WebAssembly SIMD
 * kernel in float32, in place; all others by a JavaScript loop in float64 arithmetic.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Adopt([w], { lr: 0.01 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Adopt extends Optimizer<AdoptOptions, AdoptState> {
  constructor(params: ParamsInput<AdoptOptions>, options?: Partial<AdoptOptions>) {
    super({ id: 'adopt', name: 'ADOPT', optionSpecs: adoptOptionSpecs }, params, options);
  }

  protected initState(param: FloatArray): AdoptState {
    return { step: 0, expAvg: stateLike(param), expAvgSq: stateLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: AdoptState, o: AdoptOptions, lr: number): void {
    const taken = state.step++;
    // optax's first step: β₂ = 0 (v = g²) and β₁ = 1 (m unchanged, so no move).
    const beta1 = taken > 0 ? o.beta1 : 1;
    const beta2 = taken > 0 ? o.beta2 : 0;
    const clip = o.noClipping ? Infinity : taken ** 0.25;
    const { eps } = o;
    const m = state.expAvg;
    const v = state.expAvgSq;
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const n = param.length;
    const kernel = kernelInArena(loadKernel, param, grad, m, v);
    if (kernel !== undefined) {
      kernel.adoptF32(
        param.byteOffset, grad.byteOffset, m.byteOffset, v.byteOffset, n, beta1, oneMinusBeta1, beta2, oneMinusBeta2,
        eps, clip, o.nesterov ? 1 : 0, lr,
      );
      return;
    }
    for (let i = 0; i < n; i++) {
      const g = grad[i] as number;
      const vOld = v[i] as number;
      v[i] = oneMinusBeta2 * g * g + beta2 * vOld;
      const normalized = Math.min(Math.max(g / Math.max(Math.sqrt(vOld), eps), -clip), clip);
      const mi = (m[i] = oneMinusBeta1 * normalized + beta1 * (m[i] as number));
      const update = o.nesterov ? oneMinusBeta1 * normalized + beta1 * mi : mi;
      param[i] = (param[i] as number) - lr * update;
    }
  }
}
