import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

export interface NesterovOptions {
  /** Step size η. Default 1e-3 (PyTorch 2's SGD default). */
  lr: LearningRate;
  /** Momentum μ; Nesterov needs μ > 0. Default 0.9. */
  momentum: number;
  /** Coupled L2 penalty: g ← g + λθ. Default 0. */
  weightDecay: number;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

export const nesterovOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-3),
  {
    name: 'momentum',
    type: 'number',
    default: 0.9,
    min: 0,
    minInclusive: false,
    max: 1,
    maxInclusive: false,
    description: 'Momentum μ ∈ (0, 1): how much of the previous velocity each step keeps (Nesterov needs μ > 0).',
    pytorchName: 'momentum',
  },
  weightDecaySpec(),
  maximizeSpec(),
];
