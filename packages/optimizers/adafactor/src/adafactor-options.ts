import { learningRateSpec, maximizeSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * Adafactor's settings, as `new Adafactor(params, options)` takes them (any subset: a missing field takes its default)
 * and `adafactorPlugin.validate` checks them. Each field gives its meaning and default; `adafactorOptionSpecs` gives
 * the allowed ranges.
 */
export interface AdafactorOptions {
  /** The largest relative step ρ_t = min(η, 1/√t), and the scale of the weight decay. Default 1e-2 (PyTorch). */
  lr: LearningRate;
  /** τ in β̂₂ = 1 − t^τ: the second moments average over a window that grows with t. Default −0.8. */
  beta2Decay: number;
  /** ε₁, the floor of the second-moment estimate (squared) and of its row mean; 0 means the dtype's machine ε. */
  eps1: number;
  /** ε₂, the floor of RMS(θ) in the step size. Default 1e-3. */
  eps2: number;
  /** The update is scaled down until its RMS is at most d. Default 1. */
  d: number;
  /** Decoupled weight decay λ: θ ← θ(1 − ηλ). Default 0. */
  weightDecay: number;
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

/**
 * The descriptors of Adafactor's options: name, type, default, allowed range, a sentence of description, and the
 * option's PyTorch name where PyTorch has it. `adafactorPlugin` validates options against them, the CLI makes its
 * flags from them and the docs their option table.
 */
export const adafactorOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-2, 'Largest relative step size ρ_t = min(η, 1/√t) and the weight-decay scale, or a schedule (step) => η.'),
  {
    name: 'beta2Decay',
    type: 'number',
    default: -0.8,
    max: 0,
    description: 'τ in β̂₂,t = 1 − t^τ, the decay of the second-moment averages.',
    pytorchName: 'beta2_decay',
  },
  {
    name: 'eps1',
    type: 'number',
    default: 0,
    min: 0,
    description: 'ε₁: floor of the second-moment estimate (as ε₁²) and of its row mean; 0 means the dtype\'s machine ε (PyTorch eps[0] = None).',
    pytorchName: 'eps',
  },
  { name: 'eps2', type: 'number', default: 1e-3, min: 0, description: 'ε₂: floor of RMS(θ) in the step size α_t = max(ε₂, RMS(θ))·ρ_t.', pytorchName: 'eps' },
  { name: 'd', type: 'number', default: 1, min: 1, description: 'Clipping threshold: the update is divided by max(1, RMS(U)/d).', pytorchName: 'd' },
  {
    name: 'weightDecay',
    type: 'number',
    default: 0,
    min: 0,
    description: 'Decoupled weight decay λ: θ ← θ(1 − ηλ) before the update (PyTorch weight_decay).',
    pytorchName: 'weight_decay',
  },
  maximizeSpec(),
];
