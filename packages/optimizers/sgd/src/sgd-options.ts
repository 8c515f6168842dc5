import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * SGD's settings, as `new Sgd(params, options)` takes them (any subset: a missing field takes its default) and
 * `sgdPlugin.validate` checks them. Each field gives its meaning and default; `sgdOptionSpecs` gives the allowed
 * ranges.
 */
export interface SgdOptions {
  /** Step size η. Default 1e-3 (PyTorch 2's default). */
  lr: LearningRate;
  /** Coupled L2 penalty: g ← g + λθ. Default 0. */
  weightDecay: number;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/**
 * The descriptors of SGD's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `sgdPlugin` validates options against them, the CLI makes its flags from them and
 * the docs their option table.
 */
export const sgdOptionSpecs: readonly OptimizerOptionSpecV1[] = [learningRateSpec(1e-3), weightDecaySpec(), maximizeSpec()];
