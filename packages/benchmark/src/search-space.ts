import type { OptimizerOptionSpecV1, OptimizerPluginV1, OptionSearchSpaceV1 } from '@descent/optim';
import { haltonPoints } from './quasi-random.js';

/** Option values a trial runs with: every option of the descriptor, tuned or at its default. */
export type TrialOptions = Record<string, number | boolean | string>;

/** One tuned option and where it is searched. */
export interface SearchDimension {
  readonly name: string;
  readonly space: OptionSearchSpaceV1;
  /** Whether the descriptor declared the space (false: the documented default for `lr`). */
  readonly declared: boolean;
}

/**
 * The default for a descriptor that declares no space for `lr`: log-uniform over four decades centred on its default
 * (default / 100 … default × 100), the range in which a tuned learning rate usually lies.
 */
export function defaultLearningRateSpace(spec: OptimizerOptionSpecV1): OptionSearchSpaceV1 {
  const centre = typeof spec.default === 'number' && spec.default > 0 ? spec.default : 1e-3;
  return { kind: 'log-uniform', min: centre / 100, max: centre * 100 };
}

/** The options a benchmark tunes: those with a declared `searchSpace`, and `lr` always (declared or by default). */
export function searchDimensions(plugin: Pick<OptimizerPluginV1, 'options'>): SearchDimension[] {
  const dims: SearchDimension[] = [];
  for (const spec of plugin.options) {
    if (spec.searchSpace !== undefined) dims.push({ name: spec.name, space: spec.searchSpace, declared: true });
    else if (spec.name === 'lr') dims.push({ name: 'lr', space: defaultLearningRateSpace(spec), declared: false });
  }
  return dims;
}

/** A point of [0, 1) mapped into a space: linearly, in log, or to one of the choices. */
export function valueAt(space: OptionSearchSpaceV1, u: number): number | boolean | string {
  switch (space.kind) {
    case 'uniform':
      return space.min + u * (space.max - space.min);
    case 'log-uniform':
      return Math.exp(Math.log(space.min) + u * (Math.log(space.max) - Math.log(space.min)));
    case 'choice':
      return space.values[Math.min(space.values.length - 1, Math.floor(u * space.values.length))] as number | boolean | string;
  }
}

/**
 * `count` trials' options: the descriptor's defaults with every tuned option set from one Halton point. Numbers are
 * rounded to 6 significant digits so that the options read back from JSON are the ones that ran.
 */
export function trialOptions(plugin: Pick<OptimizerPluginV1, 'options'>, count: number, seed: number): TrialOptions[] {
  const dims = searchDimensions(plugin);
  const defaults: TrialOptions = Object.fromEntries(plugin.options.map((o) => [o.name, o.default]));
  return haltonPoints(count, dims.length, seed).map((point) => {
    const options: TrialOptions = { ...defaults };
    dims.forEach((d, i) => {
      const v = valueAt(d.space, point[i] as number);
      options[d.name] = typeof v === 'number' ? Number(v.toPrecision(6)) : v;
    });
    return options;
  });
}
