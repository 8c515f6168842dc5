import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Lamb } from './lamb.js';
import { lambOptionSpecs, type LambOptions } from './lamb-options.js';

/**
 * LAMB (You et al. 2020) as a descent optimizer plugin, id `lamb`. Adam with a layer-wise trust ratio: each tensor
 * steps by η‖θ‖ along Adam’s direction plus weight decay. The plugin holds the descriptor (update rule, the comparison
 * with PyTorch, references), validates options and creates the optimizer (`Lamb`); `Network.compile` and the CLI's
 * optimizer registry take it.
 */
export const lambPlugin: OptimizerPluginV1<LambOptions> = {
  specificationVersion: 'v1',
  id: 'lamb',
  name: 'LAMB',
  packageName: '@descent/optimizer-lamb',
  definedBy: { source: 'optax', version: 'commit 2edbcbe' },
  summary: 'Adam with a layer-wise trust ratio: each tensor steps by η‖θ‖ along Adam’s direction plus weight decay.',
  updateRule:
    'r = \\frac{\\hat m}{\\sqrt{\\hat v + \\epsilon_{root}} + \\epsilon} + \\lambda\\theta,\\quad ' +
    '\\theta \\leftarrow \\theta - \\eta\\,\\frac{\\lVert\\theta\\rVert}{\\lVert r\\rVert}\\, r \\quad\\text{(norms per parameter tensor)}',
  bookMapping:
    'Not in the book, nor in torch.optim. Defined by optax: optax.lamb(learning_rate, b1, b2, eps, eps_root, weight_decay) at ' +
    'optax commit 2edbcbe2390da13983b92cbef94ac0460ecde1c5 (scale_by_adam, add_decayed_weights, scale_by_trust_ratio, ' +
    'scale_by_learning_rate), with its defaults (ε 1e-6, ε_root 0, λ 0; optax has no default η, 1e-3 here). The trust ratio ' +
    '‖θ‖/‖r‖ is taken per parameter tensor (optax applies it per leaf of the parameter tree) and is 1 when either norm is ' +
    '0. Same trajectory to 1e-9 in float64 as the NumPy port of that code in scripts/numpy-optax-fixtures.py. Where the ' +
    'paper differs: it scales by φ(‖θ‖)/‖r‖ with φ a clipping function (optax and this package use φ(z) = z). ' +
    'optax’s weight_decay mask is the constructor’s weightDecayMask, a predicate (name, shape) => boolean over named ' +
    'parameters (default: all, as optax); noDecayBias (--no-decay-bias) leaves out parameters with fewer than 2 ' +
    'dimensions or a name containing bias or norm.',
  pytorch: 'No torch.optim class; follows optax, not a PyTorch port.',
  options: lambOptionSpecs,
  references: [
    {
      authors: 'Y. You, J. Li, S. Reddi, J. Hseu, S. Kumar, S. Bhojanapalli, X. Song, J. Demmel, K. Keutzer, C.-J. Hsieh',
      title: 'Large Batch Optimization for Deep Learning: Training BERT in 76 minutes',
      year: 2020,
      url: 'https://arxiv.org/abs/1904.00962',
    },
  ],
  validate: optionValidator('LAMB', lambOptionSpecs),
  create: (params, options) => new Lamb(params, options),
};
