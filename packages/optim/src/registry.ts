import { UnknownOptimizerError, UnsupportedSpecificationVersionError } from './errors.js';
import type { OptimizerPluginV1 } from './plugin.js';

/** Optimizer plugins by id, as the CLI and the docs look them up (`createOptimizerRegistry`). */
export interface OptimizerRegistry {
  /** The descriptor with this id; throws `UnknownOptimizerError` listing the known ids. */
  get(id: string): OptimizerPluginV1;
  /** Whether a plugin has this id. */
  has(id: string): boolean;
  /** Ids in the order the plugins were given. */
  ids(): string[];
  /** The plugins themselves, in the order they were given. */
  list(): OptimizerPluginV1[];
}

/**
 * A registry of the plugins it is handed, checked for a supported contract version and unique ids.
 *
 * @example
 * const registry = createOptimizerRegistry([adamPlugin, sgdPlugin]);
 * const opt = registry.get('adam').create([w], { lr: 0.01 });
 */
export function createOptimizerRegistry(plugins: Iterable<unknown>): OptimizerRegistry {
  const byId = new Map<string, OptimizerPluginV1>();
  for (const plugin of plugins) {
    const p = adaptPlugin(plugin);
    if (byId.has(p.id)) throw new Error(`Two optimizer plugins have the id '${p.id}'`);
    byId.set(p.id, p);
  }
  return {
    get(id) {
      const p = byId.get(id);
      if (p === undefined) throw new UnknownOptimizerError(id, [...byId.keys()]);
      return p;
    },
    has: (id) => byId.has(id),
    ids: () => [...byId.keys()],
    list: () => [...byId.values()],
  };
}

/** Brings a descriptor of any known contract version to the current one (today only V1 exists). */
export function adaptPlugin(plugin: unknown): OptimizerPluginV1 {
  if (typeof plugin !== 'object' || plugin === null) throw new TypeError('An optimizer plugin must be an object');
  const p = plugin as Partial<OptimizerPluginV1> & { specificationVersion?: unknown };
  const id = typeof p.id === 'string' ? p.id : '(no id)';
  if (p.specificationVersion !== 'v1') throw new UnsupportedSpecificationVersionError(id, p.specificationVersion);
  if (typeof p.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(p.id)) {
    throw new TypeError(`Optimizer plugin id ${JSON.stringify(p.id)} must be lowercase letters, digits and dashes`);
  }
  if (typeof p.create !== 'function' || !Array.isArray(p.options)) {
    throw new TypeError(`Optimizer plugin '${p.id}' needs a create() function and an options array`);
  }
  return p as OptimizerPluginV1;
}
