import { learningRateSpec, maximizeSpec, noDecayBiasSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * LAMB's settings, as `new Lamb(params, options)` takes them (any subset: a missing field takes its default) and
 * `lambPlugin.validate` checks them. Each field gives its meaning and default; `lambOptionSpecs` gives the allowed
 * ranges.
 */
export interface LambOptions {
  /** Step size η. optax has no default; 1e-3 here. */
  lr: LearningRate;
  /** Decay of the first-moment average, β₁. Default 0.9 (optax). */
  beta1: number;
  /** Decay of the second-moment average, β₂. Default 0.999 (optax). */
  beta2: number;
  /** Added to √(v̂ + ε_root), outside the root. Default 1e-6 (optax). */
  eps: number;
  /** Added to v̂ inside the root. Default 0 (optax). */
  epsRoot: number;
  /** Decoupled weight decay λ, added to Adam's direction before the trust ratio. Default 0 (optax). */
  weightDecay: number;
  /** Leave parameters with < 2 dimensions or a name with bias/norm out of the weight decay. Default false (optax: all). */
  noDecayBias: boolean;
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

/**
 * The descriptors of LAMB's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `lambPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const lambOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-3),
  {
    name: 'beta1',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Decay rate β₁ of the running mean of gradients (optax b1).',
  },
  {
    name: 'beta2',
    type: 'number',
    default: 0.999,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Decay rate β₂ of the running mean of squared gradients (optax b2).',
  },
  { name: 'eps', type: 'number', default: 1e-6, min: 0, description: 'ε added to √(v̂ + ε_root), outside the root (optax eps).' },
  { name: 'epsRoot', type: 'number', default: 0, min: 0, description: 'ε_root added to v̂ inside the square root (optax eps_root).' },
  {
    name: 'weightDecay',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Decoupled weight decay λ: the direction r + λθ is what the trust ratio scales (optax weight_decay).',
  },
  noDecayBiasSpec(),
  maximizeSpec(),
];
