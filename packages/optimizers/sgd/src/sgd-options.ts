import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

export interface SgdOptions {
  /** Step size η. Default 1e-3 (PyTorch 2's default). */
  lr: LearningRate;
  /** Coupled L2 penalty: g ← g + λθ. Default 0. */
  weightDecay: number;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

export const sgdOptionSpecs: readonly OptimizerOptionSpecV1[] = [learningRateSpec(1e-3), weightDecaySpec(), maximizeSpec()];
