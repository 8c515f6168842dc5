import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Adadelta's settings, as `new Adadelta(params, options)` takes them (any subset: a missing field takes its default)
 * and `adadeltaPlugin.validate` checks them. Each field gives its meaning and default; `adadeltaOptionSpecs` gives the
 * allowed ranges.
 */
export interface AdadeltaOptions {
  /** Scales the computed update. Default 1 (Zeiler's method has no learning rate; PyTorch keeps one). */
  lr: LearningRate;
  /** Decay ρ of both running averages. Default 0.9. */
  rho: number;
  /** ε inside both square roots. Default 1e-6. */
  eps: number;
  /** Coupled L2 penalty: g ← g + λθ. Default 0. */
  weightDecay: number;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Adadelta's options: name, type, default, allowed range, a sentence of description, and the
 * option's PyTorch name where PyTorch has it. `adadeltaPlugin` validates options against them, the CLI makes its flags
 * from them and the docs their option table.
 */
export const adadeltaOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1, 'Scale of the update (1 is Zeiler’s method), or a schedule (step) => η.'),
  {
    name: 'rho',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    description: 'Decay ρ of the running averages of squared gradients and of squared updates.',
    pytorchName: 'rho',
  },
  { name: 'eps', type: 'number', default: 1e-6, min: 0, description: 'ε inside both square roots; it also sets the size of the first steps.', pytorchName: 'eps' },
  weightDecaySpec(),
  maximizeSpec(),
];
