import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Momentum's settings, as `new Momentum(params, options)` takes them (any subset: a missing field takes its default)
 * and `momentumPlugin.validate` checks them. Each field gives its meaning and default; `momentumOptionSpecs` gives the
 * allowed ranges.
 */
export interface MomentumOptions {
  /** Step size η. Default 1e-3 (PyTorch 2's SGD default). */
  lr: LearningRate;
  /** Momentum μ, the fraction of the previous velocity kept. Default 0.9 (the value the chapter calls typical). */
  momentum: number;
  /** Dampening: the new gradient enters the buffer scaled by (1 − dampening), after the first step. Default 0. */
  dampening: number;
  /** Coupled L2 penalty: g ← g + λθ. Default 0. */
  weightDecay: number;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Momentum's options: name, type, default, allowed range, a sentence of description, and the
 * option's PyTorch name where PyTorch has it. `momentumPlugin` validates options against them, the CLI makes its flags
 * from them and the docs their option table.
 */
export const momentumOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-3),
  {
    name: 'momentum',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Momentum μ ∈ [0, 1): how much of the previous velocity each step keeps.',
    pytorchName: 'momentum',
  },
  {
    name: 'dampening',
    type: 'number',
    default: 0,
    min: 0,
    max: 1,
    description: 'Dampening: scales the gradient by (1 − dampening) when it enters the velocity, from the second step on.',
    pytorchName: 'dampening',
  },
  weightDecaySpec(),
  maximizeSpec(),
];
