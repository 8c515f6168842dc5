import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { NAdam } from './nadam.js';
import { nadamOptionSpecs, type NAdamOptions } from './nadam-options.js';

/**
 * NAdam (Dozat 2016) as a descent optimizer plugin, id `nadam`. Adam with Nesterov momentum: the step looks ahead with
 * the next momentum coefficient, which warms up over the first steps. The plugin holds the descriptor (update rule,
 * the comparison with PyTorch, references), validates options and creates the optimizer (`NAdam`); `Network.compile`
 * and the CLI's optimizer registry take it.
 */
export const nadamPlugin: OptimizerPluginV1<NAdamOptions> = {
  specificationVersion: 'v1',
  id: 'nadam',
  name: 'NAdam',
  packageName: '@descent/optimizer-nadam',
  definedBy: { source: 'pytorch', version: '1.13; decoupledWeightDecay 2.1' },
  summary: 'Adam with Nesterov momentum: the step looks ahead with the next momentum coefficient, which warms up over the first steps.',
  updateRule:
    '\\mu_t = \\beta_1\\big(1 - \\tfrac12\\,0.96^{t\\psi}\\big),\\quad m \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\quad v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2,\\quad ' +
    '\\theta \\leftarrow \\theta - \\eta\\,\\frac{\\frac{\\mu_{t+1} m}{1-\\prod_{i=1}^{t+1}\\mu_i} + \\frac{(1-\\mu_t) g}{1-\\prod_{i=1}^{t}\\mu_i}}{\\sqrt{v/(1-\\beta_2^t)} + \\epsilon}',
  bookMapping:
    'Not in the book. Equation 11.10 (Adam) with the look-ahead of equation 11.6 (Nesterov momentum): the bias-corrected mean is ' +
    'replaced by a mix of the next step’s momentum and the current gradient, with Dozat’s warming momentum schedule μ_t.',
  pytorch:
    'torch.optim.NAdam(params, lr, betas=(beta1, beta2), eps, weight_decay, momentum_decay, decoupled_weight_decay). Without ' +
    'decoupled_weight_decay: same trajectory to 1e-9 in float64 as torch 1.13 with foreach=True, which follows PyTorch’s documented ' +
    'algorithm (1.13’s foreach=False path multiplies one μ too many into the product, fixed in 2.0). decoupled_weight_decay (PyTorch ' +
    '2.1 and later): same trajectory to 1e-9 as a NumPy port of PyTorch 2.x’s source (scripts/numpy-decoupled-weight-decay-fixtures.py).',
  options: nadamOptionSpecs,
  references: [
    { authors: 'T. Dozat', title: 'Incorporating Nesterov Momentum into Adam', year: 2016, url: 'https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ' },
    { authors: 'I. Loshchilov, F. Hutter', title: 'Decoupled Weight Decay Regularization', year: 2019, url: 'https://arxiv.org/abs/1711.05101' },
  ],
  validate: optionValidator('NAdam', nadamOptionSpecs),
  create: (params, options) => new NAdam(params, options),
};
