import { learningRateSpec, maximizeSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Yogi's settings, as `new Yogi(params, options)` takes them (any subset: a missing field takes its default) and
 * `yogiPlugin.validate` checks them. Each field gives its meaning and default; `yogiOptionSpecs` gives the allowed
 * ranges.
 */
export interface YogiOptions {
  /** Step size η. optax has no default; 1e-2 here (the paper's). */
  lr: LearningRate;
  /** Decay of the first-moment average, β₁. Default 0.9 (optax). */
  beta1: number;
  /** Rate β₂ of the additive second-moment update. Default 0.999 (optax). */
  beta2: number;
  /** Added to √v̂, outside the root. Default 1e-3 (optax and the paper). */
  eps: number;
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Yogi's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `yogiPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const yogiOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-2),
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
    description: 'Rate β₂ of the second moment: v ← v − (1 − β₂)·sign(v − g²)·g² (optax b2).',
  },
  { name: 'eps', type: 'number', default: 1e-3, min: 0, description: 'ε added to √v̂, outside the square root (optax eps).' },
  maximizeSpec(),
];
