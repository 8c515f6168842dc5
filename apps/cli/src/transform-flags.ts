import type { Command } from 'commander';
import {
  accumulate,
  chain,
  clipByGlobalNorm,
  clipByValue,
  ema,
  lookahead,
  skipNonFinite,
  transformedPlugin,
  type FloatArray,
  type GradientTransformation,
  type OptimizerPluginV1,
  type OptimizerV1,
  type TransformedOptimizer,
} from '@descent/optim';
import { UsageError } from './errors.js';

// Gradient transformations as flags (issue 15): they act on the gradient before the optimizer's step, as PyTorch's
// clip_grad_norm_ does before optimizer.step(), and (lookahead, ema) on the parameters after it.

/** The transformation flags as given, parsed. */
export interface TransformFlags {
  readonly clipGradNorm?: number;
  readonly clipGradValue?: number;
  readonly skipNonfinite?: number;
  readonly accumulate?: number;
  readonly lookahead?: { readonly k: number; readonly alpha: number };
  readonly ema?: number;
}

/** How many consecutive non-finite steps `--skip-nonfinite` without a number lets pass. */
const DEFAULT_SKIP_LIMIT = 10;

export function addTransformFlags(command: Command): void {
  command
    .option('--clip-grad-norm <max>', "scale the gradients down to this global L2 norm when above it (PyTorch's clip_grad_norm_)")
    .option('--clip-grad-value <clip>', "clamp every gradient entry to [-clip, clip] (PyTorch's clip_grad_value_)")
    .option('--skip-nonfinite [n]', `skip a step whose gradient holds NaN or ±∞; fail after N in a row (default ${String(DEFAULT_SKIP_LIMIT)})`)
    .option('--accumulate <k>', 'average the gradients of k steps and take one optimizer step (optax MultiSteps)')
    .option('--lookahead <k,alpha>', 'Lookahead: every k steps move slow weights alpha of the way to the fast ones and restart from them')
    .option('--ema <decay>', "keep an exponential moving average of the weights (PyTorch's AveragedModel)");
}

function number(flag: string, raw: unknown, expected: string, ok: (x: number) => boolean): number {
  const text = String(raw).trim();
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || !ok(value)) throw new UsageError(`${flag} expects ${expected}, got '${text}'`);
  return value;
}

const positive = (x: number) => x > 0;
const count = (x: number) => Number.isInteger(x) && x >= 1;

/** Reads the flags commander stored (camelCase); a value out of range is a usage error naming the flag. */
export function parseTransformFlags(values: Readonly<Record<string, unknown>>): TransformFlags {
  const flags: { -readonly [K in keyof TransformFlags]: TransformFlags[K] } = {};
  if (values.clipGradNorm !== undefined) flags.clipGradNorm = number('--clip-grad-norm', values.clipGradNorm, 'a number > 0', positive);
  if (values.clipGradValue !== undefined) flags.clipGradValue = number('--clip-grad-value', values.clipGradValue, 'a number > 0', positive);
  if (values.skipNonfinite !== undefined) {
    flags.skipNonfinite = values.skipNonfinite === true ? DEFAULT_SKIP_LIMIT : number('--skip-nonfinite', values.skipNonfinite, 'a whole number ≥ 0', (x) => Number.isInteger(x) && x >= 0);
  }
  if (values.accumulate !== undefined) flags.accumulate = number('--accumulate', values.accumulate, 'a whole number ≥ 1', count);
  if (values.lookahead !== undefined) {
    const text = typeof values.lookahead === 'string' ? values.lookahead : JSON.stringify(values.lookahead);
    const parts = text.split(',');
    if (parts.length !== 2) throw new UsageError(`--lookahead expects K,ALPHA (a whole number ≥ 1 and a number in (0, 1]), got '${text}'`);
    flags.lookahead = {
      k: number('--lookahead', parts[0], 'K,ALPHA with K a whole number ≥ 1', count),
      alpha: number('--lookahead', parts[1], 'K,ALPHA with ALPHA a number in (0, 1]', (x) => x > 0 && x <= 1),
    };
  }
  if (values.ema !== undefined) flags.ema = number('--ema', values.ema, 'a decay in [0, 1)', (x) => x >= 0 && x < 1);
  return flags;
}

