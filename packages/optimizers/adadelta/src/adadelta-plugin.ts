import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Adadelta } from './adadelta.js';
import { adadeltaOptionSpecs, type AdadeltaOptions } from './adadelta-options.js';

/**
 * Adadelta (Zeiler 2012) as a descent optimizer plugin, id `adadelta`. Replaces the learning rate with the ratio of
 * running RMS values of past updates and past gradients. The plugin holds the descriptor (update rule, the comparison
 * with PyTorch, references), validates options and creates the optimizer (`Adadelta`); `Network.compile` and the CLI's
 * optimizer registry take it.
 */
export const adadeltaPlugin: OptimizerPluginV1<AdadeltaOptions> = {
  specificationVersion: 'v1',
  id: 'adadelta',
  name: 'Adadelta',
  packageName: '@descent/optimizer-adadelta',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Replaces the learning rate with the ratio of running RMS values of past updates and past gradients.',
  updateRule:
    'E[g^2] \\leftarrow \\rho E[g^2] + (1-\\rho) g^2,\\quad \\Delta = \\frac{\\sqrt{E[\\Delta\\theta^2] + \\epsilon}}{\\sqrt{E[g^2] + \\epsilon}}\\, g,\\quad ' +
    'E[\\Delta\\theta^2] \\leftarrow \\rho E[\\Delta\\theta^2] + (1-\\rho)\\Delta^2,\\quad \\theta \\leftarrow \\theta - \\eta\\Delta',
  bookMapping:
    'The chapter describes Adadelta in words (running averages of squared gradients and of squared updates replace η, with ρ and ε); ' +
    'this is Zeiler’s algorithm 1, with PyTorch’s extra scale η (1 gives the paper’s method).',
  pytorch: 'torch.optim.Adadelta(params, lr, rho, eps, weight_decay); same trajectory to 1e-9 in float64.',
  options: adadeltaOptionSpecs,
  references: [{ authors: 'M. D. Zeiler', title: 'ADADELTA: An Adaptive Learning Rate Method', year: 2012, url: 'https://arxiv.org/abs/1212.5701' }],
  validate: optionValidator('Adadelta', adadeltaOptionSpecs),
  create: (params, options) => new Adadelta(params, options),
};
