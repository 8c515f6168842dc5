import { checkPackage, createPackageFromTarballData, Package } from '@arethetypeswrong/core';
import type { Problem } from '@arethetypeswrong/core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPublishedPackages, publishedPackages, type PackedPackage } from '../workspace.js';

// The tarballs a user downloads (issue 12 §3), made as `pnpm publish` makes them: what is in them, how large they
// are, and whether their type declarations resolve for every entry point (Are the Types Wrong?).
const OPTIMIZER_BUDGET = 15_000;
const OPTIM_BUDGET = 100_000;

let folder = '';
let packed: PackedPackage[] = [];
const tarball = (name: string): PackedPackage => {
  const found = packed.find((p) => p.name === name);
  if (found === undefined) throw new Error(`${name} was not packed`);
  return found;
};

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'descent-packed-'));
  packed = packPublishedPackages(folder);
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** The packed size of a tarball holding only the files that `keep` accepts: the same files, tarred and gzipped again. */
function packedSizeOf(pkg: PackedPackage, keep: (path: string) => boolean): number {
  const unpacked = join(folder, `${pkg.name.replace(/[@/]/g, '_')}-unpacked`);
  mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', pkg.filename, '-C', unpacked]);
  const again = `${unpacked}.tgz`;
  execFileSync('tar', ['-czf', again, '-C', unpacked, ...pkg.files.filter(keep).map((f) => `package/${f}`)]);
  return statSync(again).size;
}

describe('every published tarball', () => {
  it('is packed: one per published package, the CLI among them', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(publishedPackages().map((p) => p.manifest.name).sort());
    expect(packed.map((p) => p.name)).toContain('@descent/cli');
  });

  it('holds LICENSE, README.md, package.json and its build, and no sources or tests', () => {
    for (const pkg of packed) {
      expect(pkg.files, pkg.name).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
      expect(pkg.files.some((f) => f.startsWith('dist/')), `${pkg.name} has no dist/`).toBe(true);
      expect(pkg.files.filter((f) => f.startsWith('src/') || /\.test\.[cm]?[jt]s$/.test(f)), pkg.name).toEqual([]);
    }
  });

  it('names our own packages by version, never by workspace: (pnpm rewrites the ranges when it packs)', () => {
    for (const pkg of packed) {
      const manifest = execFileSync('tar', ['-xOzf', pkg.filename, 'package/package.json'], { encoding: 'utf8' });
      expect(manifest, pkg.name).not.toContain('workspace:');
    }
  });
});

describe('size budgets (packed, gzipped tarball bytes)', () => {
  it(`an optimizer package is at most ${String(OPTIMIZER_BUDGET)} bytes`, () => {
    const optimizers = packed.filter((p) => p.name.startsWith('@descent/optimizer-'));
    expect(optimizers.length).toBeGreaterThanOrEqual(7);
    const over = optimizers.map((p) => ({ name: p.name, bytes: statSync(p.filename).size })).filter((p) => p.bytes > OPTIMIZER_BUDGET);
    expect(over).toEqual([]);
  });

  it(`@descent/optim without its testing entry is at most ${String(OPTIM_BUDGET)} bytes`, () => {
    const optim = tarball('@descent/optim');
    const testing = (f: string) => f.startsWith('dist/testing.');
    expect(optim.files.filter(testing).length, 'the testing entry is in the tarball').toBeGreaterThan(0);
    const withoutTesting = packedSizeOf(optim, (f) => !testing(f));
    expect(withoutTesting).toBeLessThan(statSync(optim.filename).size);
    expect(withoutTesting).toBeLessThanOrEqual(OPTIM_BUDGET);
  });
});

/**
 * Are the Types Wrong's problems with a tarball under the node16 profile (node10 resolution is not checked), less the
 * one that every ES-module-only package has by design: `require()` of it from CommonJS resolves to ES modules, which
 * Node ≥ 20.19 (our engines) loads (see tooling/tsup.base.ts for why there is no CommonJS build).
 */
async function typeProblems(pkg: Package): Promise<string[]> {
  const result = await checkPackage(pkg);
  if (!result.types) return ['no type declarations'];
  const counted = (p: Problem) => p.kind !== 'CJSResolvesToESM' && !('resolutionKind' in p && p.resolutionKind === 'node10');
  const problems = result.problems.filter(counted).map((p) => `${p.kind}${'entrypoint' in p ? ` at ${p.entrypoint}` : ''}${'resolutionKind' in p ? ` (${p.resolutionKind})` : ''}`);
  // Every subpath of "exports" is an entry point Are the Types Wrong checked, and each resolves to declarations.
  for (const [subpath, entry] of Object.entries(result.entrypoints)) {
    if (subpath.endsWith('package.json')) continue;
    for (const kind of ['node16-esm', 'bundler'] as const) {
      const resolution = entry.resolutions[kind].resolution;
      if (resolution?.isTypeScript !== true) problems.push(`${subpath} has no type declarations under ${kind}`);
    }
  }
  return problems;
}

describe('Are the Types Wrong (node16 profile)', () => {
  it('finds no problem on any entry point of any library, subpaths included', async () => {
    const libraries = packed.filter((p) => p.name !== '@descent/cli');
    const found: string[] = [];
    for (const pkg of libraries) found.push(...(await typeProblems(createPackageFromTarballData(new Uint8Array(readFileSync(pkg.filename))))).map((p) => `${pkg.name}: ${p}`));
    expect(found).toEqual([]);
  }, 180_000);

  it('sees a subpath whose type declarations are missing (the check can fail)', async () => {
    const manifest = { name: 'broken', version: '1.0.0', type: 'module', exports: { '.': { types: './index.d.ts', default: './index.js' }, './png': { types: './png.d.ts', default: './png.js' } } };
    const broken = new Package(
      {
        '/node_modules/broken/package.json': JSON.stringify(manifest),
        '/node_modules/broken/index.d.ts': 'export declare const a: number;\n',
        '/node_modules/broken/index.js': 'export const a = 1;\n',
        '/node_modules/broken/png.js': 'export const b = 2;\n',
      },
      'broken',
      '1.0.0',
    );
    const problems = await typeProblems(broken);
    expect(problems.filter((p) => p.includes('./png')).length).toBeGreaterThan(0);
    expect(problems.some((p) => p.startsWith('UntypedResolution') || p.includes('has no type declarations'))).toBe(true);
  });

  it('checks every subpath of exports (@descent/plot/png, @descent/optim/testing, @descent/datasets/sample)', async () => {
    const entries = async (name: string) => {
      const result = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball(name).filename))));
      return result.types ? Object.keys(result.entrypoints) : [];
    };
    expect(await entries('@descent/plot')).toEqual(expect.arrayContaining(['.', './png', './check']));
    expect(await entries('@descent/optim')).toEqual(expect.arrayContaining(['.', './testing']));
    expect(await entries('@descent/datasets')).toEqual(expect.arrayContaining(['.', './node', './sample']));
  });
});