/** Whether any transformation flag was given. */
export function hasTransforms(flags: TransformFlags): boolean {
  return Object.keys(flags).length > 0;
}

/** The flags as JSON output lists them (kebab-case names, as typed). */
export function describeTransforms(flags: TransformFlags): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  if (flags.clipGradNorm !== undefined) out['clip-grad-norm'] = flags.clipGradNorm;
  if (flags.clipGradValue !== undefined) out['clip-grad-value'] = flags.clipGradValue;
  if (flags.skipNonfinite !== undefined) out['skip-nonfinite'] = flags.skipNonfinite;
  if (flags.accumulate !== undefined) out.accumulate = flags.accumulate;
  if (flags.lookahead !== undefined) out.lookahead = `${String(flags.lookahead.k)},${String(flags.lookahead.alpha)}`;
  if (flags.ema !== undefined) out.ema = flags.ema;
  return out;
}

/** The flags back from `describeTransforms`' JSON (a study arm's `transforms`). */
export function transformsFromJson(described: Readonly<Record<string, number | string>>): TransformFlags {
  const values: Record<string, unknown> = {};
  for (const [flag, value] of Object.entries(described)) values[flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = String(value);
  return parseTransformFlags(values);
}

/** The camelCase names commander gives the transformation flags. */
export const TRANSFORM_FLAG_NAMES: readonly string[] = ['clipGradNorm', 'clipGradValue', 'skipNonfinite', 'accumulate', 'lookahead', 'ema'];

/**
 * The plugin with the flags' transformations around its optimizer: before the step, skip non-finite → accumulate →
 * clip by value → clip by norm (clipping acts on the gradient the step uses, the mean of an accumulation); after it,
 * lookahead, then the EMA of the result. `created` sees each optimizer made. Without flags, the plugin itself.
 */
export function withTransformFlags(
  plugin: OptimizerPluginV1,
  flags: TransformFlags,
  created?: (optimizer: TransformedOptimizer) => void,
): OptimizerPluginV1 {
  if (!hasTransforms(flags)) return plugin;
  if (plugin.needsClosure === true) {
    throw new UsageError(`${Object.keys(describeTransforms(flags)).map((f) => `--${f}`).join(', ')}: ${plugin.id} evaluates the gradient itself, so nothing can act on it before its step`);
  }
  return transformedPlugin(
    plugin,
    () => {
      const before: GradientTransformation[] = [];
      if (flags.skipNonfinite !== undefined) before.push(skipNonFinite({ maxConsecutive: flags.skipNonfinite }));
      if (flags.accumulate !== undefined) before.push(accumulate(flags.accumulate));
      if (flags.clipGradValue !== undefined) before.push(clipByValue(flags.clipGradValue));
      if (flags.clipGradNorm !== undefined) before.push(clipByGlobalNorm(flags.clipGradNorm));
      const after: GradientTransformation[] = [];
      if (flags.lookahead !== undefined) after.push(lookahead(flags.lookahead.k, flags.lookahead.alpha));
      if (flags.ema !== undefined) after.push(ema(flags.ema));
      return { ...(before.length === 0 ? {} : { before: chain(...before) }), ...(after.length === 0 ? {} : { after: chain(...after) }) };
    },
    created,
  );
}

/**
 * Calls `after` after each step of every optimizer `plugin` creates with the flags' transformations, with that
 * optimizer (`path --json` records the averaged point of each step).
 */
export function withTransformFlagsObserved(
  plugin: OptimizerPluginV1,
  flags: TransformFlags,
  after: (optimizer: TransformedOptimizer) => void,
): OptimizerPluginV1 {
  return withTransformFlags(plugin, flags, (optimizer) => {
    const step = optimizer.step.bind(optimizer);
    optimizer.step = (closure?: () => number) => {
      const loss = step(closure);
      after(optimizer);
      return loss;
    };
  });
}

/** The averaged parameters of an optimizer with `--ema` (its parameters themselves before its first step). */
export function averagedParameters(optimizer: OptimizerV1 & Pick<TransformedOptimizer, 'transformState'>): FloatArray[] {
  const state = optimizer.transformState('ema');
  const params = optimizer.paramGroups.flatMap((g) => g.params.map((p) => p.data));
  if (state === undefined || state.count === 0) return params;
  return state.average as FloatArray[];
}
