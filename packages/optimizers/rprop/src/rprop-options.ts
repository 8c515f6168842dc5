import { InvalidOptionError, learningRateSpec, maximizeSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Rprop's settings, as `new Rprop(params, options)` takes them (any subset: a missing field takes its default) and
 * `rpropPlugin.validate` checks them. Each field gives its meaning and default; `rpropOptionSpecs` gives the allowed
 * ranges.
 */
export interface RpropOptions {
  /** The initial step size of every weight. Default 1e-2 (PyTorch). Read once, on a parameter's first step. */
  lr: LearningRate;
  /** η₋: a step size shrinks by this factor when the gradient changes sign. Default 0.5 (PyTorch `etas[0]`). */
  etaMinus: number;
  /** η₊: a step size grows by this factor while the gradient keeps its sign. Default 1.2 (PyTorch `etas[1]`). */
  etaPlus: number;
  /** Γ_min, the smallest step size. Default 1e-6 (PyTorch `step_sizes[0]`). */
  stepSizeMin: number;
  /** Γ_max, the largest step size. Default 50 (PyTorch `step_sizes[1]`). */
  stepSizeMax: number;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/** PyTorch's Rprop has no weight decay, so neither has this one. */
export const rpropOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-2, 'Initial step size of every weight (Rprop then adapts each one); a schedule is read at a parameter’s first step only.'),
  {
    name: 'etaMinus',
    type: 'number',
    default: 0.5,
    min: 0,
    minInclusive: false,
    max: 1,
    maxInclusive: false,
    description: 'η₋: factor by which a step size shrinks when its gradient changes sign.',
    pytorchName: 'etas[0]',
  },
  {
    name: 'etaPlus',
    type: 'number',
    default: 1.2,
    min: 1,
    minInclusive: false,
    description: 'η₊: factor by which a step size grows while its gradient keeps its sign.',
    pytorchName: 'etas[1]',
  },
  { name: 'stepSizeMin', type: 'number', default: 1e-6, min: 0, description: 'Γ_min: the smallest step size.', pytorchName: 'step_sizes[0]' },
  { name: 'stepSizeMax', type: 'number', default: 50, min: 0, description: 'Γ_max: the largest step size.', pytorchName: 'step_sizes[1]' },
  maximizeSpec(),
];

/**
 * PyTorch checks 0 < η₋ < 1 < η₊ (the ranges above) and nothing about the step sizes; a Γ_min above Γ_max would clamp
 * every step size to Γ_max, which is never what was meant, so it is refused here.
 */
export function validateRpropOptions(options: RpropOptions): void {
  if (options.stepSizeMin > options.stepSizeMax) {
    throw new InvalidOptionError('Rprop', 'stepSizeMin', options.stepSizeMin, `a number ≤ stepSizeMax (${String(options.stepSizeMax)})`);
  }
}
