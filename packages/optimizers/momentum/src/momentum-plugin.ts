import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Momentum } from './momentum.js';
import { momentumOptionSpecs, type MomentumOptions } from './momentum-options.js';

/**
 * Momentum (Polyak 1964) as a descent optimizer plugin, id `momentum`. Gradient descent with momentum: a velocity that
 * keeps a fraction μ of the previous step. The plugin holds the descriptor (update rule, the book's equation 11.5, the
 * comparison with PyTorch, references), validates options and creates the optimizer (`Momentum`); `Network.compile`
 * and the CLI's optimizer registry take it.
 */
export const momentumPlugin: OptimizerPluginV1<MomentumOptions> = {
  specificationVersion: 'v1',
  id: 'momentum',
  name: 'Momentum',
  packageName: '@descent/optimizer-momentum',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Gradient descent with momentum: a velocity that keeps a fraction μ of the previous step.',
  updateRule: 'b \\leftarrow \\mu b + (1 - \\tau) g,\\quad \\theta \\leftarrow \\theta - \\eta b',
  bookEquation: '11.5',
  bookMapping:
    'Equation 11.5 (v ← μv − η∇f(x); x ← x + v, v₀ = 0) is this rule with v = −ηb and τ (dampening) = 0, for a constant η. ' +
    'PyTorch starts b at the first gradient, which equals μ·0 + g.',
  pytorch: 'torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov=False); same trajectory to 1e-9 in float64.',
  options: momentumOptionSpecs,
  references: [
    { authors: 'B. T. Polyak', title: 'Some methods of speeding up the convergence of iteration methods', year: 1964 },
    { authors: 'D. E. Rumelhart, G. E. Hinton, R. J. Williams', title: 'Learning representations by back-propagating errors', year: 1986 },
  ],
  validate: optionValidator('Momentum', momentumOptionSpecs),
  create: (params, options) => new Momentum(params, options),
};
