import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { ScheduleFreeSgd } from './schedule-free-sgd.js';
import { scheduleFreeSgdOptionSpecs, validateScheduleFreeSgd, type ScheduleFreeSgdOptions } from './schedule-free-sgd-options.js';

/**
 * Schedule-Free SGD (Defazio et al. 2024) as a descent optimizer plugin, id `schedule-free-sgd`. SGD without a decay
 * schedule: momentum replaced by taking gradients at an interpolation y of the iterate z and its running average x,
 * which is what one evaluates. The plugin holds the descriptor (update rule, the comparison with PyTorch, references),
 * validates options and creates the optimizer (`ScheduleFreeSgd`); `Network.compile` and the CLI's optimizer registry
 * take it.
 */
export const scheduleFreeSgdPlugin: OptimizerPluginV1<ScheduleFreeSgdOptions> = {
  specificationVersion: 'v1',
  id: 'schedule-free-sgd',
  name: 'Schedule-Free SGD',
  packageName: '@descent/optimizer-schedule-free-sgd',
  definedBy: { source: 'optax', version: 'commit 2edbcbe' },
  summary:
    'SGD without a decay schedule: momentum replaced by taking gradients at an interpolation y of the iterate z and its running average x, which is what one evaluates.',
  updateRule:
    'z \\leftarrow z - \\eta_k (g + \\lambda y),\\quad ' +
    'x \\leftarrow (1-c_t)\\,x + c_t z,\\ c_t = \\frac{\\eta_{\\max}^p}{\\sum_{s\\le t} \\eta_{\\max,s}^p},\\quad ' +
    'y \\leftarrow \\beta x + (1-\\beta) z',
  bookMapping:
    'Not in the book, nor in torch.optim. Defined by optax: optax.contrib.schedule_free_sgd(learning_rate, warmup_steps, ' +
    'b1, weight_decay, weight_lr_power) at optax commit 2edbcbe2390da13983b92cbef94ac0460ecde1c5 (schedule_free around ' +
    'add_decayed_weights and sgd), with the same defaults (η 1, β 0.9 as momentum, λ 0, power 2, no warmup). Same ' +
    'trajectory to 1e-9 in float64 as the NumPy port of that code in scripts/numpy-optax-contrib-fixtures.py. The parameters ' +
    'hold y; eval() swaps in x and train() swaps y back, as the authors’ optimizer.eval()/train(), and @descent/nn’s ' +
    'Network.evaluate does so by itself. Where the authors’ code (facebookresearch/schedule_free, SGDScheduleFree) ' +
    'differs (read at commit 70785b5, its *_reference.py): its warmup factor is (k + 1)/W for the z step as for the weight, ' +
    'where optax uses k/W for the z step (so optax’s first warmup step does not move z); warmupIndexing “authors” gives ' +
    'it, checked to 1e-9 against a NumPy port of their reference step in scripts/numpy-optax-authors-fixtures.py. A learning-rate schedule given as lr (a function) is read once per step ' +
    'and used for both counts.',
  pytorch: 'No torch.optim class (PyTorch declines it); follows optax, not a PyTorch port.',
  options: scheduleFreeSgdOptionSpecs,
  references: [
    {
      authors: 'A. Defazio, X. Yang, H. Mehta, K. Mishchenko, A. Khaled, A. Cutkosky',
      title: 'The Road Less Scheduled',
      year: 2024,
      url: 'https://arxiv.org/abs/2405.15682',
    },
  ],
  validate: optionValidator('Schedule-Free SGD', scheduleFreeSgdOptionSpecs, validateScheduleFreeSgd),
  create: (params, options) => new ScheduleFreeSgd(params, options),
};
