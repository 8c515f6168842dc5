import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Prodigy } from './prodigy.js';
import { prodigyOptionSpecs, type ProdigyOptions } from './prodigy-options.js';

/**
 * Prodigy (Mishchenko & Defazio 2023) as a descent optimizer plugin, id `prodigy`. Learning-rate-free Adam: the step
 * size d is estimated as training goes, from how far the parameters moved against their gradients. The plugin holds
 * the descriptor (update rule, the comparison with PyTorch, references), validates options and creates the optimizer
 * (`Prodigy`); `Network.compile` and the CLI's optimizer registry take it.
 */
export const prodigyPlugin: OptimizerPluginV1<ProdigyOptions> = {
  specificationVersion: 'v1',
  id: 'prodigy',
  name: 'Prodigy',
  packageName: '@descent/optimizer-prodigy',
  definedBy: { source: 'optax', version: 'commit 2edbcbe' },
  summary: 'Learning-rate-free Adam: the step size d is estimated as training goes, from how far the parameters moved against their gradients.',
  updateRule:
    '\\hat d = \\eta d\\,\\tfrac{\\sqrt{1-\\beta_2^t}}{1-\\beta_1^t},\\quad m \\leftarrow \\beta_1 m + (1-\\beta_1) d g,\\quad ' +
    'v \\leftarrow \\beta_2 v + (1-\\beta_2) d^2 g^2,\\quad s \\leftarrow \\beta_3 s + \\tfrac{\\hat d d}{d_0} g,\\quad ' +
    'r \\leftarrow \\beta_3 r + \\tfrac{d}{d_0}\\hat d\\,\\langle g, \\theta_0 - \\theta\\rangle,\\quad ' +
    'd \\leftarrow \\max\\!\\left(d, \\tfrac{c\\,r}{\\lVert s\\rVert_1}\\right),\\quad ' +
    '\\theta \\leftarrow \\theta - \\hat d \\tfrac{m}{\\sqrt v + d\\epsilon} - \\hat d \\lambda \\theta',
  bookMapping:
    'Not in the book, nor in torch.optim. Defined by optax: optax.contrib.prodigy(learning_rate, betas, beta3, eps, ' +
    'estim_lr0, estim_lr_coef, weight_decay, safeguard_warmup) at optax commit 2edbcbe2390da13983b92cbef94ac0460ecde1c5, with ' +
    'the same defaults (η 1, β₁ 0.9, β₂ 0.999, β₃ √β₂, ε 1e-8, d₀ 1e-6, coefficient 1, λ 0, no safeguard). Same trajectory ' +
    'to 1e-9 in float64 as the NumPy port of that code in scripts/numpy-optax-contrib-fixtures.py. optax sums over all ' +
    'parameters; here over a parameter group (the same with one group, as the authors’ code per group). beta3: 0 stands for ' +
    'optax’s None (√β₂). ' +
    'optax’s weight_decay mask is the constructor’s weightDecayMask, a predicate (name, shape) => boolean over named ' +
    'parameters (default: all, as optax); noDecayBias (--no-decay-bias) leaves out parameters with fewer than 2 ' +
    'dimensions or a name containing bias or norm. ' +
    'Where the authors’ code (konstmish/prodigy, prodigy.py read at commit 3efb213) differs: it defaults to no bias ' +
    'correction (use_bias_correction=False, so d̂ = ηd), where optax always corrects: noBiasCorrection (--no-bias-correction) ' +
    'gives it, checked to 1e-9 against a NumPy port of their step in scripts/numpy-optax-authors-fixtures.py.',
  pytorch: 'No torch.optim class; follows optax, not a PyTorch port.',
  options: prodigyOptionSpecs,
  references: [
    {
      authors: 'K. Mishchenko, A. Defazio',
      title: 'Prodigy: An Expeditiously Adaptive Parameter-Free Learner',
      year: 2023,
      url: 'https://arxiv.org/abs/2306.06101',
    },
  ],
  validate: optionValidator('Prodigy', prodigyOptionSpecs),
  create: (params, options) => new Prodigy(params, options),
};
