import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Adafactor } from './adafactor.js';
import { adafactorOptionSpecs, type AdafactorOptions } from './adafactor-options.js';

/**
 * Adafactor (Shazeer & Stern 2018) as a descent optimizer plugin, id `adafactor`. Adaptive steps relative to the
 * parameters’ size, with second moments factored into row and column means for matrices. The plugin holds the
 * descriptor (update rule, the comparison with PyTorch, references), validates options and creates the optimizer
 * (`Adafactor`); `Network.compile` and the CLI's optimizer registry take it.
 */
export const adafactorPlugin: OptimizerPluginV1<AdafactorOptions> = {
  specificationVersion: 'v1',
  id: 'adafactor',
  name: 'Adafactor',
  packageName: '@descent/optimizer-adafactor',
  definedBy: { source: 'pytorch', version: '2.5' },
  summary: 'Adaptive steps relative to the parameters’ size, with second moments factored into row and column means for matrices.',
  updateRule:
    '\\hat\\beta_{2,t} = 1 - t^{\\tau};\\ \\alpha_t = \\max(\\epsilon_2, \\mathrm{RMS}(\\theta))\\min(\\eta, 1/\\sqrt t);\\ \\hat V = \\frac{R C^\\top}{\\max(\\overline{R}, \\epsilon_1)} \\text{ (matrices) or } \\hat\\beta_2 \\hat V + (1-\\hat\\beta_2) g^2;\\ U = \\frac{g}{\\sqrt{\\max(\\hat V, \\epsilon_1^2)}};\\ \\theta \\leftarrow \\theta(1-\\eta\\lambda) - \\frac{\\alpha_t U}{\\max(1, \\mathrm{RMS}(U)/d)}',
  bookMapping:
    'Not in the book: Adafactor is RMSprop (equation 11.7) without momentum whose squared-gradient average is kept, for a matrix, as one number per row and one per column, and whose step is relative to the size of the parameters. Every parameter needs a shape (parameter(data, { shape }), [n] for a vector; @descent/nn shapes its own): parameters of two or more dimensions are factored over their last two.',
  pytorch:
    'torch.optim.Adafactor of PyTorch 2.5 and later (torch/optim/_adafactor.py, the for-loop implementation), with its defaults and checks; the pair eps = (eps1, eps2) is split, and eps1 = 0 stands for PyTorch\'s None (the dtype\'s machine epsilon). PyTorch 1.13 has no Adafactor, so the tests replay scripts/numpy-adafactor-fixtures.py, a NumPy transcription of that source, to 1e-9 in float64.',
  options: adafactorOptionSpecs,
  references: [
    { authors: 'N. Shazeer, M. Stern', title: 'Adafactor: Adaptive Learning Rates with Sublinear Memory Cost', year: 2018, url: 'https://arxiv.org/abs/1804.04235' },
  ],
  validate: optionValidator('Adafactor', adafactorOptionSpecs),
  create: (params, options) => new Adafactor(params, options),
};
