import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

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
