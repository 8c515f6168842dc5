import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What a user of a published package installs (issue 12 §1 and §2): one copy of @descent/optim, caret ranges that
// deduplicate, ES modules only, and small production installs.
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Manifest {
  name: string;
  private?: boolean;
  main?: string;
  type?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
const folders = (parent: string) =>
  readdirSync(join(root, parent), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, parent, e.name, 'package.json')))
    .map((e) => join(root, parent, e.name));
const libraries = [...folders('packages'), ...folders('packages/optimizers')].map((dir) => ({ dir, manifest: read(dir) })).filter((p) => p.manifest.private !== true);
const optimizers = libraries.filter((p) => dirname(p.dir) === join(root, 'packages', 'optimizers'));
const byName = (name: string) => {
  const found = libraries.find((p) => p.manifest.name === name);
  if (found === undefined) throw new Error(`no package ${name}`);
  return found;
};

/** Every condition name used anywhere in an "exports" value. */
function conditions(exports: unknown): string[] {
  if (typeof exports !== 'object' || exports === null) return [];
  return Object.entries(exports).flatMap(([key, value]) => [...(key.startsWith('.') ? [] : [key]), ...conditions(value)]);
}

/** The folder Node finds `name` in from `dir`, walking up through node_modules folders as require and import do. */
function installedFolder(name: string, dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (basename(at) !== 'node_modules') {
      const candidate = join(at, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    }
    if (dirname(at) === at) return undefined;
  }
}

/** The packages a production install of the package in `dir` holds: itself, its dependencies and required peers, recursively. */
function productionClosure(dir: string): Set<string> {
  const seen = new Set<string>();
  const visit = (folder: string) => {
    if (seen.has(folder)) return;
    seen.add(folder);
    const m = read(folder);
    const optional = (name: string) => m.peerDependenciesMeta?.[name]?.optional === true;
    const names = [...Object.keys(m.dependencies ?? {}), ...Object.keys(m.peerDependencies ?? {}).filter((n) => !optional(n))];
    for (const name of names) {
      const found = installedFolder(name, folder);
      if (found === undefined) throw new Error(`${m.name} needs ${name}, which is not installed (run pnpm install)`);
      visit(found);
    }
  };
  visit(realpathSync(dir));
  return seen;
}

describe('published packages', () => {
  it('are found', () => {
    expect(libraries.map((p) => p.manifest.name)).toEqual(expect.arrayContaining(['@descent/optim', '@descent/nn', '@descent/metrics', '@descent/optimizer-adam']));
  });

  it('are ES modules only: no require condition, no CommonJS main (a CommonJS build beside them would be a second copy)', () => {
    for (const { manifest } of libraries) {
      expect(manifest.type, manifest.name).toBe('module');
      expect(manifest.main ?? '', manifest.name).not.toMatch(/\.cjs$/);
      expect(conditions(manifest.exports), manifest.name).not.toContain('require');
    }
  });

  it('depend on caret ranges, never exact pins, so that consumers can deduplicate', () => {
    for (const { manifest } of libraries) {
      for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
        // A caret, or a lower bound (optim's optional vitest peer, for its testing entry); workspace:^ becomes a caret on publish.
        expect(range, `${manifest.name} -> ${name}`).toMatch(/^((\^|>=)\d+(\.\d+){0,2}|workspace:\^)$/);
      }
    }
  });

  it('every optimizer takes @descent/optim as a peer (one copy for all of them), with the workspace copy for its own tests', () => {
    expect(optimizers.length).toBeGreaterThanOrEqual(7);
    for (const { manifest } of optimizers) {
      expect(manifest.dependencies?.['@descent/optim'], manifest.name).toBeUndefined();
      expect(manifest.peerDependencies?.['@descent/optim'], manifest.name).toBe('workspace:^');
      expect(manifest.devDependencies?.['@descent/optim'], manifest.name).toBe('workspace:*');
    }
  });

  it('@descent/plot takes the native PNG renderer as an optional peer, for @descent/plot/png only', () => {
    const plot = byName('@descent/plot').manifest;
    expect(plot.dependencies?.['@resvg/resvg-js']).toBeUndefined();
    expect(plot.peerDependencies?.['@resvg/resvg-js']).toBeDefined();
    expect(plot.peerDependenciesMeta?.['@resvg/resvg-js']?.optional).toBe(true);
  });

  it("@descent/stats does not carry the unused chi-square package; its metrics live in dependency-free @descent/metrics", () => {
    expect(Object.keys(byName('@descent/stats').manifest.dependencies ?? {})).not.toContain('@stdlib/stats-base-dists-chisquare-cdf');
    expect(byName('@descent/metrics').manifest.dependencies ?? {}).toEqual({});
  });

  it('@descent/nn depends on no optimizer package (NN.py\'s momentum rule is its own); its samplers come from @descent/datasets', () => {
    const dependencies = Object.keys(byName('@descent/nn').manifest.dependencies ?? {});
    expect(dependencies.filter((name) => name.startsWith('@descent/optimizer-'))).toEqual([]);
    expect(dependencies.sort()).toEqual(['@descent/datasets', '@descent/metrics', '@descent/optim', '@descent/tensor']);
  });
});

describe('production installs', () => {
  it('@descent/nn installs at most 30 packages (it was 234 while its metrics came from @descent/stats)', () => {
    const closure = productionClosure(byName('@descent/nn').dir);
    const names = [...closure].map((folder) => read(folder).name);
    expect(names).toContain('@descent/metrics');
    expect(names).not.toContain('@descent/stats');
    expect(closure.size).toBeLessThanOrEqual(30);
  });

  it('the count sees transitive dependencies (@descent/stats still brings the @stdlib packages it needs)', () => {
    const names = [...productionClosure(byName('@descent/stats').dir)].map((folder) => read(folder).name);
    expect(names.filter((n) => n.startsWith('@stdlib/')).length).toBeGreaterThan(100);
  });
});
