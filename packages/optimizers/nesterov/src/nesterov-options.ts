import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Nesterov's settings, as `new Nesterov(params, options)` takes them (any subset: a missing field takes its default)
 * and `nesterovPlugin.validate` checks them. Each field gives its meaning and default; `nesterovOptionSpecs` gives the
 * allowed ranges.
 */
export interface NesterovOptions {
  /** Step size η. Default 1e-3 (PyTorch 2's SGD default). */
  lr: LearningRate;
  /** Momentum μ; Nesterov needs μ > 0. Default 0.9. */
  momentum: number;
  /** Coupled L2 penalty: g ← g + λθ. Default 0. */
  weightDecay: number;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Nesterov's options: name, type, default, allowed range, a sentence of description, and the
 * option's PyTorch name where PyTorch has it. `nesterovPlugin` validates options against them, the CLI makes its flags
 * from them and the docs their option table.
 */
export const nesterovOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-3),
  {
    name: 'momentum',
    type: 'number',
    default: 0.9,
    min: 0,
    minInclusive: false,
    max: 1,
    maxInclusive: false,
    description: 'Momentum μ ∈ (0, 1): how much of the previous velocity each step keeps (Nesterov needs μ > 0).',
    pytorchName: 'momentum',
  },
  weightDecaySpec(),
  maximizeSpec(),
];
