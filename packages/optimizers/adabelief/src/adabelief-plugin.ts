import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { AdaBelief } from './adabelief.js';
import { adabeliefOptionSpecs, type AdaBeliefOptions } from './adabelief-options.js';

/**
 * AdaBelief (Zhuang et al. 2020) as a descent optimizer plugin, id `adabelief`. Adam scaled by the belief in the
 * gradient: divides by the running variance of g around its mean instead of by its mean square. The plugin holds the
 * descriptor (update rule, the comparison with PyTorch, references), validates options and creates the optimizer
 * (`AdaBelief`); `Network.compile` and the CLI's optimizer registry take it.
 */
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
    'Adabelief-Optimizer, adabelief-pytorch 0.2.1, read at commit 2855178) differs: it defaults to rectify=True (RAdam’s ' +
    'variance rectification, and a momentum step m̂ while ρₜ < 5): rectify: true here, checked to 1e-9 against a NumPy ' +
    'port of their step in scripts/numpy-optax-authors-fixtures.py. It has one ε, added to s in place every step ' +
    '(exp_avg_var.add_(eps), so it accumulates as optax’s ε_root does) and outside the root: epsRoot = eps gives it. Its ' +
    'decoupled weight decay θ ← θ(1 − ηλ) before the step is optax’s sum. ' +
    'optax’s weight_decay mask is the constructor’s weightDecayMask, a predicate (name, shape) => boolean over named ' +
    'parameters (default: all, as optax); noDecayBias (--no-decay-bias) leaves out parameters with fewer than 2 ' +
    'dimensions or a name containing bias or norm.',
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
  validate: optionValidator('AdaBelief', adabeliefOptionSpecs),
  create: (params, options) => new AdaBelief(params, options),
};
