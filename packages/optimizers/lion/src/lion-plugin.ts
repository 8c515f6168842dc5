import type { OptimizerPluginV1 } from '@descent/optim';
import { Lion } from './lion.js';
import { lionOptionSpecs, type LionOptions } from './lion-options.js';

export const lionPlugin: OptimizerPluginV1<LionOptions> = {
  specificationVersion: 'v1',
  id: 'lion',
  name: 'Lion',
  packageName: '@descent/optimizer-lion',
  definedBy: { source: 'optax', version: 'commit 2edbcbe' },
  summary: 'Evolved sign momentum: every coordinate moves by ±η, the sign of an interpolation of momentum and gradient.',
  updateRule:
    'u \\leftarrow \\operatorname{sign}(\\beta_1 m + (1-\\beta_1) g),\\quad m \\leftarrow \\beta_2 m + (1-\\beta_2) g,\\quad ' +
    '\\theta \\leftarrow \\theta - \\eta\\,(u + \\lambda\\theta)',
  bookMapping:
    'Not in the book, nor in torch.optim. Defined by optax: optax.lion(learning_rate, b1, b2, weight_decay) at optax commit ' +
    '2edbcbe2390da13983b92cbef94ac0460ecde1c5 (scale_by_lion, add_decayed_weights, scale_by_learning_rate), with the same ' +
    'defaults (β₁ 0.9, β₂ 0.99, λ 1e-3; optax has no default η, 1e-4 here). Same trajectory to 1e-9 in float64 as the NumPy ' +
    'port of that code in scripts/numpy-optax-fixtures.py. Where the authors differ: the paper’s code (google/automl lion) and ' +
    'lucidrains’ lion-pytorch default to no weight decay (weightDecay: 0 here) and apply the decay as θ ← θ(1 − ηλ) before ' +
    'the signed step, which is the same number. optax’s weight-decay mask is left out: give parameters that should not ' +
    'decay a parameter group with weightDecay 0.',
  pytorch: 'No torch.optim class (PyTorch declines it); follows optax, not a PyTorch port.',
  options: lionOptionSpecs,
  references: [
    {
      authors: 'X. Chen, C. Liang, D. Huang, E. Real, K. Wang, Y. Liu, H. Pham, X. Dong, T. Luong, C.-J. Hsieh, Y. Lu, Q. V. Le',
      title: 'Symbolic Discovery of Optimization Algorithms',
      year: 2023,
      url: 'https://arxiv.org/abs/2302.06675',
    },
  ],
  create: (params, options) => new Lion(params, options),
};
