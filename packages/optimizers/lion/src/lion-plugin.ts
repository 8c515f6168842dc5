import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Lion } from './lion.js';
import { lionOptionSpecs, type LionOptions } from './lion-options.js';

/**
 * Lion (Chen et al. 2023) as a descent optimizer plugin, id `lion`. Evolved sign momentum: every coordinate moves by
 * ±η, the sign of an interpolation of momentum and gradient. The plugin holds the descriptor (update rule, the
 * comparison with PyTorch, references), validates options and creates the optimizer (`Lion`); `Network.compile` and
 * the CLI's optimizer registry take it.
 */
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
    'port of that code in scripts/numpy-optax-fixtures.py. Where lucidrains’ lion-pytorch differs (read at commit 6a74fdc, ' +
    'lion_pytorch.py): it defaults to weight_decay=0.0 (weightDecay: 0 here gives its rule) and applies the decay as ' +
    'θ ← θ(1 − ηλ) before the signed step, the same number in exact arithmetic; its decoupled_weight_decay=True divides λ ' +
    'by the initial η. ' +
    'optax’s weight_decay mask is the constructor’s weightDecayMask, a predicate (name, shape) => boolean over named ' +
    'parameters (default: all, as optax); noDecayBias (--no-decay-bias) leaves out parameters with fewer than 2 ' +
    'dimensions or a name containing bias or norm.',
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
  validate: optionValidator('Lion', lionOptionSpecs),
  create: (params, options) => new Lion(params, options),
};
