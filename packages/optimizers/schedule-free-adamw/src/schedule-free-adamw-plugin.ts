import { optionValidator, type OptimizerPluginV1 } from '@descent/optim';
import { ScheduleFreeAdamW } from './schedule-free-adamw.js';
import { scheduleFreeAdamWOptionSpecs, validateScheduleFreeAdamW, type ScheduleFreeAdamWOptions } from './schedule-free-adamw-options.js';

/**
 * Schedule-Free AdamW (Defazio et al. 2024) as a descent optimizer plugin, id `schedule-free-adamw`. AdamW without
 * momentum and without a decay schedule: gradients at an interpolation y of the iterate z and its running average x,
 * which is what one evaluates. The plugin holds the descriptor (update rule, the comparison with PyTorch, references),
 * validates options and creates the optimizer (`ScheduleFreeAdamW`); `Network.compile` and the CLI's optimizer
 * registry take it.
 */
export const scheduleFreeAdamWPlugin: OptimizerPluginV1<ScheduleFreeAdamWOptions> = {
  specificationVersion: 'v1',
  id: 'schedule-free-adamw',
  name: 'Schedule-Free AdamW',
  packageName: '@descent/optimizer-schedule-free-adamw',
  definedBy: { source: 'optax', version: 'commit 2edbcbe' },
  summary:
    'AdamW without momentum and without a decay schedule: gradients at an interpolation y of the iterate z and its running average x, which is what one evaluates.',
  updateRule:
    'z \\leftarrow z - \\eta_k\\left(\\frac{g}{\\sqrt{\\hat v} + \\epsilon} + \\lambda y\\right),\\quad ' +
    'x \\leftarrow (1-c_t)\\,x + c_t z,\\ c_t = \\frac{\\eta_{\\max}^p}{\\sum_{s\\le t} \\eta_{\\max,s}^p},\\quad ' +
    'y \\leftarrow \\beta_1 x + (1-\\beta_1) z',
  bookMapping:
    'Not in the book, nor in torch.optim. Defined by optax: optax.contrib.schedule_free_adamw(learning_rate, warmup_steps, ' +
    'b1, b2, eps, weight_decay, weight_lr_power) at optax commit 2edbcbe2390da13983b92cbef94ac0460ecde1c5 ' +
    '(schedule_free around scale_by_rms with bias correction and ε outside the root, add_decayed_weights and ' +
    'scale_by_learning_rate), with the same defaults (η 0.0025, β₁ 0.9, β₂ 0.999, ε 1e-8, λ 0, power 2, no warmup). Same ' +
    'trajectory to 1e-9 in float64 as the NumPy port of that code in scripts/numpy-optax-contrib-fixtures.py. The parameters ' +
    'hold y; eval() swaps in x and train() swaps y back, as the authors’ optimizer.eval()/train(), and @descent/nn’s ' +
    'Network.evaluate does so by itself. Where the authors’ code (facebookresearch/schedule_free, AdamWScheduleFree) ' +
    'differs (read at commit 70785b5, its *_reference.py): its warmup factor is (k + 1)/W for the z step as for the weight, ' +
    'where optax uses k/W for the z step (so optax’s first warmup step does not move z); warmupIndexing “authors” gives ' +
    'it, checked to 1e-9 against a NumPy port of their reference step in scripts/numpy-optax-authors-fixtures.py. ' +
    'optax’s schedule_free_adamw takes no mask (schedule_free around optax.adamw(mask=…) does); here the constructor’s ' +
    'weightDecayMask is one, a predicate (name, shape) => boolean over named ' +
    'parameters (default: all, as optax); noDecayBias (--no-decay-bias) leaves out parameters with fewer than 2 ' +
    'dimensions or a name containing bias or norm. A learning-rate ' +
    'schedule given as lr (a function) is read once per step and used for both counts.',
  pytorch: 'No torch.optim class (PyTorch declines it); follows optax, not a PyTorch port.',
  options: scheduleFreeAdamWOptionSpecs,
  references: [
    {
      authors: 'A. Defazio, X. Yang, H. Mehta, K. Mishchenko, A. Khaled, A. Cutkosky',
      title: 'The Road Less Scheduled',
      year: 2024,
      url: 'https://arxiv.org/abs/2405.15682',
    },
  ],
  validate: optionValidator('Schedule-Free AdamW', scheduleFreeAdamWOptionSpecs, validateScheduleFreeAdamW),
  create: (params, options) => new ScheduleFreeAdamW(params, options),
};
