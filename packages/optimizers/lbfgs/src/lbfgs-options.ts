import { InvalidOptionError, learningRateSpec, maximizeSpec, type LearningRate, type OptimizerOptionSpecV1 } from '@descent/optim';

/**
 * LBFGS's settings, as `new Lbfgs(params, options)` takes them (any subset: a missing field takes its default) and
 * `lbfgsPlugin.validate` checks them. Each field gives its meaning and default; `lbfgsOptionSpecs` gives the allowed
 * ranges.
 */
export interface LbfgsOptions {
  /** The step length tried along each direction (the first iteration scales it by min(1, 1/‖g‖₁)). Default 1. */
  lr: LearningRate;
  /** Iterations per `step()`. Default 20. */
  maxIter: number;
  /** Evaluations of the closure per `step()`; 0 means ⌊5·maxIter/4⌋, PyTorch's `max_eval=None`. Default 0. */
  maxEval: number;
  /** A step ends once every |gᵢ| ≤ this. Default 1e-7 (PyTorch 1.13's value; its docstring says 1e-5). */
  toleranceGrad: number;
  /** A step ends once the loss or the parameters change by less than this. Default 1e-9. */
  toleranceChange: number;
  /** How many (s, y) pairs the inverse-Hessian approximation keeps. Default 100. */
  historySize: number;
  /**
   * `'strong_wolfe'` chooses each step length by a strong Wolfe line search; `'none'` (PyTorch's `None`) takes a
   * fixed step of lr. PyTorch `line_search_fn`. Default `'none'`.
   */
  lineSearchFn: 'none' | 'strong_wolfe';
  /** Climb the objective instead: the algorithm sees −f and −g. Default false. */
  maximize: boolean;
}

const count = (name: string, pytorchName: string, defaultValue: number, description: string, min = 1): OptimizerOptionSpecV1 => ({
  name,
  type: 'number',
  default: defaultValue,
  min,
  description,
  pytorchName,
});

/**
 * The descriptors of LBFGS's options: name, type, default, allowed range, a sentence of description, and the option's
 * PyTorch name where PyTorch has it. `lbfgsPlugin` validates options against them, the CLI makes its flags from them
 * and the docs their option table.
 */
export const lbfgsOptionSpecs: readonly OptimizerOptionSpecV1[] = [
  learningRateSpec(1, 'Step length along each L-BFGS direction (the first iteration scales it by min(1, 1/‖g‖₁)), or a schedule.'),
  count('maxIter', 'max_iter', 20, 'Iterations (direction + step) per step() call: a whole number.'),
  count('maxEval', 'max_eval', 0, 'Evaluations of the closure per step() call; 0 means ⌊5·maxIter/4⌋ (PyTorch’s None).', 0),
  { name: 'toleranceGrad', type: 'number', default: 1e-7, min: 0, description: 'A step ends when no gradient entry exceeds this in absolute value.', pytorchName: 'tolerance_grad' },
  {
    name: 'toleranceChange',
    type: 'number',
    default: 1e-9,
    min: 0,
    description: 'A step ends when the loss or the parameters change by less than this.',
    pytorchName: 'tolerance_change',
  },
  count('historySize', 'history_size', 100, 'How many (s, y) pairs approximate the inverse Hessian: a whole number.'),
  {
    name: 'lineSearchFn',
    type: 'choice',
    default: 'none',
    choices: ['none', 'strong_wolfe'],
    description: "'strong_wolfe' chooses each step length by a strong Wolfe line search; 'none' (PyTorch's None) steps a fixed lr.",
    pytorchName: 'line_search_fn',
  },
  { ...maximizeSpec(), description: 'Maximize the objective: the algorithm sees −f and −g (PyTorch’s LBFGS has no maximize).' },
];

/** The counts must be whole numbers: PyTorch compares iteration counts with them and slices history by them. */
export function validateLbfgsOptions(options: LbfgsOptions): void {
  for (const name of ['maxIter', 'maxEval', 'historySize'] as const) {
    if (!Number.isInteger(options[name])) {
      throw new InvalidOptionError('LBFGS', name, options[name], `a whole number ≥ ${name === 'maxEval' ? '0' : '1'}`);
    }
  }
}

/** The evaluation budget of one step: `maxEval`, or PyTorch's default ⌊5·maxIter/4⌋ when it is 0. */
export function evaluationBudget(options: LbfgsOptions): number {
  return options.maxEval === 0 ? Math.floor((options.maxIter * 5) / 4) : options.maxEval;
}
