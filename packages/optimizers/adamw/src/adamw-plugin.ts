import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { AdamW } from './adamw.js';
import { adamwOptionSpecs, type AdamWOptions } from './adamw-options.js';

/**
 * AdamW (Loshchilov & Hutter 2019) as a descent optimizer plugin, id `adamw`. Adam with decoupled weight decay: the
 * parameter shrinks by a factor 1 − ηλ each step instead of λθ entering the gradient. The plugin holds the descriptor
 * (update rule, the comparison with PyTorch, references), validates options and creates the optimizer (`AdamW`);
 * `Network.compile` and the CLI's optimizer registry take it.
 */
export const adamwPlugin: OptimizerPluginV1<AdamWOptions> = {
  specificationVersion: 'v1',
  id: 'adamw',
  name: 'AdamW',
  packageName: '@descent/optimizer-adamw',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Adam with decoupled weight decay: the parameter shrinks by a factor 1 − ηλ each step instead of λθ entering the gradient.',
  updateRule:
    '\\theta \\leftarrow \\theta(1-\\eta\\lambda),\\quad m \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\quad v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2,\\quad ' +
    '\\theta \\leftarrow \\theta - \\eta\\,\\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon},\\ \\hat m = \\frac{m}{1-\\beta_1^t},\\ \\hat v = \\frac{v}{1-\\beta_2^t}',
  bookMapping:
    'Not in the book. Equation 11.10 (Adam) with weight decay taken out of the gradient: Adam’s coupled penalty g + λθ is divided by √v̂ ' +
    'like the rest of the step, so parameters with large gradients are hardly decayed; AdamW shrinks every parameter by the same factor 1 − ηλ.',
  pytorch:
    'torch.optim.AdamW(params, lr, betas=(beta1, beta2), eps, weight_decay, amsgrad), foreach=False; same trajectory to 1e-9 in float64 (torch 1.13). ' +
    'weight_decay defaults to 0.01, as in PyTorch.',
  options: adamwOptionSpecs,
  references: [
    { authors: 'I. Loshchilov, F. Hutter', title: 'Decoupled Weight Decay Regularization', year: 2019, url: 'https://arxiv.org/abs/1711.05101' },
    { authors: 'D. P. Kingma, J. Ba', title: 'Adam: A Method for Stochastic Optimization', year: 2015, url: 'https://arxiv.org/abs/1412.6980' },
    { authors: 'S. J. Reddi, S. Kale, S. Kumar', title: 'On the Convergence of Adam and Beyond', year: 2018, url: 'https://openreview.net/forum?id=ryQu7f-RZ' },
  ],
  validate: optionValidator('AdamW', adamwOptionSpecs),
  create: (params, options) => new AdamW(params, options),
};
