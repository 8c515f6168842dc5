import { learningRateSpec, maximizeSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * NAdam's settings, as `new NAdam(params, options)` takes them (any subset: a missing field takes its default) and
 * `nadamPlugin.validate` checks them. Each field gives its meaning and default; `nadamOptionSpecs` gives the allowed
 * ranges.
 */
export interface NAdamOptions {
  /** Step size η. Default 2e-3 (PyTorch). */
  lr: LearningRate;
  /** β₁: the momentum μ_t = β₁(1 − ½·0.96^(tψ)) approaches it. Default 0.9. */
  beta1: number;
  /** Decay of the second-moment average, β₂. Default 0.999. */
  beta2: number;
  /** Added to √v̂ (outside the square root, as in PyTorch). Default 1e-8. */
  eps: number;
  /** Weight decay λ: coupled (g ← g + λθ) unless `decoupledWeightDecay`. Default 0. */
  weightDecay: number;
  /** ψ in the momentum schedule μ_t = β₁(1 − ½·0.96^(tψ)). Default 4e-3 (PyTorch, after Dozat). */
  momentumDecay: number;
  /** Decouple the weight decay as AdamW does (NAdamW): θ ← θ(1 − ηλ) before the step. Default false. */
  decoupledWeightDecay: boolean;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of NAdam's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `nadamPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const nadamOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(2e-3),
  {
    name: 'beta1',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'β₁, the limit of the momentum schedule μ_t = β₁(1 − ½·0.96^(tψ)) and the decay of the running mean of gradients.',
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
    default: 0,
    min: 0,
    description: 'Weight decay λ: the gradient becomes g + λθ (L2 penalty), or with decoupledWeightDecay θ ← θ(1 − ηλ) before the step.',
    pytorchName: 'weight_decay',
  },
  maximizeSpec(),
  {
    name: 'momentumDecay',
    type: 'number',
    default: 4e-3,
    min: 0,
    description: 'ψ in the momentum schedule μ_t = β₁(1 − ½·0.96^(tψ)).',
    pytorchName: 'momentum_decay',
  },
  {
    name: 'decoupledWeightDecay',
    type: 'boolean',
    default: false,
    description: 'Decouple the weight decay as AdamW does (NAdamW): the parameter shrinks by 1 − ηλ, the gradient is left alone.',
    pytorchName: 'decoupled_weight_decay',
  },
];
