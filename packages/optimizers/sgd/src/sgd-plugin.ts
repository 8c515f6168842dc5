import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Sgd } from './sgd.js';
import { sgdOptionSpecs, type SgdOptions } from './sgd-options.js';

/**
 * SGD (Robbins & Monro 1951) as a descent optimizer plugin, id `sgd`. Vanilla (stochastic) gradient descent: step
 * against the gradient, scaled by the learning rate. The plugin holds the descriptor (update rule, the book's equation
 * 11.1, the comparison with PyTorch, references), validates options and creates the optimizer (`Sgd`);
 * `Network.compile` and the CLI's optimizer registry take it.
 */
export const sgdPlugin: OptimizerPluginV1<SgdOptions> = {
  specificationVersion: 'v1',
  id: 'sgd',
  name: 'SGD',
  packageName: '@descent/optimizer-sgd',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Vanilla (stochastic) gradient descent: step against the gradient, scaled by the learning rate.',
  updateRule: '\\theta \\leftarrow \\theta - \\eta\\,(g + \\lambda\\theta)',
  bookEquation: '11.1',
  bookMapping: 'Equation 11.1 (W ← W − ηΔW, b ← b − ηΔb) with ΔW the mean gradient over the minibatch; eq. 11.3 for f = 6x² − 12x + 3.',
  pytorch: 'torch.optim.SGD(params, lr, momentum=0, weight_decay); same trajectory to 1e-9 in float64.',
  options: sgdOptionSpecs,
  references: [
    { authors: 'H. Robbins, S. Monro', title: 'A Stochastic Approximation Method', year: 1951 },
    { authors: 'A. Cauchy', title: 'Méthode générale pour la résolution des systèmes d’équations simultanées', year: 1847 },
  ],
  validate: optionValidator('SGD', sgdOptionSpecs),
  create: (params, options) => new Sgd(params, options),
};
