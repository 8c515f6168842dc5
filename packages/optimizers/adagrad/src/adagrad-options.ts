import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Adagrad's settings, as `new Adagrad(params, options)` takes them (any subset: a missing field takes its default) and
 * `adagradPlugin.validate` checks them. Each field gives its meaning and default; `adagradOptionSpecs` gives the
 * allowed ranges.
 */
export interface AdagradOptions {
  /** Step size η. Default 1e-2 (PyTorch). */
  lr: LearningRate;
  /** Inverse-time decay of η: the t-th step uses η / (1 + (t − 1)·lrDecay). Default 0. */
  lrDecay: number;
  /** Coupled L2 penalty: g ← g + λθ. Default 0. */
  weightDecay: number;
  /** Starting value of the sum of squared gradients. Default 0. */
  initialAccumulatorValue: number;
  /** Added to √(Σg²). Default 1e-10 (PyTorch). */
  eps: number;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Adagrad's options: name, type, default, allowed range, a sentence of description, and the
 * option's PyTorch name where PyTorch has it. `adagradPlugin` validates options against them, the CLI makes its flags
 * from them and the docs their option table.
 */
export const adagradOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-2),
  {
    name: 'lrDecay',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Inverse-time decay: step t uses η / (1 + (t − 1)·lrDecay).',
    pytorchName: 'lr_decay',
  },
  weightDecaySpec(),
  maximizeSpec(),
  {
    name: 'initialAccumulatorValue',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Starting value of each component’s sum of squared gradients.',
    pytorchName: 'initial_accumulator_value',
  },
  { name: 'eps', type: 'number', default: 1e-10, min: 0, description: 'ε added to the root of the sum so that the division is safe.', pytorchName: 'eps' },
];
