import { InvalidOptionError, learningRateSpec, maximizeSpec, noDecayBiasSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * AdaBelief's settings, as `new AdaBelief(params, options)` takes them (any subset: a missing field takes its default)
 * and `adabeliefPlugin.validate` checks them. Each field gives its meaning and default; `adabeliefOptionSpecs` gives
 * the allowed ranges.
 */
export interface AdaBeliefOptions {
  /** Step size η. optax has no default; 1e-3 here (the paper's). */
  lr: LearningRate;
  /** Decay of the first-moment average, β₁. Default 0.9 (optax). */
  beta1: number;
  /** Decay of the average of the squared prediction error, β₂. Default 0.999 (optax). */
  beta2: number;
  /** Added to √ŝ, outside the root. Default 1e-16 (optax). */
  eps: number;
  /** Added to s at every step, inside the root (and kept in s, as optax does). Default 1e-16 (optax). */
  epsRoot: number;
  /** Decoupled weight decay λ, added to the update before the step size: θ ← θ − η(u + λθ). Default 0. */
  weightDecay: number;
  /** Leave parameters with < 2 dimensions or a name with bias/norm out of the weight decay. Default false (optax: all). */
  noDecayBias: boolean;
  /** Nesterov momentum in m̂, as optax's scale_by_belief(nesterov=True). Default false. */
  nesterov: boolean;
  /**
   * The authors' rectified update (RAdam's variance rectification, juntang-zhuang/Adabelief-Optimizer's default
   * rectify=True, with degenerated_to_sgd): a momentum step m/(1 − β₁ᵗ) while ρₜ < 5. Default false (optax).
   */
  rectify: boolean;
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

/**
 * The descriptors of AdaBelief's options: name, type, default, allowed range, a sentence of description, and the
 * option's PyTorch name where PyTorch has it. `adabeliefPlugin` validates options against them, the CLI makes its
 * flags from them and the docs their option table.
 */
export const adabeliefOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-3),
  {
    name: 'beta1',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Decay rate β₁ of the running mean of gradients m (optax b1).',
  },
  {
    name: 'beta2',
    type: 'number',
    default: 0.999,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Decay rate β₂ of s, the running mean of (g − m)² (optax b2).',
  },
  { name: 'eps', type: 'number', default: 1e-16, min: 0, description: 'ε added to √ŝ, outside the square root (optax eps).' },
  {
    name: 'epsRoot',
    type: 'number',
    default: 1e-16,
    min: 0,
    description: 'Added to s at every step and kept there, inside the square root (optax eps_root).',
  },
  { name: 'weightDecay', type: 'number', default: 0, min: 0, description: 'Decoupled weight decay λ: θ ← θ − η(u + λθ) (optax weight_decay).' },
  {
    name: 'nesterov',
    type: 'boolean',
    default: false,
    description: 'Nesterov momentum: m̂ = β₁m/(1 − β₁ᵗ⁺¹) + (1 − β₁)g/(1 − β₁ᵗ) (optax nesterov).',
  },
  {
    name: 'rectify',
    type: 'boolean',
    default: false,
    description:
      'The authors’ rectified update (their default): RAdam’s rectification r(ρₜ) of the step, a plain momentum step m̂ while ρₜ < 5. optax has none.',
  },
  noDecayBiasSpec(),
  maximizeSpec(),
];

/** Refuses Nesterov with the rectified update: the authors' code has no Nesterov, optax no rectification. */
export function validateAdaBelief(options: AdaBeliefOptions): void {
  if (options.rectify && options.nesterov) {
    throw new InvalidOptionError('AdaBelief', 'nesterov', true, 'false with rectify (the authors’ rectified update has no Nesterov form)');
  }
}
