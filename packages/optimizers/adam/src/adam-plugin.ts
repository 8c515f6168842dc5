import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Adam } from './adam.js';
import { adamOptionSpecs, type AdamOptions } from './adam-options.js';

/**
 * Adam (Kingma & Ba 2015) as a descent optimizer plugin, id `adam`. Adaptive moment estimation: bias-corrected running
 * means of the gradient and of its square. The plugin holds the descriptor (update rule, the book's equation 11.10,
 * the comparison with PyTorch, references), validates options and creates the optimizer (`Adam`); `Network.compile`
 * and the CLI's optimizer registry take it.
 */
export const adamPlugin: OptimizerPluginV1<AdamOptions> = {
  specificationVersion: 'v1',
  id: 'adam',
  name: 'Adam',
  packageName: '@descent/optimizer-adam',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Adaptive moment estimation: bias-corrected running means of the gradient and of its square.',
  updateRule:
    'm \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\quad v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2,\\quad ' +
    '\\theta \\leftarrow \\theta - \\eta\\,\\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon},\\ \\hat m = \\frac{m}{1-\\beta_1^t},\\ \\hat v = \\frac{v}{1-\\beta_2^t}',
  bookEquation: '11.10',
  bookMapping:
    'Equation 11.10 as printed, with the book’s t = 0, 1, … written as t = 1, 2, … in the bias corrections. ' +
    'PyTorch folds the corrections into the step: θ ← θ − (η/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε), which is the same number. ' +
    'Keras’ default η is 0.001, as here.',
  pytorch: 'torch.optim.Adam(params, lr, betas=(beta1, beta2), eps, weight_decay, amsgrad), foreach=False; same trajectory to 1e-9 in float64.',
  options: adamOptionSpecs,
  references: [
    { authors: 'D. P. Kingma, J. Ba', title: 'Adam: A Method for Stochastic Optimization', year: 2015, url: 'https://arxiv.org/abs/1412.6980' },
    { authors: 'S. J. Reddi, S. Kale, S. Kumar', title: 'On the Convergence of Adam and Beyond', year: 2018, url: 'https://openreview.net/forum?id=ryQu7f-RZ' },
  ],
  validate: optionValidator('Adam', adamOptionSpecs),
  create: (params, options) => new Adam(params, options),
};
