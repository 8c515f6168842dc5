import { builtinOptimizers, builtinPlugins } from '@descent/builtin-optimizers';
import type { OptimizerOptionSpecV1, OptimizerPluginV1 } from '@descent/optim';

// The demos' optimizers come from the registry the CLI reads too (@descent/builtin-optimizers), less two that a demo
// cannot step: L-BFGS, whose step(closure) evaluates the objective itself while the demos step with gradients only,
// and Muon, which takes matrices only while a demo's parameter is a point. Their reference pages are still generated.
const NOT_IN_DEMOS = new Set(['muon']);

/** The optimizers the demos run: the built-in descriptors, in the registry's order, that step on gradients. */
export const plugins: readonly OptimizerPluginV1[] = builtinPlugins.filter((p) => p.needsClosure !== true && !NOT_IN_DEMOS.has(p.id));

/** A demo optimizer by id; an id that is not one throws (`UnknownOptimizerError` or a RangeError), never another's. */
export function pluginById(id: string): OptimizerPluginV1 {
  const plugin = builtinOptimizers.get(id);
  if (!plugins.includes(plugin)) throw new RangeError(`${plugin.name} is not run by the demos (its reference page describes it)`);
  return plugin;
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
