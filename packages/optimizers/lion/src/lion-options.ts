import { learningRateSpec, maximizeSpec, noDecayBiasSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Lion's settings, as `new Lion(params, options)` takes them (any subset: a missing field takes its default) and
 * `lionPlugin.validate` checks them. Each field gives its meaning and default; `lionOptionSpecs` gives the allowed
 * ranges.
 */
export interface LionOptions {
  /** Step size η. optax has no default; 1e-4 here (the paper: 3–10× smaller than AdamW's). */
  lr: LearningRate;
  /** Interpolation between momentum and gradient inside the sign, β₁. Default 0.9 (optax). */
  beta1: number;
  /** Decay of the momentum, β₂. Default 0.99 (optax). */
  beta2: number;
  /** Decoupled weight decay λ, added to the signed update before the step size. Default 1e-3 (optax). */
  weightDecay: number;
  /** Leave parameters with < 2 dimensions or a name with bias/norm out of the weight decay. Default false (optax: all). */
  noDecayBias: boolean;
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Lion's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `lionPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const lionOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-4),
  {
    name: 'beta1',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    description: 'β₁ (optax b1): the update is sign(β₁m + (1 − β₁)g).',
  },
  {
    name: 'beta2',
    type: 'number',
    default: 0.99,
    min: 0,
    max: 1,
    description: 'β₂ (optax b2): the momentum m ← β₂m + (1 − β₂)g.',
  },
  {
    name: 'weightDecay',
    type: 'number',
    default: 1e-3,
    min: 0,
    description: 'Decoupled weight decay λ: θ ← θ − η(sign(·) + λθ). optax’s default 1e-3; 0 turns it off.',
  },
  noDecayBiasSpec(),
  maximizeSpec(),
];
