import { learningRateSpec, maximizeSpec, weightDecaySpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * ASGD's settings, as `new Asgd(params, options)` takes them (any subset: a missing field takes its default) and
 * `asgdPlugin.validate` checks them. Each field gives its meaning and default; `asgdOptionSpecs` gives the allowed
 * ranges.
 */
export interface AsgdOptions {
  /** Step size η₀ at the start of the decay. Default 1e-2 (PyTorch). */
  lr: LearningRate;
  /** λ, the decay term: η_t = η₀ / (1 + λη₀t)^α, and θ shrinks by (1 − λη) every step. Default 1e-4. */
  lambd: number;
  /** α, the power of the step-size decay. Default 0.75. */
  alpha: number;
  /** t₀, the step after which averaging starts. Default 1e6. */
  t0: number;
  /** Coupled L2 penalty: g ← g + λ_wd θ. Default 0. */
  weightDecay: number;
  /** Climb the objective instead: the update uses −g (PyTorch maximize). Default false. */
  maximize: boolean;
}

/** PyTorch checks lr ≥ 0 and weight_decay ≥ 0 only; lambd, alpha and t0 take any number, here any finite one. */
export const asgdOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-2, 'Initial step size η₀ (decayed as η₀ / (1 + λη₀t)^α), or a schedule (step) => η₀.'),
  { name: 'lambd', type: 'number', default: 1e-4, description: 'λ: decay term of the step size and of the parameters.', pytorchName: 'lambd' },
  { name: 'alpha', type: 'number', default: 0.75, description: 'α: power of the step-size decay η₀ / (1 + λη₀t)^α.', pytorchName: 'alpha' },
  { name: 't0', type: 'number', default: 1e6, description: 't₀: averaging starts after this many steps.', pytorchName: 't0' },
  weightDecaySpec(),
  maximizeSpec(),
];
