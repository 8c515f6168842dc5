import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptimizer } from './optimizer-resolver.js';

// Plugins are ES modules loaded with import(), whatever else a package ships: a package's CommonJS build would
// require() a second copy of @descent/optim beside the one the command holds (issue 12 §1).
const plugin = readFileSync(fileURLToPath(new URL('./__fixtures__/sign-descent-plugin.mjs', import.meta.url)), 'utf8');
// What a package's CommonJS build would do if it were loaded: fail loudly, so that loading it fails the test.
const commonJsBuild = "throw new Error('the CommonJS build was loaded');\n";

describe('resolveOptimizer loads a package by name as an ES module', () => {
  const project = mkdtempSync(join(tmpdir(), 'descent-resolver-'));
  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
  });
  /** A package in the project's node_modules: its package.json and files. */
  function install(name: string, manifest: Record<string, unknown>, files: Record<string, string>): void {
    const dir = join(project, 'node_modules', ...name.split('/'));
    for (const [file, text] of Object.entries({ 'package.json': JSON.stringify({ name, version: '1.0.0', ...manifest }), ...files })) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
  }

  it('takes the import condition of a dual package, never its require build', async () => {
    install(
      'descent-dual',
      { exports: { '.': { require: './dist/index.cjs', import: './dist/index.mjs' } }, main: './dist/index.cjs' },
      { 'dist/index.cjs': commonJsBuild, 'dist/index.mjs': plugin },
    );
    expect((await resolveOptimizer('descent-dual', project)).id).toBe('sign-descent');
  });

  it('follows nested conditions in their listed order, and a subpath of a scoped package', async () => {
    install(
      '@someone/optimizers',
      { exports: { './sign': { types: './sign.d.ts', node: { require: './sign.cjs', default: './sign.mjs' } }, '.': './none.mjs' } },
      { 'sign.cjs': commonJsBuild, 'sign.mjs': plugin, 'none.mjs': 'export {};\n' },
    );
    expect((await resolveOptimizer('@someone/optimizers/sign', project)).id).toBe('sign-descent');
  });

  it('matches subpath patterns', async () => {
    install('descent-patterns', { exports: { './algorithms/*': { import: './esm/*.mjs', require: './cjs/*.cjs' } } }, { 'esm/sign.mjs': plugin, 'cjs/sign.cjs': commonJsBuild });
    expect((await resolveOptimizer('descent-patterns/algorithms/sign', project)).id).toBe('sign-descent');
  });

  it('reads "module" before "main" in a package without "exports"', async () => {
    install('descent-legacy', { module: './index.mjs', main: './index.cjs' }, { 'index.mjs': plugin, 'index.cjs': commonJsBuild });
    expect((await resolveOptimizer('descent-legacy', project)).id).toBe('sign-descent');
  });

  it('a package that exports nothing for import is not loaded: a usage error naming the optimizer', async () => {
    install('descent-require-only', { exports: { require: './index.cjs' } }, { 'index.cjs': commonJsBuild });
    await expect(resolveOptimizer('descent-require-only', project)).rejects.toThrow(/^unknown optimizer 'descent-require-only'/);
  });
});
