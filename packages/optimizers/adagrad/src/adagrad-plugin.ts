import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Adagrad } from './adagrad.js';
import { adagradOptionSpecs, type AdagradOptions } from './adagrad-options.js';

/**
 * Adagrad (Duchi et al. 2011) as a descent optimizer plugin, id `adagrad`. Per-component step sizes that shrink with
 * the sum of all past squared gradients. The plugin holds the descriptor (update rule, the book's equation 11.9, the
 * comparison with PyTorch, references), validates options and creates the optimizer (`Adagrad`); `Network.compile` and
 * the CLI's optimizer registry take it.
 */
export const adagradPlugin: OptimizerPluginV1<AdagradOptions> = {
  specificationVersion: 'v1',
  id: 'adagrad',
  name: 'Adagrad',
  packageName: '@descent/optimizer-adagrad',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Per-component step sizes that shrink with the sum of all past squared gradients.',
  updateRule: 's \\leftarrow s + g^2,\\quad \\theta \\leftarrow \\theta - \\frac{\\eta}{1 + (t-1)\\,d}\\,\\frac{g}{\\sqrt{s} + \\epsilon}',
  bookEquation: '11.9',
  bookMapping:
    'Equation 11.9 (v_i ← −η∇f(x)_i / √(Σ_τ ∇f(x_τ)_i²); x ← x + v) with ε added to the root and, optionally, ' +
    'an initial sum and PyTorch’s inverse-time decay d of η.',
  pytorch: 'torch.optim.Adagrad(params, lr, lr_decay, weight_decay, initial_accumulator_value, eps); same trajectory to 1e-9 in float64.',
  options: adagradOptionSpecs,
  references: [
    {
      authors: 'J. Duchi, E. Hazan, Y. Singer',
      title: 'Adaptive Subgradient Methods for Online Learning and Stochastic Optimization',
      year: 2011,
      url: 'https://jmlr.org/papers/v12/duchi11a.html',
    },
  ],
  validate: optionValidator('Adagrad', adagradOptionSpecs),
  create: (params, options) => new Adagrad(params, options),
};
