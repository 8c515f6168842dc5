import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, repositoryRoot, type WorkspacePackage } from '../workspace.js';

// The API reference (issue 12 §3): TypeDoc documents every public entry point of every library, subpaths included, and
// the docs build fails on an undocumented export. TypeDoc itself runs in the docs build (apps/docs/scripts/
// generate-pages.mjs), minutes long; this checks its configuration against the packages' "exports" in milliseconds.
const docs = join(repositoryRoot, 'apps', 'docs');

interface TypedocConfig {
  entryPoints?: string[];
  packageOptions?: { entryPoints?: string[] };
  validation?: { notDocumented?: boolean };
  requiredToBeDocumented?: string[];
  packagesRequiringDocumentation?: string[];
  treatWarningsAsErrors?: boolean;
}

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
const config = readJson<TypedocConfig>(join(docs, 'typedoc.json'));
const libraries = publishedPackages().filter((p) => p.manifest.bin === undefined);

/** Whether one of typedoc.json's entry points (a folder, or a folder/* glob) names this package's folder. */
function covered(pkg: WorkspacePackage): boolean {
  return (config.entryPoints ?? []).some((entry) => {
    const folder = relative(repositoryRoot, join(docs, entry.replace(/\/\*$/, '')));
    return entry.endsWith('/*') ? folder === relative(repositoryRoot, join(pkg.dir, '..')) : folder === pkg.folder;
  });
}

/** The source file of each "exports" subpath: dist/<name>.d.ts comes from src/<name>.ts or src/<name>/index.ts. */
function exportedSources(pkg: WorkspacePackage): { subpath: string; source: string | undefined }[] {
  const exports = (pkg.manifest.exports ?? {}) as Record<string, string | { types?: string }>;
  return Object.entries(exports)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => {
      const types = typeof target === 'string' ? target : target.types;
      const name = basename(types ?? '', '.d.ts');
      const source = [`src/${name}.ts`, `src/${name}/index.ts`].find((candidate) => existsSync(join(pkg.dir, candidate)));
      return { subpath, source };
    });
}

/** The entry points TypeDoc converts for a package: its own typedoc.json's, else typedoc.json's packageOptions. */
function typedocEntries(pkg: WorkspacePackage): string[] {
  const own = join(pkg.dir, 'typedoc.json');
  return (existsSync(own) ? readJson<TypedocConfig>(own).entryPoints : config.packageOptions?.entryPoints) ?? [];
}

describe('the API reference (apps/docs/typedoc.json)', () => {
  it('covers every published library', () => {
    expect(libraries.length).toBeGreaterThan(30);
    expect(libraries.filter((p) => !covered(p)).map((p) => p.manifest.name)).toEqual([]);
  });

  it('documents every entry point of "exports", subpaths included (a package with subpaths lists them in its own typedoc.json)', () => {
    const missing = libraries.flatMap((pkg) => {
      const entries = typedocEntries(pkg);
      return exportedSources(pkg)
        .filter(({ source }) => source === undefined || !entries.includes(source))
        .map(({ subpath, source }) => `${pkg.manifest.name} ${subpath} (${source ?? 'no source found'})`);
    });
    expect(missing).toEqual([]);
  });

  it('finds the subpaths it must document (plot/png, optim/testing, datasets/sample)', () => {
    const sources = (name: string) => exportedSources(libraries.find((p) => p.manifest.name === name) as WorkspacePackage).map((e) => e.source);
    expect(sources('@descent/plot')).toEqual(['src/index.ts', 'src/png.ts', 'src/check.ts']);
    expect(sources('@descent/optim')).toEqual(['src/index.ts', 'src/testing/index.ts']);
    expect(sources('@descent/datasets')).toEqual(['src/index.ts', 'src/node.ts', 'src/sample.ts']);
  });

  it('fails the build on an undocumented export of the packages held to it', () => {
    expect(config.validation?.notDocumented).toBe(true);
    expect(config.treatWarningsAsErrors).toBe(true);
    expect(config.requiredToBeDocumented).toEqual(expect.arrayContaining(['Function', 'Class', 'Interface', 'TypeAlias', 'Variable']));
    const held = config.packagesRequiringDocumentation ?? [];
    expect(held).toEqual(expect.arrayContaining(['@descent/benchmark', '@descent/builtin-optimizers', '@descent/datasets', '@descent/metrics', '@descent/nn', '@descent/optim', '@descent/plot', '@descent/stats', '@descent/surfaces', '@descent/tensor']));
    for (const name of held) expect(libraries.map((p) => p.manifest.name), name).toContain(name);
  });

  it('holds every published library to it (a new package or optimizer plugin is documented from its first commit)', () => {
    const held = config.packagesRequiringDocumentation ?? [];
    const names = libraries.map((p) => p.manifest.name);
    expect(names.filter((name) => name.startsWith('@descent/optimizer-')).length).toBeGreaterThanOrEqual(25);
    expect(names.filter((name) => !held.includes(name))).toEqual([]);
  });
});

describe('optimizer classes', () => {
  it('each has an @example in its doc comment', () => {
    const optimizers = libraries.filter((p) => p.manifest.name.startsWith('@descent/optimizer-'));
    const without = optimizers.filter((pkg) => {
      const main = join(pkg.dir, 'src', `${basename(pkg.dir)}.ts`);
      const text = existsSync(main) ? readFileSync(main, 'utf8') : '';
      // The doc comment right above the first exported class.
      const comment = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export class /.exec(text)?.[1] ?? '';
      return !comment.includes('@example');
    });
    expect(without.map((p) => p.manifest.name)).toEqual([]);
  });
});
