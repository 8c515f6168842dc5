import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { adaptPlugin, createOptimizerRegistry, isOptimizerPlugin, type OptimizerPluginV1 } from '@descent/optim';
import { adadeltaPlugin } from '@descent/optimizer-adadelta';
import { adagradPlugin } from '@descent/optimizer-adagrad';
import { adamPlugin } from '@descent/optimizer-adam';
import { momentumPlugin } from '@descent/optimizer-momentum';
import { nesterovPlugin } from '@descent/optimizer-nesterov';
import { rmspropPlugin } from '@descent/optimizer-rmsprop';
import { sgdPlugin } from '@descent/optimizer-sgd';
import { UsageError } from './errors.js';

/** The optimizers that ship with the command, in the chapter's order. */
export const builtinOptimizers = createOptimizerRegistry([
  sgdPlugin,
  momentumPlugin,
  nesterovPlugin,
  rmspropPlugin,
  adagradPlugin,
  adadeltaPlugin,
  adamPlugin,
]);

const looksLikePath = (spec: string) => spec.startsWith('.') || isAbsolute(spec) || /\.(m?js|cjs)$/.test(spec);

/** Resolves a module the way the user's project would (from the working directory), then from the command itself. */
function resolveModule(spec: string, cwd: string): string | undefined {
  if (looksLikePath(spec)) return pathToFileURL(resolve(cwd, spec)).href;
  for (const base of [join(cwd, 'package.json'), import.meta.url]) {
    try {
      return pathToFileURL(createRequire(base).resolve(spec)).href;
    } catch {
      // Not installed there; try the next place.
    }
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
