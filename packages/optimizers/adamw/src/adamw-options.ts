import { learningRateSpec, maximizeSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * AdamW's settings, as `new AdamW(params, options)` takes them (any subset: a missing field takes its default) and
 * `adamwPlugin.validate` checks them. Each field gives its meaning and default; `adamwOptionSpecs` gives the allowed
 * ranges.
 */
export interface AdamWOptions {
  /** Step size η. Default 1e-3 (PyTorch). */
  lr: LearningRate;
  /** Decay of the first-moment average, β₁. Default 0.9. */
  beta1: number;
  /** Decay of the second-moment average, β₂. Default 0.999. */
  beta2: number;
  /** Added to √v̂ (outside the square root, as in PyTorch). Default 1e-8. */
  eps: number;
  /** Decoupled weight decay λ: θ ← θ(1 − ηλ) before the Adam step. Default 0.01 (PyTorch). */
  weightDecay: number;
  /** Use the running maximum of v (Reddi et al. 2018). Default false. */
  amsgrad: boolean;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of AdamW's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `adamwPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const adamwOptionSpecs: readonly OptimizerOptionSpecV1[] = [
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
  {
    name: 'weightDecay',
    type: 'number',
    default: 0.01,
    min: 0,
    description: 'Decoupled weight decay λ: the parameter shrinks by θ ← θ(1 − ηλ) before the Adam step, the gradient is left alone.',
    pytorchName: 'weight_decay',
  },
  maximizeSpec(),
  {
    name: 'amsgrad',
    type: 'boolean',
    default: false,
    description: 'AMSGrad: divide by the running maximum of v̂ instead of v̂ itself.',
    pytorchName: 'amsgrad',
  },
];
