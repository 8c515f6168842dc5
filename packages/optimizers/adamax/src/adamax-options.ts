import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Adamax's settings, as `new Adamax(params, options)` takes them (any subset: a missing field takes its default) and
 * `adamaxPlugin.validate` checks them. Each field gives its meaning and default; `adamaxOptionSpecs` gives the allowed
 * ranges.
 */
export interface AdamaxOptions {
  /** Step size η. Default 2e-3 (PyTorch and the paper). */
  lr: LearningRate;
  /** Decay of the first-moment average, β₁. Default 0.9. */
  beta1: number;
  /** Decay of the infinity norm, β₂. Default 0.999. */
  beta2: number;
  /** Added to |g| inside the running maximum (PyTorch). Default 1e-8. */
  eps: number;
  /** Coupled L2 penalty: g ← g + λθ. Default 0. */
  weightDecay: number;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Adamax's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `adamaxPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const adamaxOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(2e-3),
  {
    name: 'beta1',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Decay rate β₁ of the running mean of gradients (first moment).',
    pytorchName: 'betas[0]',
  },
  {
    name: 'beta2',
    type: 'number',
    default: 0.999,
    min: 0,
    max: 1,
    maxInclusive: false,
    description: 'Decay rate β₂ of the exponentially weighted infinity norm u = max(β₂u, |g| + ε).',
    pytorchName: 'betas[1]',
  },
  { name: 'eps', type: 'number', default: 1e-8, min: 0, description: 'ε added to |g| in the running maximum, so u > 0.', pytorchName: 'eps' },
  weightDecaySpec(),
  maximizeSpec(),
];
