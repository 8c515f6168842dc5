import { createOptimizerRegistry, type OptimizerPluginV1, type OptimizerRegistry } from '@descent/optim';
import { adabeliefPlugin } from '@descent/optimizer-adabelief';
import { adadeltaPlugin } from '@descent/optimizer-adadelta';
import { adafactorPlugin } from '@descent/optimizer-adafactor';
import { adagradPlugin } from '@descent/optimizer-adagrad';
import { adamPlugin } from '@descent/optimizer-adam';
import { adamaxPlugin } from '@descent/optimizer-adamax';
import { adamwPlugin } from '@descent/optimizer-adamw';
import { adoptPlugin } from '@descent/optimizer-adopt';
import { asgdPlugin } from '@descent/optimizer-asgd';
import { lambPlugin } from '@descent/optimizer-lamb';
import { larsPlugin } from '@descent/optimizer-lars';
import { lbfgsPlugin } from '@descent/optimizer-lbfgs';
import { lionPlugin } from '@descent/optimizer-lion';
import { momentumPlugin } from '@descent/optimizer-momentum';
import { muonPlugin } from '@descent/optimizer-muon';
import { nadamPlugin } from '@descent/optimizer-nadam';
import { nesterovPlugin } from '@descent/optimizer-nesterov';
import { prodigyPlugin } from '@descent/optimizer-prodigy';
import { radamPlugin } from '@descent/optimizer-radam';
import { rmspropPlugin } from '@descent/optimizer-rmsprop';
import { rpropPlugin } from '@descent/optimizer-rprop';
import { scheduleFreeAdamWPlugin } from '@descent/optimizer-schedule-free-adamw';
import { scheduleFreeSgdPlugin } from '@descent/optimizer-schedule-free-sgd';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { yogiPlugin } from '@descent/optimizer-yogi';

// The one list of the optimizers that ship with descent. The CLI's built-ins and the docs site's demos both read it,
// so adding an optimizer package means adding it here (and to this package's dependencies), nowhere else.

/** Every built-in descriptor: the chapter's seven in its order, then the rest of torch.optim, then optax's. */
export const builtinPlugins: readonly OptimizerPluginV1[] = [
  sgdPlugin,
  momentumPlugin,
  nesterovPlugin,
  rmspropPlugin,
  adagradPlugin,
  adadeltaPlugin,
  adamPlugin,
  // Beyond the chapter: the rest of torch.optim.
  adamwPlugin,
  adamaxPlugin,
  nadamPlugin,
  radamPlugin,
  rpropPlugin,
  asgdPlugin,
  lbfgsPlugin,
  adafactorPlugin,
  muonPlugin,
  // Beyond torch.optim, defined by optax.
  lionPlugin,
  adabeliefPlugin,
  yogiPlugin,
  adoptPlugin,
  lambPlugin,
  larsPlugin,
  scheduleFreeAdamWPlugin,
  scheduleFreeSgdPlugin,
  prodigyPlugin,
] as unknown as readonly OptimizerPluginV1[];

/** The registry of the built-ins: `get(id)` throws `UnknownOptimizerError` (listing the known ids) for any other id. */
export const builtinOptimizers: OptimizerRegistry = createOptimizerRegistry(builtinPlugins);

