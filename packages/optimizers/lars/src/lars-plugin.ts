import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Lars } from './lars.js';
import { larsOptionSpecs, type LarsOptions } from './lars-options.js';

/**
 * LARS (You et al. 2017) as a descent optimizer plugin, id `lars`. Momentum SGD with a layer-wise trust ratio: each
 * tensor’s step is scaled by c‖θ‖/‖g + λθ‖. The plugin holds the descriptor (update rule, the comparison with PyTorch,
 * references), validates options and creates the optimizer (`Lars`); `Network.compile` and the CLI's optimizer
 * registry take it.
 */
export const larsPlugin: OptimizerPluginV1<LarsOptions> = {
  specificationVersion: 'v1',
  id: 'lars',
  name: 'LARS',
  packageName: '@descent/optimizer-lars',
  definedBy: { source: 'optax', version: 'commit 2edbcbe' },
  summary: 'Momentum SGD with a layer-wise trust ratio: each tensor’s step is scaled by c‖θ‖/‖g + λθ‖.',
  updateRule:
    'u = g + \\lambda\\theta,\\quad s = -\\eta\\,\\frac{c\\,\\lVert\\theta\\rVert}{\\lVert u\\rVert + \\epsilon}\\,u,\\quad ' +
    'b \\leftarrow s + \\mu b,\\quad \\theta \\leftarrow \\theta + b \\quad\\text{(norms per parameter tensor)}',
  bookMapping:
    'Not in the book, nor in torch.optim. Defined by optax: optax.lars(learning_rate, weight_decay, trust_coefficient, eps, ' +
    'momentum, nesterov) at optax commit 2edbcbe2390da13983b92cbef94ac0460ecde1c5 (add_decayed_weights, ' +
    'scale_by_trust_ratio, scale_by_learning_rate, trace), with its defaults (c 0.001, ε 0, μ 0.9, λ 0; optax has no ' +
    'default η, 1 here). The trust ratio is taken per parameter tensor and is 1 when either norm is 0; η is applied before ' +
    'the momentum trace. Same trajectory to 1e-9 in float64 as the NumPy port of that code in scripts/numpy-optax-fixtures.py. ' +
    'Where the paper differs: its local learning rate is c‖θ‖/(‖∇L‖ + λ‖θ‖), the norms of gradient and weights added, where ' +
    'optax takes the norm of g + λθ. ' +
    'optax’s weight_decay mask is the constructor’s weightDecayMask, a predicate (name, shape) => boolean over named ' +
    'parameters (default: all, as optax); noDecayBias (--no-decay-bias) leaves out parameters with fewer than 2 ' +
    'dimensions or a name containing bias or norm. ' +
    'optax’s trust_ratio_mask is the constructor’s trustRatioMask, a predicate of the same form: a parameter left out ' +
    'takes g + λθ unscaled.',
  pytorch: 'No torch.optim class; follows optax, not a PyTorch port.',
  options: larsOptionSpecs,
  references: [
    { authors: 'Y. You, I. Gitman, B. Ginsburg', title: 'Large Batch Training of Convolutional Networks', year: 2017, url: 'https://arxiv.org/abs/1708.03888' },
  ],
  validate: optionValidator('LARS', larsOptionSpecs),
  create: (params, options) => new Lars(params, options),
};
