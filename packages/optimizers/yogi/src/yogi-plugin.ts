import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Yogi } from './yogi.js';
import { yogiOptionSpecs, type YogiOptions } from './yogi-options.js';

/**
 * Yogi (Zaheer et al. 2018) as a descent optimizer plugin, id `yogi`. Adam with an additive second moment: v moves by
 * (1 − β₂)g² towards g², so the effective step grows slowly. The plugin holds the descriptor (update rule, the
 * comparison with PyTorch, references), validates options and creates the optimizer (`Yogi`); `Network.compile` and
 * the CLI's optimizer registry take it.
 */
export const yogiPlugin: OptimizerPluginV1<YogiOptions> = {
  specificationVersion: 'v1',
  id: 'yogi',
  name: 'Yogi',
  packageName: '@descent/optimizer-yogi',
  definedBy: { source: 'optax', version: 'commit 2edbcbe' },
  summary: 'Adam with an additive second moment: v moves by (1 − β₂)g² towards g², so the effective step grows slowly.',
  updateRule:
    'm \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\quad v \\leftarrow v - (1-\\beta_2)\\,\\operatorname{sign}(v - g^2)\\,g^2,\\quad ' +
    '\\theta \\leftarrow \\theta - \\eta\\,\\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon},\\ \\hat m = \\frac{m}{1-\\beta_1^t},\\ \\hat v = \\frac{v}{1-\\beta_2^t}',
  bookMapping:
    'Not in the book, nor in torch.optim. Defined by optax: optax.yogi(learning_rate, b1, b2, eps) at optax commit ' +
    '2edbcbe2390da13983b92cbef94ac0460ecde1c5 (scale_by_yogi, scale_by_learning_rate), with its defaults: ε = 1e-3, and both ' +
    'moments start at 1e-6 (initial_accumulator_value), with the bias corrections of Adam; optax has no default η, 1e-2 here. ' +
    'Same trajectory to 1e-9 in float64 as the NumPy port of that code in scripts/numpy-optax-fixtures.py. Where the paper ' +
    'differs: its Algorithm 2 is written without bias correction; optax divides m and v by 1 − βᵗ, as here.',
  pytorch: 'No torch.optim class; follows optax, not a PyTorch port.',
  options: yogiOptionSpecs,
  references: [
    {
      authors: 'M. Zaheer, S. J. Reddi, D. Sachan, S. Kale, S. Kumar',
      title: 'Adaptive Methods for Nonconvex Optimization',
      year: 2018,
      url: 'https://papers.nips.cc/paper/8186-adaptive-methods-for-nonconvex-optimization',
    },
  ],
  validate: optionValidator('Yogi', yogiOptionSpecs),
  create: (params, options) => new Yogi(params, options),
};
