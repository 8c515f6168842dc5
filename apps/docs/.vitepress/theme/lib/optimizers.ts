import type { OptimizerOptionSpecV1, OptimizerPluginV1 } from '@descent/optim';
import { adabeliefPlugin } from '@descent/optimizer-adabelief';
import { adadeltaPlugin } from '@descent/optimizer-adadelta';
import { adafactorPlugin } from '@descent/optimizer-adafactor';
import { adagradPlugin } from '@descent/optimizer-adagrad';
import { adamPlugin } from '@descent/optimizer-adam';
import { adamaxPlugin } from '@descent/optimizer-adamax';
import { adamwPlugin } from '@descent/optimizer-adamw';
import { asgdPlugin } from '@descent/optimizer-asgd';
import { adoptPlugin } from '@descent/optimizer-adopt';
import { lambPlugin } from '@descent/optimizer-lamb';
import { larsPlugin } from '@descent/optimizer-lars';
import { lionPlugin } from '@descent/optimizer-lion';
import { momentumPlugin } from '@descent/optimizer-momentum';
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

/** The optimizers the demos run: the same descriptors the CLI and the reference pages read. */
export const plugins = [
  sgdPlugin,
  momentumPlugin,
  nesterovPlugin,
  rmspropPlugin,
  adagradPlugin,
  adadeltaPlugin,
  adamPlugin,
  adamwPlugin,
  adamaxPlugin,
  nadamPlugin,
  radamPlugin,
  rpropPlugin,
  asgdPlugin,
  // L-BFGS is left out: its step(closure) evaluates the objective itself, and the training demo steps with gradients
  // only (its reference page is still generated).
  // Muon is left out: it takes matrices only, and a demo's parameter is a point (its reference page is still generated).
  adafactorPlugin,
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
] as unknown as OptimizerPluginV1[];

export function pluginById(id: string): OptimizerPluginV1 {
  return plugins.find((p) => p.id === id) ?? (plugins[0] as OptimizerPluginV1);
}

/** Option values as the controls hold them: numbers, booleans and a choice option's string. */
export type OptionValues = Record<string, number | boolean | string>;

/**
 * A control for one option, from its spec: a checkbox for booleans, a select of the allowed names for a choice, a
 * number field with the spec's range.
 */
export interface OptionControl {
  readonly spec: OptimizerOptionSpecV1;
  readonly kind: 'checkbox' | 'number' | 'select';
  readonly min?: number;
  readonly max?: number;
  readonly step: number;
  /** The select's entries, for a choice. */
  readonly choices?: readonly string[];
}

export function controlsFor(plugin: OptimizerPluginV1): OptionControl[] {
  return plugin.options.map((spec) => {
    if (spec.type === 'boolean') return { spec, kind: 'checkbox', step: 1 };
    if (spec.type === 'choice') return { spec, kind: 'select', step: 1, choices: spec.choices ?? [] };
    const scale = typeof spec.default === 'number' && spec.default !== 0 ? Math.abs(spec.default) : 0.01;
    return {
      spec,
      kind: 'number',
      ...(spec.min === undefined ? {} : { min: spec.min }),
      ...(spec.max === undefined ? {} : { max: spec.max }),
      step: 10 ** Math.floor(Math.log10(scale)),
    };
  });
}

/** The plugin's defaults with the values a reader typed, dropping any the plugin would reject. */
export function optionValues(plugin: OptimizerPluginV1, values: OptionValues): OptionValues {
  const out: OptionValues = {};
  for (const spec of plugin.options) {
    const v = values[spec.name];
    // A choice keeps only a listed name: a value left from another optimizer's control falls back to the default.
    const offList = spec.type === 'choice' && !(typeof v === 'string' && (spec.choices ?? []).includes(v));
    out[spec.name] = v === undefined || offList || (typeof v === 'number' && !Number.isFinite(v)) ? spec.default : v;
  }
  return out;
}
