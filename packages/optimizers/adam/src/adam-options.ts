import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Adam's settings, as `new Adam(params, options)` takes them (any subset: a missing field takes its default) and
 * `adamPlugin.validate` checks them. Each field gives its meaning and default; `adamOptionSpecs` gives the allowed
 * ranges.
 */
export interface AdamOptions {
  /** Step size η. Default 1e-3 (PyTorch and Keras). */
  lr: LearningRate;
  /** Decay of the first-moment average, β₁. Default 0.9. */
  beta1: number;
  /** Decay of the second-moment average, β₂. Default 0.999. */
  beta2: number;
  /** Added to √v̂ (outside the square root, as in the paper and PyTorch). Default 1e-8. */
  eps: number;
  /** Coupled L2 penalty: g ← g + λθ. Default 0. */
  weightDecay: number;
  /** Use the running maximum of v (Reddi et al. 2018). Default false. */
  amsgrad: boolean;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Adam's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `adamPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const adamOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-3),
  {
    name: 'beta1',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Decay rate β₁ of the running mean of gradients (first moment).',
    pytorchName: 'betas[0]',
  },
  {
    name: 'beta2',
    type: 'number',
    default: 0.999,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Decay rate β₂ of the running mean of squared gradients (second moment).',
    pytorchName: 'betas[1]',
  },
  { name: 'eps', type: 'number', default: 1e-8, min: 0, description: 'ε added to √v̂ for numerical stability.', pytorchName: 'eps' },
  weightDecaySpec(),
  maximizeSpec(),
  {
    name: 'amsgrad',
    type: 'boolean',
    default: false,
    description: 'AMSGrad: divide by the running maximum of v̂ instead of v̂ itself.',
    pytorchName: 'amsgrad',
  },
];
