import { createKernelLoader, kernelInArena, Optimizer, stateLike, type FloatArray, type ParamsInput } from '@descent/optim';
import { KERNEL_WASM_BASE64 } from './momentum-kernel.generated.js';

interface MomentumKernel {
  momentumF32(p: number, g: number, b: number, n: number, lr: number, keep: number, take: number, weightDecay: number): void;
}

const loadKernel = createKernelLoader<MomentumKernel & WebAssembly.Exports>(KERNEL_WASM_BASE64);
import { momentumOptionSpecs, type MomentumOptions } from './momentum-options.js';

/** What Momentum keeps for each parameter between steps: `stateDict()` saves it and `loadStateDict` restores it. */
export interface MomentumState {
  [key: string]: FloatArray | number;
  step: number;
  /** PyTorch's momentum buffer b; the book's velocity is v = −ηb. */
  momentumBuffer: FloatArray;
}

/**
 * Gradient descent with momentum, as `torch.optim.SGD(momentum=μ)`:
 *
 *   g ← ∇f(θ) + λθ
 *   b ← g on the first step, then b ← μb + (1 − dampening)g
 *   θ ← θ − ηb
 *
 * With a constant η and no dampening this is the book's equation 11.5 (v ← μv − η∇f(x); x ← x + v) with v = −ηb.
 * (With a schedule the two differ: PyTorch scales the whole buffer by today's η, the book only the new gradient.)
 * Float32 parameters in an arena (`createArena` in @descent/optim) are updated by a WebAssembly SIMD kernel.
 *
 * @example
 * const w = parameter(new Float64Array([1, 2]));
 * const opt = new Momentum([w], { lr: 0.01, momentum: 0.9 });
 * for (let i = 0; i < 100; i++) { w.grad.set(gradient(w.data)); opt.step(); }
 */
export class Momentum extends Optimizer<MomentumOptions, MomentumState> {
  constructor(params: ParamsInput<MomentumOptions>, options?: Partial<MomentumOptions>) {
    super({ id: 'momentum', name: 'Momentum', optionSpecs: momentumOptionSpecs }, params, options);
  }

  protected initState(param: FloatArray): MomentumState {
    return { step: 0, momentumBuffer: stateLike(param) };
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, state: MomentumState, o: MomentumOptions, lr: number): void {
    const { momentum, weightDecay } = o;
    const b = state.momentumBuffer;
    const n = param.length;
    // PyTorch starts the buffer at the first gradient (no dampening), not at μ·0 + (1 − dampening)g.
    // Stryker disable next-line ConditionalExpression: equivalent (at step 0 the buffer is initState's zeros, so μ·0 = 0·0)
    const keep = state.step === 0 ? 0 : momentum;
    const take = state.step === 0 ? 1 : 1 - o.dampening;
    state.step++;
    const kernel = kernelInArena(loadKernel, param, grad, b);
    if (kernel !== undefined) {
      kernel.momentumF32(param.byteOffset, grad.byteOffset, b.byteOffset, n, lr, keep, take, weightDecay);
      return;
    }
    // Stryker disable next-line EqualityOperator: equivalent (i <= n reads and writes index n of typed arrays: a no-op)
    for (let i = 0; i < n; i++) {
      const g = (grad[i] as number) + weightDecay * (param[i] as number);
      const bi = (b[i] = keep * (b[i] as number) + take * g);
      param[i] = (param[i] as number) - lr * bi;
    }
  }
}
