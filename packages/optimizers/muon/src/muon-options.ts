import { InvalidOptionError, learningRateSpec, maximizeSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/** Keller Jordan's quintic Newton–Schulz coefficients, PyTorch's defaults. */
export const DEFAULT_NS_COEFFICIENTS = [3.4445, -4.775, 2.0315] as const;

/**
 * Muon's settings, as `new Muon(params, options)` takes them (any subset: a missing field takes its default) and
 * `muonPlugin.validate` checks them. Each field gives its meaning and default; `muonOptionSpecs` gives the allowed
 * ranges.
 */
export interface MuonOptions {
  /** Step size η. Default 1e-3 (PyTorch). */
  lr: LearningRate;
  /** Decoupled weight decay λ: θ ← θ(1 − ηλ) before the update. Default 0.1 (PyTorch). */
  weightDecay: number;
  /** Momentum μ of the buffer B ← μB + (1 − μ)g. Default 0.95. */
  momentum: number;
  /** Orthogonalize (1 − μ)g + μB instead of B. Default true. */
  nesterov: boolean;
  /** The Newton–Schulz polynomial's coefficients a, b, c (PyTorch `ns_coefficients`). */
  nsA: number;
  nsB: number;
  nsC: number;
  /** The Frobenius norm is clamped to at least ε before dividing. Default 1e-7. */
  eps: number;
  /** Newton–Schulz iterations, a whole number below 100. Default 5. */
  nsSteps: number;
  /**
   * How η is adjusted for a matrix of A × B: `'original'` scales it by √max(1, A/B), `'match_rms_adamw'` (Moonshot's)
   * by 0.2·√max(A, B). PyTorch `adjust_lr_fn` (its None is `'original'`). Default `'original'`.
   */
  adjustLrFn: 'original' | 'match_rms_adamw';
  /** Climb the objective instead: the update uses −g. Default false. */
  maximize: boolean;
}

const coefficient = (name: 'nsA' | 'nsB' | 'nsC', index: number): OptimizerOptionSpecV1 => ({
  name,
  type: 'number',
  default: DEFAULT_NS_COEFFICIENTS[index] as number,
  description: `Coefficient ${'abc'[index] ?? ''} of the Newton–Schulz polynomial aX + b(XXᵀ)X + c(XXᵀ)²X (PyTorch ns_coefficients[${String(index)}]).`,
  pytorchName: 'ns_coefficients',
});

/**
 * The descriptors of Muon's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `muonPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const muonOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1e-3),
  {
    name: 'weightDecay',
    type: 'number',
    default: 0.1,
    min: 0,
    description: 'Decoupled weight decay λ: θ ← θ(1 − ηλ) before the update (PyTorch weight_decay).',
    pytorchName: 'weight_decay',
  },
  { name: 'momentum', type: 'number', default: 0.95, min: 0, description: 'Momentum μ: B ← μB + (1 − μ)g.', pytorchName: 'momentum' },
  { name: 'nesterov', type: 'boolean', default: true, description: 'Orthogonalize (1 − μ)g + μB, the Nesterov look-ahead, instead of B.', pytorchName: 'nesterov' },
  coefficient('nsA', 0),
  coefficient('nsB', 1),
  coefficient('nsC', 2),
  { name: 'eps', type: 'number', default: 1e-7, min: 0, description: 'Lower bound of the Frobenius norm the update is divided by.', pytorchName: 'eps' },
  {
    name: 'nsSteps',
    type: 'number',
    default: 5,
    min: 0,
    max: 100,
    maxInclusive: false,
    description: 'Newton–Schulz iterations per step: a whole number below 100.',
    pytorchName: 'ns_steps',
  },
  {
    name: 'adjustLrFn',
    type: 'choice',
    default: 'original',
    choices: ['original', 'match_rms_adamw'],
    description: "'original' scales η by √max(1, A/B); 'match_rms_adamw' by 0.2·√max(A, B), to reuse AdamW's η and λ.",
    pytorchName: 'adjust_lr_fn',
  },
  maximizeSpec(),
];

/** `nsSteps` is a count: PyTorch loops `range(ns_steps)`. */
export function validateMuonOptions(options: MuonOptions): void {
  if (!Number.isInteger(options.nsSteps)) throw new InvalidOptionError('Muon', 'nsSteps', options.nsSteps, 'a whole number in [0, 100)');
}
