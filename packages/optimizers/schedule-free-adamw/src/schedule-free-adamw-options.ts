import {
  InvalidOptionError,
  learningRateSpec,
  maximizeSpec,
  noDecayBiasSpec,
  warmupIndexingSpec,
  type LearningRate,
  type OptimizerOptionSpecV1,
  type WarmupIndexing,
} from '@descent/optim';

/**
 * Schedule-Free AdamW's settings, as `new ScheduleFreeAdamW(params, options)` takes them (any subset: a missing field
 * takes its default) and `scheduleFreeAdamWPlugin.validate` checks them. Each field gives its meaning and default;
 * `scheduleFreeAdamWOptionSpecs` gives the allowed ranges.
 */
export interface ScheduleFreeAdamWOptions {
  /** Step size η of the z sequence. Default 0.0025 (optax). */
  lr: LearningRate;
  /** Linear warmup of η over this many steps, from 0; 0 for none. Default 0 (optax's None). */
  warmupSteps: number;
  /** Whose warmup indexing: 'optax' (default: the first z step of a warmup is 0) or 'authors' ((k + 1)/W). */
  warmupIndexing: WarmupIndexing;
  /** β₁: the gradient point y = β₁x + (1 − β₁)z. Must be > 0. Default 0.9 (optax b1). */
  beta1: number;
  /** Decay of the second moment, β₂. Default 0.999 (optax b2). */
  beta2: number;
  /** ε added to √v̂, outside the root. Default 1e-8 (optax). */
  eps: number;
  /** Weight decay λ, taken at y and scaled by η. Default 0 (optax). */
  weightDecay: number;
  /** Leave parameters with < 2 dimensions or a name with bias/norm out of the weight decay. Default false (optax: all). */
  noDecayBias: boolean;
  /** The average weighs step t by max η^power. Default 2 (optax). */
  weightLrPower: number;
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Schedule-Free AdamW's options: name, type, default, allowed range, a sentence of description, and
 * the option's PyTorch name where PyTorch has it. `scheduleFreeAdamWPlugin` validates options against them, the CLI
 * makes its flags from them and the docs their option table.
 */
export const scheduleFreeAdamWOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(0.0025),
  {
    name: 'warmupSteps',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Linear warmup: η·k/W on the z step k (0, 1, …) of the first W, as optax’s warmup_constant_schedule. 0: none.',
  },
  warmupIndexingSpec(),
  {
    name: 'beta1',
    type: 'number',
    default: 0.9,
    min: 0,
    minInclusive: false,
    max: 1,
    description: 'β₁ (optax b1): gradients are taken at y = β₁x + (1 − β₁)z. Must be > 0.',
  },
  {
    name: 'beta2',
    type: 'number',
    default: 0.999,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'β₂ (optax b2): v ← β₂v + (1 − β₂)g², bias-corrected.',
  },
  { name: 'eps', type: 'number', default: 1e-8, min: 0, description: 'ε added to √v̂ in the denominator.' },
  {
    name: 'weightDecay',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Weight decay λ: the z step is −η(g/(√v̂ + ε) + λy), decay taken at the gradient point y.',
  },
  noDecayBiasSpec(),
  {
    name: 'weightLrPower',
    type: 'number',
    default: 2,
    min: 0,
    description: 'The running average x weighs step t by (max η so far)^power: early, warming-up steps count less.',
  },
  maximizeSpec(),
];

/** Refuses a fractional warmup (optax's warmup_steps is an integer). */
export function validateScheduleFreeAdamW(options: ScheduleFreeAdamWOptions): void {
  if (!Number.isInteger(options.warmupSteps)) {
    throw new InvalidOptionError('Schedule-Free AdamW', 'warmupSteps', options.warmupSteps, 'a whole number ≥ 0');
  }
}
