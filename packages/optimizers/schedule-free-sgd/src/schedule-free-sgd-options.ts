import { InvalidOptionError, learningRateSpec, maximizeSpec, warmupIndexingSpec, type LearningRate, type OptimizerOptionSpecV1, type WarmupIndexing } from '@descent/optim';

/**
 * Schedule-Free SGD's settings, as `new ScheduleFreeSgd(params, options)` takes them (any subset: a missing field
 * takes its default) and `scheduleFreeSgdPlugin.validate` checks them. Each field gives its meaning and default;
 * `scheduleFreeSgdOptionSpecs` gives the allowed ranges.
 */
export interface ScheduleFreeSgdOptions {
  /** Step size η of the z sequence. Default 1 (optax). */
  lr: LearningRate;
  /** Linear warmup of η over this many steps, from 0; 0 for none. Default 0 (optax's None). */
  warmupSteps: number;
  /** Whose warmup indexing: 'optax' (default: the first z step of a warmup is 0) or 'authors' ((k + 1)/W). */
  warmupIndexing: WarmupIndexing;
  /** β (optax b1): the gradient point y = βx + (1 − β)z. Must be > 0. Default 0.9. */
  momentum: number;
  /** Weight decay λ, taken at y and scaled by η. Default 0 (optax's None). */
  weightDecay: number;
  /** The average weighs step t by max η^power. Default 2 (optax). */
  weightLrPower: number;
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Schedule-Free SGD's options: name, type, default, allowed range, a sentence of description, and
 * the option's PyTorch name where PyTorch has it. `scheduleFreeSgdPlugin` validates options against them, the CLI
 * makes its flags from them and the docs their option table.
 */
export const scheduleFreeSgdOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1),
  {
    name: 'warmupSteps',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Linear warmup: η·k/W on the z step k (0, 1, …) of the first W, as optax’s warmup_constant_schedule. 0: none.',
  },
  warmupIndexingSpec(),
  {
    name: 'momentum',
    type: 'number',
    default: 0.9,
    min: 0,
    minInclusive: false,
    max: 1,
    description: 'β (optax b1): gradients are taken at y = βx + (1 − β)z, the interpolation that replaces momentum. Must be > 0.',
  },
  {
    name: 'weightDecay',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Weight decay λ: the z step is −η(g + λy), decay taken at the gradient point y.',
  },
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
export function validateScheduleFreeSgd(options: ScheduleFreeSgdOptions): void {
  if (!Number.isInteger(options.warmupSteps)) {
    throw new InvalidOptionError('Schedule-Free SGD', 'warmupSteps', options.warmupSteps, 'a whole number ≥ 0');
  }
}
