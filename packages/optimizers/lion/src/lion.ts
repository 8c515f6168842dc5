import {
  createKernelLoader,
  kernelInArena,
  Optimizer,
  stateLike,
  withWeightDecayMask,
  type WeightDecayMask,
  type FloatArray,
  type Parameter,
  type ParamsInput,
  type WeightDecayMaskOptions,
} from '@descent/optim';
import { KERNEL_WASM_BASE64 } from './lion-kernel.generated.js';
import { lionOptionSpecs, type LionOptions } from './lion-options.js';

interface LionKernel extends WebAssembly.Exports {
  lionF32(p: number, g: number, m: number, n: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, lr: number, weightDecay: number): void;
}

const loadKernel = createKernelLoader<LionKernel>(KERNEL_WASM_BASE64);

/** What Lion keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface LionState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter. */
  step: number;
  /** m: the momentum, a running mean of gradients with decay β₂. */
  expAvg: FloatArray;
}

/**
 * Lion (Chen et al. 2023, "EvoLved Sign Momentum"), exactly as `optax.lion` (optax commit 2edbcbe2390d): the step is
 * the sign of an interpolation between the momentum and the gradient, so every coordinate moves by ±η, plus decoupled
 * weight decay:
 *
 *   u ← sign(β₁m + (1 − β₁)g)
 *   m ← β₂m + (1 − β₂)g
 *   θ ← θ − η(u + λθ)
 *
 * The weight decay defaults to optax's 1e-3 (the authors' code and lucidrains' port default to 0). The sign of 0 is 0.
 *
 * Float32 parameters allocated in an arena (`createArena(...).parameter(n)`) are updated by a WebAssembly SIMD
 * kernel in float32, in place; all others by a JavaScript loop in float64 arithmetic.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Lion([w], { lr: 1e-3 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Lion extends Optimizer<LionOptions, LionState> {
  /** `weightDecayMask`: which parameters decay, `(name, shape) => boolean` (optax's mask; default all). */
  constructor(params: ParamsInput<LionOptions>, options?: Partial<LionOptions> & WeightDecayMaskOptions) {
    const masked = withWeightDecayMask({ id: 'lion', name: 'Lion', optionSpecs: lionOptionSpecs }, options);
    super(masked.definition, params, masked.options);
    this.decayMask = masked.mask;
  }

  private readonly decayMask: WeightDecayMask;

  protected initState(param: FloatArray): LionState {
    return { step: 0, expAvg: stateLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: LionState, o: LionOptions, lr: number, parameter: Parameter): void {
    state.step++;
    const { beta1, beta2 } = o;
    const weightDecay = this.decayMask.decayOf(parameter, o.weightDecay, o.noDecayBias);
    const m = state.expAvg;
    const n = param.length;
    const kernel = kernelInArena(loadKernel, param, grad, m);
    if (kernel !== undefined) {
      kernel.lionF32(param.byteOffset, grad.byteOffset, m.byteOffset, n, beta1, 1 - beta1, beta2, 1 - beta2, lr, weightDecay);
      return;
    }
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
    for (let i = 0; i < n; i++) {
      const g = grad[i] as number;
      const mi = m[i] as number;
      const theta = param[i] as number;
      const u = Math.sign(oneMinusBeta1 * g + beta1 * mi);
      m[i] = oneMinusBeta2 * g + beta2 * mi;
      param[i] = theta - lr * (u + weightDecay * theta);
    }
  }
}
