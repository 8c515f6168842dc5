// Finds optimizer plugin descriptors the way the CLI does: any exported object that says it is one. The site's own
// dependencies are searched (so installing a third-party optimizer package in the site gives it a page), and any
// extra module named.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isOptimizerPlugin } from '@descent/optim';

/**
 * Every v1 descriptor exported by the dependencies in `packageJsonPath` and by `extra` modules (package names or
 * file paths), first one per id. `builtin` marks descent's own optimizers, which the site's demos can run.
 */
export async function discoverPlugins(packageJsonPath, extra = []) {
  const json = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  const found = new Map();
  const modules = [
    ...Object.keys(json.dependencies ?? {}).map((name) => ({ name, builtin: name.startsWith('@descent/optimizer-') })),
    ...extra.map((name) => ({ name, builtin: false })),
  ];
  for (const { name, builtin } of modules) {
    if (name === '@descent/cli') continue;
    const module = await import(name.startsWith('.') || name.startsWith('/') ? pathToFileURL(resolve(name)).href : name);
    for (const value of Object.values(module)) {
      if (isOptimizerPlugin(value) && value.specificationVersion === 'v1' && !found.has(value.id)) found.set(value.id, { plugin: value, builtin });
    }
  }
  return [...found.values()];
}
