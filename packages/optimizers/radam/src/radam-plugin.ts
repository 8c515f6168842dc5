import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { RAdam } from './radam.js';
import { radamOptionSpecs, type RAdamOptions } from './radam-options.js';

/**
 * RAdam (Liu et al. 2020) as a descent optimizer plugin, id `radam`. Rectified Adam: momentum SGD for the first few
 * steps, then Adam’s adaptive step scaled by a rectification that grows to 1. The plugin holds the descriptor (update
 * rule, the comparison with PyTorch, references), validates options and creates the optimizer (`RAdam`);
 * `Network.compile` and the CLI's optimizer registry take it.
 */
export const radamPlugin: OptimizerPluginV1<RAdamOptions> = {
  specificationVersion: 'v1',
  id: 'radam',
  name: 'RAdam',
  packageName: '@descent/optimizer-radam',
  definedBy: { source: 'pytorch', version: '1.13; decoupledWeightDecay 2.1' },
  summary: 'Rectified Adam: momentum SGD for the first few steps, then Adam’s adaptive step scaled by a rectification that grows to 1.',
  updateRule:
    '\\rho_t = \\rho_\\infty - \\frac{2t\\beta_2^t}{1-\\beta_2^t},\\quad \\hat m = \\frac{m}{1-\\beta_1^t},\\quad ' +
    '\\theta \\leftarrow \\theta - \\eta\\,\\hat m\\, r_t \\frac{\\sqrt{1-\\beta_2^t}}{\\sqrt{v} + \\epsilon}\\ \\text{if}\\ \\rho_t > 5,\\ \\text{else}\\ \\theta \\leftarrow \\theta - \\eta\\,\\hat m',
  bookMapping:
    'Not in the book. Equation 11.10 (Adam) without a warm-up problem: while v̂ rests on too few gradients (ρ_t ≤ 5) the step is plain ' +
    'momentum with a bias-corrected mean; after that Adam’s step is multiplied by r_t = √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)).',
  pytorch:
    'torch.optim.RAdam(params, lr, betas=(beta1, beta2), eps, weight_decay, decoupled_weight_decay), foreach=False. Without ' +
    'decoupled_weight_decay: same trajectory to 1e-9 in float64 as torch 1.13. decoupled_weight_decay (PyTorch 2.1 and later): same ' +
    'trajectory to 1e-9 as a NumPy port of PyTorch 2.x’s source (scripts/numpy-decoupled-weight-decay-fixtures.py).',
  options: radamOptionSpecs,
  references: [
    {
      authors: 'L. Liu, H. Jiang, P. He, W. Chen, X. Liu, J. Gao, J. Han',
      title: 'On the Variance of the Adaptive Learning Rate and Beyond',
      year: 2020,
      url: 'https://arxiv.org/abs/1908.03265',
    },
    { authors: 'I. Loshchilov, F. Hutter', title: 'Decoupled Weight Decay Regularization', year: 2019, url: 'https://arxiv.org/abs/1711.05101' },
  ],
  validate: optionValidator('RAdam', radamOptionSpecs),
  create: (params, options) => new RAdam(params, options),
};
