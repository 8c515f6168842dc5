import type { Command } from 'commander';
import { describeRange, InvalidOptionError, InvalidParamsError, resolveOptions, validatePluginOptions, type OptimizerOptionSpecV1, type OptimizerPluginV1 } from '@descent/optim';
import { UsageError } from './errors.js';

// Optimizer options as command-line flags: PyTorch's names in kebab case (`--weight-decay`), generated from the
// plugins' option specs so that a third-party optimizer's options work the same way.

export const toKebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
export const flagOf = (spec: OptimizerOptionSpecV1): string => `--${toKebab(spec.name)}`;

/** What a flag accepts, in the words of the command line (a schedule cannot be typed there). */
function accepted(spec: OptimizerOptionSpecV1): string {
  return spec.type === 'learning-rate' ? describeRange({ ...spec, type: 'number' }) : describeRange(spec);
}

/** An optimizer's options as flags give them: numbers, booleans and the strings of choice options. */
export type OptionValues = Record<string, number | boolean | string>;

/** Adds one flag per distinct option name among the plugins, saying which optimizers take it. */
export function addOptimizerFlags(command: Command, plugins: readonly OptimizerPluginV1[]): void {
  const byName = new Map<string, { spec: OptimizerOptionSpecV1; owners: string[] }>();
  for (const plugin of plugins) {
    for (const spec of plugin.options) {
      const entry = byName.get(spec.name) ?? { spec, owners: [] };
      entry.owners.push(plugin.id);
      byName.set(spec.name, entry);
    }
  }
  for (const { spec, owners } of byName.values()) {
    const flag = spec.type === 'boolean' ? flagOf(spec) : `${flagOf(spec)} <${spec.type === 'choice' ? 'name' : 'number'}>`;
    command.option(flag, `${spec.description} (${owners.join(', ')})`);
  }
}

/** The names of all optimizer flags given, as commander stored them (camelCase). */
export function givenOptimizerOptions(values: Record<string, unknown>, plugins: readonly OptimizerPluginV1[]): Map<string, unknown> {
  const names = new Set(plugins.flatMap((p) => p.options.map((o) => o.name)));
  const given = new Map<string, unknown>();
  for (const name of names) {
    if (values[name] !== undefined) given.set(name, values[name]);
    // Commander stores a negated flag (`--no-clipping`, ADOPT's noClipping) under the positive name, false when given
    // and true by default: the option was given when that value is false.
    const negated = /^no([A-Z])(.*)$/.exec(name);
    if (negated !== null && values[`${(negated[1] as string).toLowerCase()}${negated[2] as string}`] === false) given.set(name, true);
  }
  return given;
}

/** Turns one flag's text into the option's value, or says what the flag accepts. */
function parseOptionValue(plugin: OptimizerPluginV1, spec: OptimizerOptionSpecV1, raw: unknown): number | boolean | string {
  if (spec.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new UsageError(`${flagOf(spec)} takes no value for ${plugin.id}, got '${String(raw)}'`);
  }
  if (spec.type === 'choice') {
    const text = typeof raw === 'string' ? raw.trim() : '';
    if ((spec.choices ?? []).includes(text)) return text;
    throw new UsageError(`${flagOf(spec)} expects ${accepted(spec)} for ${plugin.id}, got '${String(raw)}'`);
  }
  const text = String(raw).trim();
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`${flagOf(spec)} expects ${accepted(spec)} for ${plugin.id}, got '${text}'`);
  return value;
}

/**
 * The options for one optimizer from the flags given, validated by the plugin's own specs. A flag the optimizer
 * does not have, or a value out of range, is a usage error that names the flag and what it accepts.
 */
export function optionsFor(plugin: OptimizerPluginV1, given: ReadonlyMap<string, unknown>, strict = true): OptionValues {
  const options: OptionValues = {};
  for (const [name, raw] of given) {
    const spec = plugin.options.find((o) => o.name === name);
    if (spec === undefined) {
      if (!strict) continue;
      const hint = name === 'nesterov' ? ' (use --optimizer nesterov)' : '';
      throw new UsageError(
        `--${toKebab(name)} is not an option of ${plugin.id}${hint}; its options: ${plugin.options.map(flagOf).join(', ')}`,
      );
    }
    options[name] = parseOptionValue(plugin, spec, raw);
  }
  return resolved(plugin, options);
}

/**
 * Fills in the plugin's defaults and validates, turning a validation error into a usage error about the flag. Two
 * steps, so that the wording follows which check refused the value, never the error's text: a value outside the
 * option's spec (its range, its type) is answered with the spec's range in the flag's words; a value the spec
 * allows but the descriptor's `validate` refuses (a rule between options: RMSprop's Nesterov needs momentum, L-BFGS
 * counts are whole numbers) with the descriptor's own words.
 */
function resolved(plugin: OptimizerPluginV1, options: OptionValues): OptionValues {
  try {
    resolveOptions(plugin.name, plugin.options, options as never);
  } catch (error) {
    throw asUsageError(plugin, error, (spec) => accepted(spec));
  }
  try {
    return validatePluginOptions(plugin, options as never) as unknown as OptionValues;
  } catch (error) {
    throw asUsageError(plugin, error, () => undefined);
  }
}

/** An `InvalidOptionError` as a usage error naming the flag; `expected` words it from the spec (undefined: the error's own). */
function asUsageError(plugin: OptimizerPluginV1, error: unknown, expected: (spec: OptimizerOptionSpecV1) => string | undefined): unknown {
  // isInstance, not instanceof: a plugin package may have been built against another copy of @descent/optim.
  if (!InvalidOptionError.isInstance(error)) return error;
  const spec = plugin.options.find((o) => o.name === error.option);
  const flag = spec === undefined ? `--${toKebab(error.option)}` : flagOf(spec);
  return new UsageError(`${flag} ${String(error.value)} is not allowed for ${plugin.id} (expected ${(spec === undefined ? undefined : expected(spec)) ?? error.expected})`);
}

/**
 * Runs `run` (a trajectory), turning an optimizer's refusal of the parameter it is given (Muon, for matrices only, and
 * a point on a surface) into a usage error that names the optimizer, instead of a stack trace.
 */
export function withParameterRefusalAsUsage<T>(plugin: OptimizerPluginV1, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (InvalidParamsError.isInstance(error)) throw new UsageError(`--optimizer ${plugin.id}: ${error.message}`);
    throw error;
  }
}
