import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Rprop } from './rprop.js';
import { rpropOptionSpecs, validateRpropOptions, type RpropOptions } from './rprop-options.js';

/**
 * Rprop (Riedmiller & Braun 1993) as a descent optimizer plugin, id `rprop`. Resilient backpropagation: every weight
 * has its own step size, grown while its gradient keeps its sign and shrunk when it flips. The plugin holds the
 * descriptor (update rule, the comparison with PyTorch, references), validates options and creates the optimizer
 * (`Rprop`); `Network.compile` and the CLI's optimizer registry take it.
 */
export const rpropPlugin: OptimizerPluginV1<RpropOptions> = {
  specificationVersion: 'v1',
  id: 'rprop',
  name: 'Rprop',
  packageName: '@descent/optimizer-rprop',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Resilient backpropagation: every weight has its own step size, grown while its gradient keeps its sign and shrunk when it flips.',
  updateRule:
    '\\Delta_i \\leftarrow \\operatorname{clip}\\big(\\Delta_i\\,\\eta_{\\pm}(g_i\\,g^{\\mathrm{prev}}_i),\\ \\Gamma_{\\min},\\ \\Gamma_{\\max}\\big),\\quad \\theta_i \\leftarrow \\theta_i - \\Delta_i\\,\\operatorname{sign}(g_i)',
  bookMapping:
    'Not in chapter 11. Like Adagrad and RMSprop (eqs. 11.7–11.10) it gives every weight its own step, but from the sign of the gradient only: Δ grows by η₊ while g keeps its sign and shrinks by η₋ when it flips (that step is skipped). Δ starts at the learning rate.',
  pytorch:
    'torch.optim.Rprop(params, lr, etas=(eta_minus, eta_plus), step_sizes=(step_size_min, step_size_max), maximize), 1.13; same trajectory to 1e-9 in float64. No weight decay, as in PyTorch.',
  options: rpropOptionSpecs,
  references: [
    {
      authors: 'M. Riedmiller, H. Braun',
      title: 'A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP Algorithm',
      year: 1993,
    },
  ],
  validate: optionValidator('Rprop', rpropOptionSpecs, validateRpropOptions),
  create: (params, options) => new Rprop(params, options),
};
