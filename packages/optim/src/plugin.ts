import { resolveOptions, type OptimizerOptionSpecV1 } from './option-spec.js';
import type { OptimizerV1 } from './optimizer.js';
import type { BaseOptimizerOptions, ParamsInput } from './optimizer-types.js';

/** A publication an optimizer comes from, as the docs cite it. */
export interface OptimizerReferenceV1 {
  /** Initials and surnames, comma-separated: `D. P. Kingma, J. Ba`. */
  readonly authors: string;
  readonly title: string;
  readonly year: number;
  /** Where to read it (arXiv, the proceedings, the DOI), when there is a stable address. */
  readonly url?: string;
}

/** Whose definition an optimizer's update rule, options and defaults follow, and which version of it. */
export interface OptimizerDefinitionV1 {
  /** `pytorch`: torch.optim; `optax`: Google's optax; `book`: *Math for Deep Learning*, chapter 11, alone. */
  readonly source: 'pytorch' | 'optax' | 'book';
  /** The version or commit matched: `1.13`, `commit 2edbcbe`. */
  readonly version: string;
}

const definitionNames: Readonly<Record<OptimizerDefinitionV1['source'], string>> = {
  pytorch: 'PyTorch',
  optax: 'optax',
  book: 'the book',
};

/**
 * One line for tables: `PyTorch 1.13`, `optax commit 2edbcbe`; `not stated` for a descriptor without
 * `definedBy` (third-party plugins written before the field existed).
 */
export function definedByLabel(plugin: Pick<OptimizerPluginV1, 'definedBy'>): string {
  const d = plugin.definedBy;
  return d === undefined ? 'not stated' : `${definitionNames[d.source]} ${d.version}`;
}

/**
 * What an optimizer package exports so that the CLI, the docs and anyone's registry can find, describe and create
 * it. Nothing registers itself: a registry is built from the descriptors it is handed.
 */
export interface OptimizerPluginV1<O extends BaseOptimizerOptions = BaseOptimizerOptions> {
  readonly specificationVersion: 'v1';
  /** Short lowercase id used on the command line: `adam`. */
  readonly id: string;
  /** Display name: `Adam`. */
  readonly name: string;
  /** The npm package that exports this descriptor. */
  readonly packageName: string;
  /** One line. */
  readonly summary: string;
  /** The update rule as implemented, in LaTeX. */
  readonly updateRule: string;
  /** Equation number in *Math for Deep Learning*, chapter 11, where there is one: `11.10`. */
  readonly bookEquation?: string;
  /** How the implementation maps onto the book's equation (reparametrisations, ε placement). */
  readonly bookMapping: string;
  /** The PyTorch class this matches, where there is one, and how. */
  readonly pytorch?: string;
  /** Whose definition this follows (PyTorch, optax, the book) and which version. Optional so older plugins load. */
  readonly definedBy?: OptimizerDefinitionV1;
  readonly options: readonly OptimizerOptionSpecV1[];
  readonly references: readonly OptimizerReferenceV1[];
  /**
   * Whether `step()` must be handed a closure that sets the gradients for the current parameters and returns the loss,
   * because the optimizer evaluates the objective itself, several times a step (L-BFGS). Callers that own the
   * objective (trajectories, training loops) then pass one. Absent means false.
   */
  readonly needsClosure?: boolean;
  /**
   * Checks options without building an optimizer, as the constructor does (the same checks: the option specs' ranges,
   * then any rule between options, e.g. RMSprop's Nesterov needs momentum), and returns them with every default
   * filled in. Throws `InvalidOptionError` naming the option. Optional so that descriptors written before it still
   * load; `validatePluginOptions` then checks the specs alone. Make it with `optionValidator`.
   */
  validate?(options?: Partial<O>): O;
  /** Makes the optimizer on `params` (a list of parameters, or parameter groups with their own options). */
  create(params: ParamsInput<O>, options?: Partial<O>): OptimizerV1<O>;
}

/**
 * A descriptor's `validate`: the specs' ranges and defaults (`resolveOptions`), then `check`, the rule between
 * options the optimizer's constructor also runs (its definition's `validate`), so both refuse the same options.
 */
export function optionValidator<O extends BaseOptimizerOptions>(
  name: string,
  specs: readonly OptimizerOptionSpecV1[],
  check?: (options: O) => void,
): (options?: Partial<O>) => O {
  return (options) => {
    const full = resolveOptions<O>(name, specs, options);
    check?.(full);
    return full;
  };
}

/**
 * A plugin's options checked and completed by the plugin itself (`validate`), or, for a descriptor without it, by
 * its option specs: what a caller (the CLI, a page) uses instead of building an optimizer to see whether it throws.
 */
export function validatePluginOptions<O extends BaseOptimizerOptions>(plugin: OptimizerPluginV1<O>, options?: Partial<O>): O {
  return plugin.validate === undefined ? resolveOptions<O>(plugin.name, plugin.options, options) : plugin.validate(options);
}

/** Any version of the descriptor this release knows how to read. */
export type OptimizerPlugin = OptimizerPluginV1;

/**
 * A structural check, for descriptors that arrive from files or packages the CLI imports. By shape, never with
 * `instanceof` or a class: a descriptor built against another copy (or another version) of `@descent/optim` is still
 * one, and `specificationVersion` says which contract it follows (`adaptPlugin` reads it).
 */
export function isOptimizerPlugin(value: unknown): value is { specificationVersion: unknown; id: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return 'specificationVersion' in v && typeof v.id === 'string' && typeof v.create === 'function' && Array.isArray(v.options);
}

/** The descriptor's defaults as an options object. */
export function defaultOptions(plugin: OptimizerPluginV1): Record<string, number | boolean | string> {
  return Object.fromEntries(plugin.options.map((o) => [o.name, o.default]));
}
