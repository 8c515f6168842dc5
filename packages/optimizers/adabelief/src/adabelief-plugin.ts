import type { OptimizerPluginV1 } from '@descent/optim';
import { AdaBelief } from './adabelief.js';
import { adabeliefOptionSpecs, type AdaBeliefOptions } from './adabelief-options.js';

export const adabeliefPlugin: OptimizerPluginV1<AdaBeliefOptions> = {
  specificationVersion: 'v1',
  id: 'adabelief',
  name: 'AdaBelief',
  packageName: '@descent/optimizer-adabelief',
  definedBy: { source: 'optax', version: 'commit 2edbcbe' },
  summary: 'Adam scaled by the belief in the gradient: divides by the running variance of g around its mean instead of by its mean square.',
  updateRule:
    'm \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\quad s \\leftarrow \\beta_2 s + (1-\\beta_2)(g - m)^2 + \\epsilon_{root},\\quad ' +
    '\\theta \\leftarrow \\theta - \\eta\\left(\\frac{\\hat m}{\\sqrt{\\hat s} + \\epsilon} + \\lambda\\theta\\right),\\ ' +
    '\\hat m = \\frac{m}{1-\\beta_1^t},\\ \\hat s = \\frac{s}{1-\\beta_2^t}',
  bookMapping:
    'Not in the book, nor in torch.optim. Defined by optax: optax.adabelief(learning_rate, b1, b2, eps, eps_root, weight_decay, ' +
    'nesterov) at optax commit 2edbcbe2390da13983b92cbef94ac0460ecde1c5 (scale_by_belief, add_decayed_weights, ' +
    'scale_by_learning_rate), with its defaults (ε = ε_root = 1e-16; optax has no default η, 1e-3 here). Same trajectory to 1e-9 ' +
    'in float64 as the NumPy port of that code in scripts/numpy-optax-fixtures.py. Where the authors’ code (juntang-zhuang/' +
    'Adabelief-Optimizer, adabelief-pytorch 0.2) differs: it defaults to rectify=True (RAdam’s variance rectification) and ' +
    'decoupled weight decay θ ← θ(1 − ηλ) applied before the step, and it uses one ε both inside the root (s + ε) and outside ' +
    '(√ŝ + ε), with ε = 1e-16; optax keeps ε_root inside s from step to step. optax’s weight-decay mask is left out: give ' +
    'parameters that should not decay a parameter group with weightDecay 0.',
  pytorch: 'No torch.optim class; follows optax, not a PyTorch port.',
  options: adabeliefOptionSpecs,
  references: [
    {
      authors: 'J. Zhuang, T. Tang, Y. Ding, S. Tatikonda, N. Dvornek, X. Papademetris, J. S. Duncan',
      title: 'AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients',
      year: 2020,
      url: 'https://arxiv.org/abs/2010.07468',
    },
  ],
  create: (params, options) => new AdaBelief(params, options),
};
