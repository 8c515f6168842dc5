import { InvalidOptionError, learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * RMSprop's settings, as `new Rmsprop(params, options)` takes them (any subset: a missing field takes its default) and
 * `rmspropPlugin.validate` checks them. Each field gives its meaning and default; `rmspropOptionSpecs` gives the
 * allowed ranges.
 */
export interface RmspropOptions {
  /** Step size η. Default 1e-2 (PyTorch). */
  lr: LearningRate;
  /** Smoothing constant γ of the running mean of g². Default 0.99 (PyTorch; Hinton's lecture and Keras use 0.9). */
  alpha: number;
  /** Added to √m outside the square root. Default 1e-8. */
  eps: number;
  /** Coupled L2 penalty: g ← g + λθ. Default 0. */
  weightDecay: number;
  /** Momentum μ on the scaled step. Default 0. */
  momentum: number;
  /** Divide by the estimated variance (m − mean(g)²) instead of the raw second moment (Graves 2013). Default false. */
  centered: boolean;
  /** Nesterov look-ahead: the book's equation 11.8. Needs momentum > 0. Default false. */
  nesterov: boolean;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of RMSprop's options: name, type, default, allowed range, a sentence of description, and the
 * option's PyTorch name where PyTorch has it. `rmspropPlugin` validates options against them, the CLI makes its flags
 * from them and the docs their option table.
 */
export const rmspropOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-2),
  {
    name: 'alpha',
    type: 'number',
    default: 0.99,
    min: 0,
    max: 1,
    description: 'Smoothing constant γ of the running mean of squared gradients (the book’s γ; Hinton used 0.9).',
    pytorchName: 'alpha',
  },
  { name: 'eps', type: 'number', default: 1e-8, min: 0, description: 'ε added to √m so that the division is safe.', pytorchName: 'eps' },
  weightDecaySpec(),
  maximizeSpec(),
  {
    name: 'momentum',
    type: 'number',
    default: 0,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Momentum μ applied to the scaled gradient steps (0 turns it off).',
    pytorchName: 'momentum',
  },
  {
    name: 'centered',
    type: 'boolean',
    default: false,
    description: 'Normalise by an estimate of the gradient’s variance instead of its second moment.',
    pytorchName: 'centered',
  },
  {
    name: 'nesterov',
    type: 'boolean',
    default: false,
    description: 'Nesterov look-ahead on the momentum (the book’s eq. 11.8); needs momentum > 0. Not in PyTorch.',
  },
];

/**
 * The check across options that the per-option ranges cannot express: `nesterov` needs `momentum` > 0. Throws
 * InvalidOptionError naming `nesterov` otherwise; `rmspropPlugin.validate` and the `Rmsprop` constructor call it.
 */
export function validateRmspropOptions(options: RmspropOptions): void {
  if (options.nesterov && options.momentum === 0) {
    throw new InvalidOptionError('RMSprop', 'nesterov', true, 'false unless momentum > 0');
  }
}
