import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Lbfgs } from './lbfgs.js';
import { lbfgsOptionSpecs, validateLbfgsOptions, type LbfgsOptions } from './lbfgs-options.js';

/**
 * LBFGS (Nocedal 1980) as a descent optimizer plugin, id `lbfgs`. Limited-memory BFGS: a quasi-Newton direction from
 * the last few steps and gradient changes; step(closure) re-evaluates the loss several times. The plugin holds the
 * descriptor (update rule, the comparison with PyTorch, references), validates options and creates the optimizer
 * (`Lbfgs`); `Network.compile` and the CLI's optimizer registry take it.
 */
export const lbfgsPlugin: OptimizerPluginV1<LbfgsOptions> = {
  specificationVersion: 'v1',
  id: 'lbfgs',
  name: 'LBFGS',
  packageName: '@descent/optimizer-lbfgs',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Limited-memory BFGS: a quasi-Newton direction from the last few steps and gradient changes; step(closure) re-evaluates the loss several times.',
  updateRule:
    'd = -H_k\\,g \\text{ (two-loop recursion over the last } m \\text{ pairs } s = \\Delta\\theta,\\ y = \\Delta g,\\ H_0 = \\tfrac{y^\\top s}{y^\\top y} I),\\quad \\theta \\leftarrow \\theta + t\\,d',
  bookMapping:
    'Not in chapter 11, which stays with first-order methods: L-BFGS estimates the curvature (the inverse Hessian) from the last historySize moves and gradient changes and steps along −H·g, with t = lr or a strong Wolfe line search. One step() runs up to maxIter iterations and calls the closure for the loss and gradient each time.',
  pytorch:
    "torch.optim.LBFGS(params, lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, line_search_fn='strong_wolfe' or None), 1.13; step(closure) follows the same trajectory to 1e-9 in float64. maximize is ours (PyTorch's LBFGS has none): the algorithm sees −f and −g.",
  options: lbfgsOptionSpecs,
  needsClosure: true,
  references: [
    { authors: 'J. Nocedal', title: 'Updating Quasi-Newton Matrices with Limited Storage', year: 1980 },
    { authors: 'D. C. Liu, J. Nocedal', title: 'On the Limited Memory BFGS Method for Large Scale Optimization', year: 1989 },
    { authors: 'J. Nocedal, S. J. Wright', title: 'Numerical Optimization (chapters 3 and 7: line searches, L-BFGS)', year: 2006 },
  ],
  validate: optionValidator('LBFGS', lbfgsOptionSpecs, validateLbfgsOptions),
  create: (params, options) => new Lbfgs(params, options),
};
