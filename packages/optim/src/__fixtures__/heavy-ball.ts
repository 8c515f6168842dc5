// A minimal optimizer for testing the base class and the conformance suite without depending on an optimizer
// package: heavy-ball momentum, b ← μb + g, θ ← θ − ηb.
import { Optimizer } from '../optimizer.js';
import { learningRateSpec, maximizeSpec } from '../option-spec.js';
import { zerosLike } from '../parameter.js';
import type { OptimizerPluginV1 } from '../plugin.js';
import type { FloatArray, LearningRate, ParamsInput } from '../optimizer-types.js';

export interface HeavyBallOptions {
  lr: LearningRate;
  momentum: number;
  maximize: boolean;
}

const specs = [
  learningRateSpec(0.01),
  { name: 'momentum', type: 'number', default: 0.5, min: 0, max: 1, maxInclusive: false, description: 'Momentum μ.' },
] as const;

// The class's own list leaves `maximize` out, so that the base class's adding it is tested; the descriptor lists it,
// as every descriptor must for the CLI and the docs to offer it.
export class HeavyBall extends Optimizer<HeavyBallOptions, { buffer: FloatArray; calls: number }> {
  constructor(params: ParamsInput<HeavyBallOptions>, options?: Partial<HeavyBallOptions>, private readonly allocate = false) {
    super({ id: 'heavy-ball', name: 'HeavyBall', optionSpecs: specs }, params, options);
  }
  protected initState(param: FloatArray) {
    return { buffer: zerosLike(param), calls: 0 };
  }
  protected updateParameter(param: FloatArray, grad: FloatArray, state: { buffer: FloatArray; calls: number }, o: HeavyBallOptions, lr: number) {
    const b = this.allocate ? state.buffer.slice() : state.buffer;
    for (let i = 0; i < param.length; i++) {
      b[i] = o.momentum * (b[i] as number) + (grad[i] as number);
      param[i] = (param[i] as number) - lr * (b[i] as number);
    }
    if (this.allocate) state.buffer.set(b);
    state.calls++;
  }
}

export const heavyBallPlugin: OptimizerPluginV1<HeavyBallOptions> = {
  specificationVersion: 'v1',
  id: 'heavy-ball',
  name: 'HeavyBall',
  packageName: '@descent/optim (test fixture)',
  summary: 'Heavy-ball momentum, for testing the contract.',
  updateRule: 'b \\leftarrow \\mu b + g;\\ \\theta \\leftarrow \\theta - \\eta b',
  bookMapping: 'Equation 11.5 with v = −ηb.',
  options: [...specs, maximizeSpec()],
  references: [{ authors: 'B. T. Polyak', title: 'Some methods of speeding up the convergence of iteration methods', year: 1964 }],
  create: (params, options) => new HeavyBall(params, options),
};
