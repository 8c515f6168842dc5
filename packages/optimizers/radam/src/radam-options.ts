import { learningRateSpec, maximizeSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * RAdam's settings, as `new RAdam(params, options)` takes them (any subset: a missing field takes its default) and
 * `radamPlugin.validate` checks them. Each field gives its meaning and default; `radamOptionSpecs` gives the allowed
 * ranges.
 */
export interface RAdamOptions {
  /** Step size η. Default 1e-3 (PyTorch). */
  lr: LearningRate;
  /** Decay of the first-moment average, β₁. Default 0.9. */
  beta1: number;
  /** Decay of the second-moment average, β₂; also sets ρ∞ = 2/(1 − β₂) − 1. Default 0.999. */
  beta2: number;
  /** Added to √v (outside the square root, as in PyTorch). Default 1e-8. */
  eps: number;
  /** Weight decay λ: coupled (g ← g + λθ) unless `decoupledWeightDecay`. Default 0. */
  weightDecay: number;
  /** Decouple the weight decay as AdamW does (RAdamW): θ ← θ(1 − ηλ) before the step. Default false. */
  decoupledWeightDecay: boolean;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of RAdam's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `radamPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const radamOptionSpecs: readonly OptimizerOptionSpecV1[] = [
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
    description: 'Decay rate β₂ of the running mean of squared gradients; the rectification starts once ρ_t > 5.',
    pytorchName: 'betas[1]',
  },
  { name: 'eps', type: 'number', default: 1e-8, min: 0, description: 'ε added to √v for numerical stability.', pytorchName: 'eps' },
  {
    name: 'weightDecay',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Weight decay λ: the gradient becomes g + λθ (L2 penalty), or with decoupledWeightDecay θ ← θ(1 − ηλ) before the step.',
    pytorchName: 'weight_decay',
  },
  maximizeSpec(),
  {
    name: 'decoupledWeightDecay',
    type: 'boolean',
    default: false,
    description: 'Decouple the weight decay as AdamW does (RAdamW): the parameter shrinks by 1 − ηλ, the gradient is left alone.',
    pytorchName: 'decoupled_weight_decay',
  },
];
