import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Nesterov } from './nesterov.js';
import { nesterovOptionSpecs, type NesterovOptions } from './nesterov-options.js';

/**
 * Nesterov (Nesterov 1983) as a descent optimizer plugin, id `nesterov`. Nesterov momentum: the gradient is taken at
 * the point the momentum is about to carry us to. The plugin holds the descriptor (update rule, the book's equation
 * 11.6, the comparison with PyTorch, references), validates options and creates the optimizer (`Nesterov`);
 * `Network.compile` and the CLI's optimizer registry take it.
 */
export const nesterovPlugin: OptimizerPluginV1<NesterovOptions> = {
  specificationVersion: 'v1',
  id: 'nesterov',
  name: 'Nesterov',
  packageName: '@descent/optimizer-nesterov',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Nesterov momentum: the gradient is taken at the point the momentum is about to carry us to.',
  updateRule: 'b \\leftarrow \\mu b + g,\\quad \\theta \\leftarrow \\theta - \\eta\\,(g + \\mu b)',
  bookEquation: '11.6',
  bookMapping:
    'Equation 11.6 (v ← μv − η∇f(x + μv); x ← x + v) reparametrised on the look-ahead point θ = x + μv, with v = −ηb; ' +
    'the stored θ is the book’s x + μv after every step when η is constant. The book’s own 2D code looks ahead along one axis at a time; ' +
    '`@descent/surfaces` has that variant as `nesterovBook`.',
  pytorch: 'torch.optim.SGD(params, lr, momentum, weight_decay, nesterov=True, dampening=0); same trajectory to 1e-9 in float64.',
  options: nesterovOptionSpecs,
  references: [
    { authors: 'Y. Nesterov', title: 'A method for solving the convex programming problem with convergence rate O(1/k²)', year: 1983 },
    {
      authors: 'I. Sutskever, J. Martens, G. Dahl, G. Hinton',
      title: 'On the importance of initialization and momentum in deep learning',
      year: 2013,
      url: 'https://proceedings.mlr.press/v28/sutskever13.html',
    },
  ],
  validate: optionValidator('Nesterov', nesterovOptionSpecs),
  create: (params, options) => new Nesterov(params, options),
};
