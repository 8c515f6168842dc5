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
import { KERNEL_WASM_BASE64 } from './adabelief-kernel.generated.js';
import { adabeliefOptionSpecs, validateAdaBelief, type AdaBeliefOptions } from './adabelief-options.js';

interface AdaBeliefKernel extends WebAssembly.Exports {
  adabeliefF32(
    p: number, g: number, m: number, s: number, n: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    epsRoot: number, nesterov: number,
    biasCorrection1: number, biasCorrection1Next: number, biasCorrection2: number, eps: number, lr: number, weightDecay: number,
  ): void;
}

const loadKernel = createKernelLoader<AdaBeliefKernel>(KERNEL_WASM_BASE64);

/** What AdaBelief keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface AdaBeliefState {
  [key: string]: FloatArray | number;
  /** Steps taken for this parameter (t in the bias corrections). */
  step: number;
  /** m: running mean of gradients. */
  expAvg: FloatArray;
  /** s: running mean of the squared prediction error (g − m)², plus ε_root at every step. */
  expAvgVar: FloatArray;
}

/**
 * AdaBelief (Zhuang et al. 2020), exactly as `optax.adabelief` (optax commit 2edbcbe2390d): Adam whose second moment is
 * the variance of the gradient around its running mean, the "belief" in the current gradient:
 *
 *   m ← β₁m + (1 − β₁)g,   s ← β₂s + (1 − β₂)(g − m)² + ε_root
 *   m̂ = m / (1 − β₁ᵗ)   (with nesterov: β₁m/(1 − β₁ᵗ⁺¹) + (1 − β₁)g/(1 − β₁ᵗ)),   ŝ = s / (1 − β₂ᵗ)
 *   θ ← θ − η(m̂ / (√ŝ + ε) + λθ)        t = 1, 2, …
 *
 * As in optax, ε_root stays in s (it accumulates), the prediction error uses the new m, and weight decay is
 * decoupled (added to the update before the step size). The authors' code differs: see the README.
 *
 * Float32 parameters allocated in an arena (`createArena(...).parameter(n)`) are updated by a WebAssembly SIMD
 * kernel in float32, in place; all others by a JavaScript loop in float64 arithmetic.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new AdaBelief([w], { lr: 0.01 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class AdaBelief extends Optimizer<AdaBeliefOptions, AdaBeliefState> {
  /** `weightDecayMask`: which parameters decay, `(name, shape) => boolean` (optax's mask; default all). */
  constructor(params: ParamsInput<AdaBeliefOptions>, options?: Partial<AdaBeliefOptions> & WeightDecayMaskOptions) {
    const masked = withWeightDecayMask({ id: 'adabelief', name: 'AdaBelief', optionSpecs: adabeliefOptionSpecs, validate: validateAdaBelief }, options);
    super(masked.definition, params, masked.options);
    this.decayMask = masked.mask;
  }

  private readonly decayMask: WeightDecayMask;

  protected initState(param: FloatArray): AdaBeliefState {
    return { step: 0, expAvg: stateLike(param), expAvgVar: stateLike(param) };
  }

  protected updateParameter(
    param: FloatArray,
    grad: FloatArray,
    state: AdaBeliefState,
    o: AdaBeliefOptions,
    lr: number,
    parameter: Parameter,
  ): void {
    const t = ++state.step;
    const { beta1, beta2, eps, epsRoot } = o;
    const weightDecay = this.decayMask.decayOf(parameter, o.weightDecay, o.noDecayBias);
    const m = state.expAvg;
    const s = state.expAvgVar;
    // m̂ = a·m + b·g: a = 1/(1 − β₁ᵗ), b = 0 without Nesterov; with it, optax's a = β₁/(1 − β₁ᵗ⁺¹), b = (1 − β₁)/(1 − β₁ᵗ).
    const biasCorrection1 = 1 - beta1 ** t;
    const momentumScale = o.nesterov ? beta1 / (1 - beta1 ** (t + 1)) : 1 / biasCorrection1;
    const gradientScale = o.nesterov ? (1 - beta1) / biasCorrection1 : 0;
    const biasCorrection2 = 1 - beta2 ** t;
    const n = param.length;
    if (o.rectify) {
      rectifiedStep(param, grad, m, s, t, o, lr, weightDecay);
      return;
    }
    const kernel = kernelInArena(loadKernel, param, grad, m, s);
    if (kernel !== undefined) {
      kernel.adabeliefF32(
        param.byteOffset, grad.byteOffset, m.byteOffset, s.byteOffset, n, beta1, 1 - beta1, beta2, 1 - beta2, epsRoot, o.nesterov ? 1 : 0,
        biasCorrection1, 1 - beta1 ** (t + 1), biasCorrection2, eps, lr, weightDecay,
      );
      return;
    }
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    for (let i = 0; i < n; i++) {
      const g = grad[i] as number;
      const theta = param[i] as number;
      const mi = (m[i] = oneMinusBeta1 * g + beta1 * (m[i] as number));
      const error = g - mi;
      const si = (s[i] = oneMinusBeta2 * error * error + beta2 * (s[i] as number) + epsRoot);
      const update = (momentumScale * mi + gradientScale * g) / (Math.sqrt(si / biasCorrection2) + eps);
      param[i] = theta - lr * (update + weightDecay * theta);
    }
  }
}

/**
 * The authors' rectified step (adabelief-pytorch 0.2.x, `rectify=True`, `degenerated_to_sgd=True`), in float64 for
 * any parameter: m and s as optax (their in-place `exp_avg_var.add_(eps)` is ε_root kept in s), then, with
 * ρ∞ = 2/(1 − β₂) − 1 and ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ),
 *   ρₜ ≥ 5:  θ ← θ − η(r·m / (√s + ε) + λθ),  r = √((1 − β₂ᵗ)(ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)ρₜ(ρ∞ − 2))) / (1 − β₁ᵗ)
 *   else:    θ ← θ − η(m / (1 − β₁ᵗ) + λθ)
 * Weight decay is optax's (the authors' θ(1 − ηλ) before the step is the same sum).
 */
function rectifiedStep(
  param: FloatArray,
  grad: FloatArray,
  m: FloatArray,
  s: FloatArray,
  t: number,
  o: AdaBeliefOptions,
  lr: number,
  weightDecay: number,
): void {
  const { beta1, beta2, eps, epsRoot } = o;
  const beta2t = beta2 ** t;
  const rhoMax = 2 / (1 - beta2) - 1;
  const rho = rhoMax - (2 * t * beta2t) / (1 - beta2t);
  const biasCorrection1 = 1 - beta1 ** t;
  const adaptive = rho >= 5;
  const stepSize = adaptive
    ? Math.sqrt((((((((1 - beta2t) * (rho - 4)) / (rhoMax - 4)) * (rho - 2)) / rho) * rhoMax) / (rhoMax - 2))) / biasCorrection1
    : 1 / biasCorrection1;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i] as number;
    const theta = param[i] as number;
    const mi = (m[i] = oneMinusBeta1 * g + beta1 * (m[i] as number));
    const error = g - mi;
    const si = (s[i] = oneMinusBeta2 * error * error + beta2 * (s[i] as number) + epsRoot);
    const update = adaptive ? (stepSize * mi) / (Math.sqrt(si) + eps) : stepSize * mi;
    param[i] = theta - lr * (update + weightDecay * theta);
  }
}
