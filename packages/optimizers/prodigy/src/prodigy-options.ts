import { learningRateSpec, maximizeSpec, noDecayBiasSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Prodigy's settings, as `new Prodigy(params, options)` takes them (any subset: a missing field takes its default) and
 * `prodigyPlugin.validate` checks them. Each field gives its meaning and default; `prodigyOptionSpecs` gives the
 * allowed ranges.
 */
export interface ProdigyOptions {
  /** A multiplier of the estimated step size d (a schedule's base value). Default 1 (optax). */
  lr: LearningRate;
  /** Decay of Adam's first moment, β₁. Default 0.9 (optax). */
  beta1: number;
  /** Decay of Adam's second moment, β₂. Default 0.999 (optax). */
  beta2: number;
  /** Decay of the d estimate's sums, β₃; 0 stands for optax's default √β₂. Default 0 (√β₂). */
  beta3: number;
  /** Weight decay λ, decoupled, scaled by the step d·η. Default 0 (optax). */
  weightDecay: number;
  /** Leave parameters with < 2 dimensions or a name with bias/norm out of the weight decay. Default false (optax: all). */
  noDecayBias: boolean;
  /** ε in the denominator, scaled by d: √v + dε. Default 1e-8 (optax). */
  eps: number;
  /** The first (under-)estimate d₀ of the step size. Default 1e-6 (optax). */
  estimLr0: number;
  /** Every estimate of d is multiplied by this. Default 1 (optax). */
  estimLrCoef: number;
  /** Leave η out of the estimate's denominator sum (for warmup schedules). Default false (optax). */
  safeguardWarmup: boolean;
  /**
   * Take d·η without Adam's bias correction √(1 − β₂ᵗ)/(1 − β₁ᵗ), as the authors' code does by default
   * (konstmish/prodigy, use_bias_correction=False). Default false: optax always corrects.
   */
  noBiasCorrection: boolean;
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Prodigy's options: name, type, default, allowed range, a sentence of description, and the
 * option's PyTorch name where PyTorch has it. `prodigyPlugin` validates options against them, the CLI makes its flags
 * from them and the docs their option table.
 */
export const prodigyOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1, 'η: multiplies the estimated step size d (1 unless a schedule shapes it), or a schedule (step) => η.'),
  { name: 'beta1', type: 'number', default: 0.9, min: 0, max: 1, maxInclusive: false, description: 'β₁: m ← β₁m + (1 − β₁)d·g.' },
  { name: 'beta2', type: 'number', default: 0.999, min: 0, max: 1, maxInclusive: false, description: 'β₂: v ← β₂v + (1 − β₂)d²g².' },
  {
    name: 'beta3',
    type: 'number',
    default: 0,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'β₃: decay of the sums that estimate d. 0 (the default) means √β₂, optax’s default.',
  },
  { name: 'weightDecay', type: 'number', default: 0, min: 0, description: 'Decoupled weight decay λ: θ ← θ − dηλθ beside the Adam step.' },
  { name: 'eps', type: 'number', default: 1e-8, min: 0, description: 'ε: the denominator is √v + dε.' },
  { name: 'estimLr0', type: 'number', default: 1e-6, min: 0, minInclusive: false, description: 'd₀, the first (under-)estimate of the step size.' },
  { name: 'estimLrCoef', type: 'number', default: 1, min: 0, minInclusive: false, description: 'Multiplies every estimate of d.' },
  {
    name: 'safeguardWarmup',
    type: 'boolean',
    default: false,
    description: 'Leave η out of the sum in the estimate’s denominator, so a warmup schedule’s small η does not inflate d.',
  },
  {
    name: 'noBiasCorrection',
    type: 'boolean',
    default: false,
    description:
      'Step by d·η without the bias correction √(1 − β₂ᵗ)/(1 − β₁ᵗ), as the authors’ code by default (use_bias_correction=False); optax always corrects.',
  },
  noDecayBiasSpec(),
  maximizeSpec(),
];
