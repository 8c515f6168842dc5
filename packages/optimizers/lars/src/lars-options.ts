import { learningRateSpec, maximizeSpec, noDecayBiasSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * LARS's settings, as `new Lars(params, options)` takes them (any subset: a missing field takes its default) and
 * `larsPlugin.validate` checks them. Each field gives its meaning and default; `larsOptionSpecs` gives the allowed
 * ranges.
 */
export interface LarsOptions {
  /** Global step size η. optax has no default; 1 here (the trust coefficient already scales the step by 1e-3). */
  lr: LearningRate;
  /** Weight decay λ, added to the gradient before the trust ratio. Default 0 (optax). */
  weightDecay: number;
  /** Leave parameters with < 2 dimensions or a name with bias/norm out of the weight decay. Default false (optax: all). */
  noDecayBias: boolean;
  /** Trust coefficient c of the ratio c‖θ‖/(‖u‖ + ε). Default 0.001 (optax and the paper). */
  trustCoefficient: number;
  /** Added to ‖u‖ in the ratio's denominator. Default 0 (optax). */
  eps: number;
  /** Momentum μ of the trace, which holds steps already scaled by η. Default 0.9 (optax). */
  momentum: number;
  /** Nesterov momentum: step along u + μ·trace. Default false (optax). */
  nesterov: boolean;
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

/**
 * The descriptors of LARS's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `larsPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const larsOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1),
  { name: 'weightDecay', type: 'number', default: 0, min: 0, description: 'Weight decay λ: u = g + λθ before the trust ratio (optax weight_decay).' },
  {
    name: 'trustCoefficient',
    type: 'number',
    default: 0.001,
    min: 0,
    minInclusive: false,
    description: 'Trust coefficient c: u is scaled by c‖θ‖/(‖u‖ + ε), per parameter tensor (optax trust_coefficient).',
  },
  { name: 'eps', type: 'number', default: 0, min: 0, description: 'ε added to ‖u‖ in the trust ratio (optax eps).' },
  { name: 'momentum', type: 'number', default: 0.9, min: 0, max: 1, description: 'Momentum μ of the trace of scaled steps (optax momentum).' },
  { name: 'nesterov', type: 'boolean', default: false, description: 'Nesterov momentum: the step is u + μ·trace (optax nesterov).' },
  noDecayBiasSpec(),
  maximizeSpec(),
];
