import { createKernelLoader, kernelInArena, Optimizer, type FloatArray, type ParamsInput } from '@descent/optim';
import { KERNEL_WASM_BASE64 } from './sgd-kernel.generated.js';
import { sgdOptionSpecs, type SgdOptions } from './sgd-options.js';

interface SgdKernel {
  sgdF32(p: number, g: number, n: number, lr: number, weightDecay: number): void;
}

const loadKernel = createKernelLoader<SgdKernel & WebAssembly.Exports>(KERNEL_WASM_BASE64);

/**
 * Vanilla gradient descent, the book's equation 11.1: θ ← θ − η (g + λθ), where g is the gradient the caller
 * computed (the mean over a minibatch makes it stochastic gradient descent). `torch.optim.SGD` with momentum 0.
 *
 * Float32 parameters in an arena (`createArena` in @descent/optim) are updated by a WebAssembly SIMD kernel.
 *
 * @example
 * const w = parameter(new Float64Array([-0.9]));
 * const opt = new Sgd([w], { lr: 0.03 });
 * for (let i = 0; i < 15; i++) { w.grad[0] = 12 * w.data[0] - 12; opt.step(); } // w.data[0] ≈ 0.997648
 */
export class Sgd extends Optimizer<SgdOptions, Record<string, never>> {
  constructor(params: ParamsInput<SgdOptions>, options?: Partial<SgdOptions>) {
    super({ id: 'sgd', name: 'SGD', optionSpecs: sgdOptionSpecs }, params, options);
  }

  protected initState(): Record<string, never> {
    return {};
  }

  protected updateParameter(param: FloatArray, grad: FloatArray, _state: Record<string, never>, o: SgdOptions, lr: number): void {
    const wd = o.weightDecay;
    const n = param.length;
    const kernel = kernelInArena(loadKernel, param, grad);
    if (kernel !== undefined) {
      kernel.sgdF32(param.byteOffset, grad.byteOffset, n, lr, wd);
      return;
    }
    // With i <= n the loop's extra pass reads and writes index n of a typed array, out of bounds: the read is undefined
    // and the write is ignored, so that mutant changes nothing.
    // Stryker disable next-line EqualityOperator: equivalent (an out-of-bounds typed-array write is a no-op)
    for (let i = 0; i < n; i++) param[i] = (param[i] as number) - lr * ((grad[i] as number) + wd * (param[i] as number));
  }
}
