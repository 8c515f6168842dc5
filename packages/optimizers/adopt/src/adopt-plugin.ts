import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Adopt } from './adopt.js';
import { adoptOptionSpecs, type AdoptOptions } from './adopt-options.js';

/**
 * ADOPT (Taniguchi et al. 2024) as a descent optimizer plugin, id `adopt`. Adam with the normalisation first: each
 * gradient is divided by the second moment of the earlier gradients, then clipped and averaged. The plugin holds the
 * descriptor (update rule, the comparison with PyTorch, references), validates options and creates the optimizer
 * (`Adopt`); `Network.compile` and the CLI's optimizer registry take it.
 */
export const adoptPlugin: OptimizerPluginV1<AdoptOptions> = {
  specificationVersion: 'v1',
  id: 'adopt',
  name: 'ADOPT',
  packageName: '@descent/optimizer-adopt',
  definedBy: { source: 'optax', version: 'commit 2edbcbe' },
  summary: 'Adam with the normalisation first: each gradient is divided by the second moment of the earlier gradients, then clipped and averaged.',
  updateRule:
    '\\hat g = \\operatorname{clip}\\!\\left(\\frac{g}{\\max(\\sqrt{v}, \\epsilon)}, \\pm k^{1/4}\\right),\\quad ' +
    'v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2,\\quad m \\leftarrow \\beta_1 m + (1-\\beta_1)\\hat g,\\quad \\theta \\leftarrow \\theta - \\eta\\, m',
  bookMapping:
    'Not in the book, nor in torch.optim. Defined by optax: optax.contrib.adopt(learning_rate, b1, b2, eps, nesterov, ' +
    'use_clipping) at optax commit 2edbcbe2390da13983b92cbef94ac0460ecde1c5 (optax/contrib/_adopt.py: scale_by_adopt, ' +
    'scale_by_learning_rate), with its defaults (β₁ 0.9, β₂ 0.9999, ε 1e-6, clip value k^¼ where k is the number of ' +
    'earlier steps; optax has no default η, 1e-3 here). The first step only sets v = g² (optax uses β₂ = 0, β₁ = 1 there), ' +
    'so θ moves from the second step on. Same trajectory to 1e-9 in float64 as the NumPy port of that code in ' +
    'scripts/numpy-optax-fixtures.py. Where the authors differ: the first version of the paper has no clipping ' +
    '(noClipping: true here), and their PyTorch code (iShohei220/adopt) also takes a weight decay, which optax does not.',
  pytorch: 'No torch.optim class; follows optax, not a PyTorch port.',
  options: adoptOptionSpecs,
  references: [
    {
      authors: 'S. Taniguchi, K. Harada, G. Minegishi, Y. Oshima, S. C. Jeong, G. Nagahara, T. Iiyama, M. Suzuki, Y. Iwasawa, Y. Matsuo',
      title: 'ADOPT: Modified Adam Can Converge with Any β₂ with the Optimal Rate',
      year: 2024,
      url: 'https://arxiv.org/abs/2411.02853',
    },
  ],
  validate: optionValidator('ADOPT', adoptOptionSpecs),
  create: (params, options) => new Adopt(params, options),
};
