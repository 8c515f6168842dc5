import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { adaptPlugin, isOptimizerPlugin, type OptimizerPluginV1 } from '@descent/optim';
import { builtinOptimizers } from '@descent/builtin-optimizers';
import { UsageError } from './errors.js';

/** The optimizers that ship with the command: `@descent/builtin-optimizers`' list, which the docs site reads too. */
export { builtinOptimizers };

/**
 * Training steps on each minibatch's gradient, which the network computes once: an optimizer that must evaluate the
 * loss itself (descriptor `needsClosure`, L-BFGS) cannot take those steps, so `train` and studies refuse it by name.
 */
export function requireGradientSteps(plugin: OptimizerPluginV1, flag: string): void {
  if (plugin.needsClosure === true) {
    throw new UsageError(
      `${flag} ${plugin.id}: ${plugin.name} evaluates the loss itself, several times a step (step(closure)), and training steps on one gradient per minibatch; use ${plugin.id} with path or race`,
    );
  }
}

const looksLikePath = (spec: string) => spec.startsWith('.') || isAbsolute(spec) || /\.(m?js|cjs)$/.test(spec);

// The conditions of package.json "exports" that an ES module import in Node matches, in Node's own order of
// preference within each object (the first listed key that matches wins). Never "require": a package's CommonJS
// build would require a second copy of @descent/optim beside the ES module one the command already holds.
const IMPORT_CONDITIONS = new Set(['node', 'import', 'default']);

/** The target an "exports" entry gives an ES module import, if any. */
function importTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (Array.isArray(entry)) {
    for (const item of entry) {
      const target = importTarget(item);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null) return undefined;
  for (const [condition, value] of Object.entries(entry)) {
    if (!IMPORT_CONDITIONS.has(condition)) continue;
    const target = importTarget(value);
    if (target !== undefined) return target;
  }
  return undefined;
}

/** The file an ES module import of `subpath` ('.' or './x') of the package in `folder` loads, as Node resolves it. */
function packageEntry(folder: string, subpath: string): string | undefined {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { exports?: unknown; module?: unknown; main?: unknown };
  const { exports } = manifest;
  if (exports === undefined || exports === null) {
    if (subpath !== '.') return join(folder, subpath);
    // Before "exports", bundlers read "module" for the ES module build; Node reads "main".
    const main = typeof manifest.module === 'string' ? manifest.module : typeof manifest.main === 'string' ? manifest.main : 'index.js';
    return join(folder, main);
  }
  const bySubpath = typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((key) => key.startsWith('.'));
  const map = (bySubpath ? exports : { '.': exports }) as Record<string, unknown>;
  if (subpath in map) {
    const target = importTarget(map[subpath]);
    return target === undefined ? undefined : join(folder, target);
  }
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0 || !subpath.startsWith(key.slice(0, star)) || !subpath.endsWith(key.slice(star + 1))) continue;
    const target = importTarget(value);
    const matched = subpath.slice(star, subpath.length - (key.length - star - 1));
    return target === undefined ? undefined : join(folder, target.replaceAll('*', matched));
  }
  return undefined;
}

/**
 * Resolves a package the way an ES module import from the user's project would (from the working directory), then
 * from the command itself: the package's folder is looked up through node_modules as Node does, and its entry read
 * from "exports" with the import conditions.
 */
function resolveModule(spec: string, cwd: string): string | undefined {
  if (looksLikePath(spec)) return pathToFileURL(resolve(cwd, spec)).href;
  const parts = spec.split('/');
  const nameLength = spec.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = ['.', ...parts.slice(nameLength)].join('/');
  for (const base of [join(cwd, 'package.json'), fileURLToPath(import.meta.url)]) {
    const folders = createRequire(base).resolve.paths(name) ?? [];
    const folder = folders.map((dir) => join(dir, name)).find((dir) => existsSync(join(dir, 'package.json')));
    if (folder === undefined) continue;
    const entry = packageEntry(folder, subpath);
    if (entry !== undefined && existsSync(entry)) return pathToFileURL(entry).href;
  }
  return undefined;
}

/**
 * An optimizer by name: a built-in id, `@descent/optimizer-<name>` or any package installed where the command runs,
 * or a file, that exports a V1 descriptor. Nothing is registered by side effect: the descriptor is read from the
 * module's exports.
 */
export async function resolveOptimizer(spec: string, cwd: string): Promise<OptimizerPluginV1> {
  if (builtinOptimizers.has(spec)) return builtinOptimizers.get(spec);
  const candidates = looksLikePath(spec) ? [spec] : [`@descent/optimizer-${spec}`, spec];
  for (const candidate of candidates) {
    const url = resolveModule(candidate, cwd);
    if (url === undefined) continue;
    let exports: Record<string, unknown>;
    try {
      exports = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--optimizer ${spec}: could not load ${candidate}: ${(error as Error).message}`);
    }
    const found = Object.values(exports).filter(isOptimizerPlugin);
    const plugin = found.find((p) => p.id === spec) ?? (found.length === 1 ? found[0] : undefined);
    if (plugin === undefined) {
      throw new UsageError(
        found.length === 0
          ? `--optimizer ${spec}: ${candidate} exports no optimizer descriptor (an object with specificationVersion, id, options and create)`
          : `--optimizer ${spec}: ${candidate} exports several descriptors (${found.map((p) => p.id).join(', ')}); name one of them`,
      );
    }
    try {
      return adaptPlugin(plugin);
    } catch (error) {
      throw new UsageError(`--optimizer ${spec}: ${(error as Error).message}`);
    }
  }
  throw new UsageError(
    `unknown optimizer '${spec}'; known optimizers: ${builtinOptimizers.ids().join(', ')} (or an installed package or file that exports a descriptor)`,
  );
}
