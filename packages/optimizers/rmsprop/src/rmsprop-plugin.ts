import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Rmsprop } from './rmsprop.js';
import { rmspropOptionSpecs, validateRmspropOptions, type RmspropOptions } from './rmsprop-options.js';

/**
 * RMSprop (Hinton et al. 2012) as a descent optimizer plugin, id `rmsprop`. Divide each gradient component by a
 * running root mean square of its recent values. The plugin holds the descriptor (update rule, the book's equation
 * 11.7, the comparison with PyTorch, references), validates options and creates the optimizer (`Rmsprop`);
 * `Network.compile` and the CLI's optimizer registry take it.
 */
export const rmspropPlugin: OptimizerPluginV1<RmspropOptions> = {
  specificationVersion: 'v1',
  id: 'rmsprop',
  name: 'RMSprop',
  packageName: '@descent/optimizer-rmsprop',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Divide each gradient component by a running root mean square of its recent values.',
  updateRule: 'm \\leftarrow \\alpha m + (1-\\alpha) g^2,\\quad \\theta \\leftarrow \\theta - \\eta\\,\\frac{g}{\\sqrt{m} + \\epsilon}',
  bookEquation: '11.7',
  bookMapping:
    'Equation 11.7 with γ = alpha and ε added outside √m. With momentum μ and nesterov, equation 11.8 ' +
    '(v ← μv − η∇f(x+μv)/√m) on the look-ahead point θ = x + μv, v = −ηb. PyTorch’s default α is 0.99; Hinton’s lecture used 0.9.',
  pytorch: 'torch.optim.RMSprop(params, lr, alpha, eps, weight_decay, momentum, centered); same trajectory to 1e-9 in float64. nesterov is ours.',
  options: rmspropOptionSpecs,
  references: [
    {
      authors: 'G. Hinton, N. Srivastava, K. Swersky',
      title: 'Neural Networks for Machine Learning, lecture 6e: rmsprop',
      year: 2012,
      url: 'https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf',
    },
    { authors: 'A. Graves', title: 'Generating Sequences With Recurrent Neural Networks', year: 2013, url: 'https://arxiv.org/abs/1308.0850' },
  ],
  validate: optionValidator('RMSprop', rmspropOptionSpecs, validateRmspropOptions),
  create: (params, options) => new Rmsprop(params, options),
};
