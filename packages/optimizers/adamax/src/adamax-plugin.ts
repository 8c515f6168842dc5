import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Adamax } from './adamax.js';
import { adamaxOptionSpecs, type AdamaxOptions } from './adamax-options.js';

/**
 * Adamax (Kingma & Ba 2015) as a descent optimizer plugin, id `adamax`. Adam with the infinity norm: the step is
 * divided by a decaying maximum of |g| instead of the root mean square. The plugin holds the descriptor (update rule,
 * the comparison with PyTorch, references), validates options and creates the optimizer (`Adamax`); `Network.compile`
 * and the CLI's optimizer registry take it.
 */
export const adamaxPlugin: OptimizerPluginV1<AdamaxOptions> = {
  specificationVersion: 'v1',
  id: 'adamax',
  name: 'Adamax',
  packageName: '@descent/optimizer-adamax',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Adam with the infinity norm: the step is divided by a decaying maximum of |g| instead of the root mean square.',
  updateRule:
    'm \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\quad u \\leftarrow \\max(\\beta_2 u,\\ |g| + \\epsilon),\\quad ' +
    '\\theta \\leftarrow \\theta - \\frac{\\eta}{1-\\beta_1^t}\\,\\frac{m}{u}',
  bookMapping:
    'Not in the book. The variant of equation 11.10 (Adam) in section 7.1 of Kingma & Ba: v and its bias correction give way to ' +
    'u = max(β₂u, |g|), which needs no correction. PyTorch adds ε inside the maximum, as here.',
  pytorch: 'torch.optim.Adamax(params, lr, betas=(beta1, beta2), eps, weight_decay), foreach=False; same trajectory to 1e-9 in float64 (torch 1.13).',
  options: adamaxOptionSpecs,
  references: [{ authors: 'D. P. Kingma, J. Ba', title: 'Adam: A Method for Stochastic Optimization', year: 2015, url: 'https://arxiv.org/abs/1412.6980' }],
  validate: optionValidator('Adamax', adamaxOptionSpecs),
  create: (params, options) => new Adamax(params, options),
};
