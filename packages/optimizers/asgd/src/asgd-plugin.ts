import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { Asgd } from './asgd.js';
import { asgdOptionSpecs, type AsgdOptions } from './asgd-options.js';

/**
 * ASGD (Polyak & Juditsky 1992) as a descent optimizer plugin, id `asgd`. Averaged SGD: SGD with a slowly decaying
 * step, plus the running mean of the parameters after step t₀ (Polyak averaging). The plugin holds the descriptor
 * (update rule, the comparison with PyTorch, references), validates options and creates the optimizer (`Asgd`);
 * `Network.compile` and the CLI's optimizer registry take it.
 */
export const asgdPlugin: OptimizerPluginV1<AsgdOptions> = {
  specificationVersion: 'v1',
  id: 'asgd',
  name: 'ASGD',
  packageName: '@descent/optimizer-asgd',
  definedBy: { source: 'pytorch', version: '1.13' },
  summary: 'Averaged SGD: SGD with a slowly decaying step, plus the running mean of the parameters after step t₀ (Polyak averaging).',
  updateRule:
    '\\theta \\leftarrow \\theta\\,(1 - \\lambda\\eta_t) - \\eta_t\\,(g + \\lambda_{wd}\\theta),\\quad \\bar\\theta \\leftarrow \\bar\\theta + \\mu_t(\\theta - \\bar\\theta),\\quad \\eta_t = \\frac{\\eta_0}{(1 + \\lambda\\eta_0 t)^{\\alpha}},\\ \\mu_t = \\frac{1}{\\max(1,\\ t - t_0)}',
  bookMapping:
    'Not in chapter 11. The parameters follow equation 11.1 with a step that decays as η₀ / (1 + λη₀t)^α and a shrink (1 − λη); the average θ̄ (ax) of the parameters after step t₀ is kept beside them and read with averaged(param).',
  pytorch:
    'torch.optim.ASGD(params, lr, lambd, alpha, t0, weight_decay, maximize), 1.13, with its float32 η and μ; same trajectory to 1e-9 in float64.',
  options: asgdOptionSpecs,
  references: [
    { authors: 'B. T. Polyak, A. B. Juditsky', title: 'Acceleration of Stochastic Approximation by Averaging', year: 1992 },
    { authors: 'W. Xu', title: 'Towards Optimal One Pass Large Scale Learning with Averaged Stochastic Gradient Descent', year: 2011 },
  ],
  validate: optionValidator('ASGD', asgdOptionSpecs),
  create: (params, options) => new Asgd(params, options),
};
