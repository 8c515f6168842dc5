import { createKernelLoader, kernelInArena, Optimizer, stateLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { KERNEL_WASM_BASE64 } from './yogi-kernel.generated.js';
import { yogiOptionSpecs, type YogiOptions } from './yogi-options.js';

interface YogiKernel extends WebAssembly.Exports {
  yogiF32(
    p: number, g: number, m: number, v: number, n: number, beta1: number, oneMinusBeta1: number, oneMinusBeta2: number,
    stepSize: number, epsHat: number,
  ): void;
}

const loadKernel = createKernelLoader<YogiKernel>(KERNEL_WASM_BASE64);

/** Both moments start here, not at 0: optax's scale_by_yogi initial_accumulator_value. */
export const YOGI_INITIAL_ACCUMULATOR = 1e-6;

/** What Yogi keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface YogiState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter (t in the bias corrections). */
  step: number;
  /** m: running mean of gradients, from 1e-6. */
  expAvg: FloatArray;
  /** v: the additively updated second moment, from 1e-6. */
  expAvgSq: FloatArray;
}

/**
 * Yogi (Zaheer et al. 2018), exactly as `optax.yogi` (optax commit 2edbcbe2390d): Adam whose second moment moves by
 * (1 − β₂)g² towards g², additively, instead of by the fraction (1 − β₂) of the gap, so it cannot collapse after a
 * burst of large gradients and the effective step grows slowly:
 *
 *   m ← β₁m + (1 − β₁)g,   v ← v − (1 − β₂)·sign(v − g²)·g²        (m and v start at 1e-6)
 *   θ ← θ − η·m̂ / (√v̂ + ε),   m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)        t = 1, 2, …
 *
 * Float32 parameters allocated in an arena (`createArena(...).parameter(n)`) are updated by a WebAssembly SIMD
 * kernel in float32, in place; all others by a JavaScript loop in float64 arithmetic.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Yogi([w], { lr: 0.01 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Yogi extends Optimizer<YogiOptions, YogiState> {
  constructor(params: ParamsInput<YogiOptions>, options?: Partial<YogiOptions>) {
    super({ id: 'yogi', name: 'Yogi', optionSpecs: yogiOptionSpecs }, params, options);
  }

  protected initState(param: FloatArray): YogiState {
    const expAvg = stateLike(param);
    const expAvgSq = stateLike(param);
    expAvg.fill(YOGI_INITIAL_ACCUMULATOR);
    expAvgSq.fill(YOGI_INITIAL_ACCUMULATOR);
    return { step: 0, expAvg, expAvgSq };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: YogiState, o: YogiOptions, lr: number): void {
    const t = ++state.step;
    const { beta1, beta2, eps } = o;
    const m = state.expAvg;
    const v = state.expAvgSq;
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const biasCorrection1 = 1 - beta1 ** t;
    const biasCorrection2 = 1 - beta2 ** t;
    const n = param.length;
    const kernel = kernelInArena(loadKernel, param, grad, m, v);
    if (kernel !== undefined) {
      // The kernel takes optax's step multiplied through by √c₂ (see assembly/yogi-kernel.ts): the same numbers to
      // float32 rounding, with the bias corrections off its critical path.
      const sqrtBiasCorrection2 = Math.sqrt(biasCorrection2);
      kernel.yogiF32(
        param.byteOffset, grad.byteOffset, m.byteOffset, v.byteOffset, n, beta1, oneMinusBeta1, oneMinusBeta2,
        (lr * sqrtBiasCorrection2) / biasCorrection1, eps * sqrtBiasCorrection2,
      );
      return;
    }
    for (let i = 0; i < n; i++) {
      const g = grad[i] as number;
      const g2 = g * g;
      const mi = (m[i] = oneMinusBeta1 * g + beta1 * (m[i] as number));
      const vOld = v[i] as number;
      const vi = (v[i] = vOld - oneMinusBeta2 * Math.sign(vOld - g2) * g2);
      param[i] = (param[i] as number) - (lr * (mi / biasCorrection1)) / (Math.sqrt(vi / biasCorrection2) + eps);
    }
  }
}
