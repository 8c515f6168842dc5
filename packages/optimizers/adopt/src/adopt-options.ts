import { learningRateSpec, maximizeSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * ADOPT's settings, as `new Adopt(params, options)` takes them (any subset: a missing field takes its default) and
 * `adoptPlugin.validate` checks them. Each field gives its meaning and default; `adoptOptionSpecs` gives the allowed
 * ranges.
 */
export interface AdoptOptions {
  /** Step size η. optax has no default; 1e-3 here (the authors'). */
  lr: LearningRate;
  /** Decay of the running mean of normalised gradients, β₁. Default 0.9 (optax). */
  beta1: number;
  /** Decay of the second moment, β₂. Default 0.9999 (optax and the paper). */
  beta2: number;
  /** Floor of √v in the normalisation g / max(√v, ε). Default 1e-6 (optax). */
  eps: number;
  /** Nesterov momentum: the update is β₁m + (1 − β₁)ĝ with the new m. Default false (optax nesterov). */
  nesterov: boolean;
  /** Turn off the clipping of the normalised gradient to ±(t − 1)^¼ (optax use_clipping=False). Default false. */
  noClipping: boolean;
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

/**
 * The descriptors of ADOPT's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `adoptPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const adoptOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-3),
  {
    name: 'beta1',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Decay rate β₁ of the running mean of normalised gradients m (optax b1).',
  },
  {
    name: 'beta2',
    type: 'number',
    default: 0.9999,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Decay rate β₂ of the running mean of squared gradients v (optax b2).',
  },
  { name: 'eps', type: 'number', default: 1e-6, min: 0, description: 'ε: the gradient is divided by max(√v, ε) (optax eps).' },
  {
    name: 'nesterov',
    type: 'boolean',
    default: false,
    description: 'Nesterov momentum: step along β₁m + (1 − β₁)ĝ with the updated m (optax nesterov).',
  },
  {
    name: 'noClipping',
    type: 'boolean',
    default: false,
    description: 'Do not clip the normalised gradient to ±(t − 1)^¼ (optax use_clipping=False, the paper’s plain ADOPT).',
  },
  maximizeSpec(),
];
