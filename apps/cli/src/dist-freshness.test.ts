import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../vitest.config.js';
import { ensureFreshBuild, sourceDigests, staleSource, writeBuildRecord } from './dist-freshness.js';

const cliDir = fileURLToPath(new URL('..', import.meta.url));

/** A package with two sources, a test and a fixture, whose dist/ records the sources as they are now. */
function recordedPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'descent-fresh-'));
  mkdirSync(join(dir, 'src', 'study'), { recursive: true });
  mkdirSync(join(dir, 'src', '__fixtures__'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'src', 'bin.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'src', 'study', 'study-runner.ts'), 'export const b = 2;\n');
  writeFileSync(join(dir, 'src', 'bin.test.ts'), 'test\n');
  writeFileSync(join(dir, 'src', '__fixtures__', 'plugin.ts'), 'fixture\n');
  writeBuildRecord(join(dir, 'dist'), sourceDigests(dir));
  return dir;
}

/** A copy of the command's build setup (its tsup config and this module) around a one-line program. */
function buildablePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'descent-rebuild-'));
  mkdirSync(join(dir, 'src', 'study'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "rebuild-test", "type": "module" }\n');
  symlinkSync(join(cliDir, '..', '..', 'node_modules'), join(dir, 'node_modules'));
  copyFileSync(join(cliDir, 'tsup.config.ts'), join(dir, 'tsup.config.ts'));
  copyFileSync(join(cliDir, 'src', 'dist-freshness.ts'), join(dir, 'src', 'dist-freshness.ts'));
  writeFileSync(join(dir, 'src', 'bin.ts'), "console.log('first');\n");
  writeFileSync(join(dir, 'src', 'index.ts'), 'export {};\n');
  // Every entry of the command's tsup config: the study, benchmark and queue threads are bundles of their own.
  for (const entry of ['study/study-worker.ts', 'benchmark/benchmark-worker.ts', 'queue/queue-thread.ts']) {
    mkdirSync(join(dir, 'src', entry, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', entry), 'export {};\n');
  }
  return dir;
}

describe('the tests run the sources as they are, never an older dist/', () => {
  it('a build is fresh until a source of it changes; tests and fixtures are not part of it', () => {
    const dir = recordedPackage();
    expect(Object.keys(sourceDigests(dir))).toEqual(['src/bin.ts', 'src/study/study-runner.ts']);
    writeFileSync(join(dir, 'src', 'bin.test.ts'), 'a changed test\n');
    writeFileSync(join(dir, 'src', '__fixtures__', 'plugin.ts'), 'a changed fixture\n');
    expect(staleSource(dir)).toBeNull();
    writeFileSync(join(dir, 'src', 'study', 'study-runner.ts'), 'export const b = 3;\n');
    expect(staleSource(dir)).toEqual({ file: 'src/study/study-runner.ts', how: 'changed since the last build', others: 0 });
  });

  it('names an added or deleted source, counts the others, and takes a dist/ with no record as stale', () => {
    const dir = recordedPackage();
    writeFileSync(join(dir, 'src', 'new.ts'), 'export {};\n');
    expect(staleSource(dir)).toEqual({ file: 'src/new.ts', how: 'added since the last build', others: 0 });
    rmSync(join(dir, 'src', 'bin.ts'));
    expect(staleSource(dir)).toEqual({ file: 'src/new.ts', how: 'added since the last build', others: 1 });
    rmSync(join(dir, 'src', 'new.ts'));
    expect(staleSource(dir)).toEqual({ file: 'src/bin.ts', how: 'deleted since the last build', others: 0 });
    rmSync(join(dir, 'dist', 'build-sources.json'));
    expect(staleSource(dir)).toEqual({ file: 'dist/build-sources.json', how: 'missing', others: 0 });
  });

  it('rebuilds a stale dist/ with the package’s own tsup config, so the built program runs the edited source', () => {
    const dir = buildablePackage();
    const runBin = () => execFileSync(process.execPath, [join(dir, 'dist', 'bin.js')], { encoding: 'utf8' });
    expect(ensureFreshBuild(dir)).toMatch(/^dist\/ was older than dist\/build-sources\.json, missing; rebuilt it in [\d.]+s/);
    expect(runBin()).toBe('first\n');
    expect(ensureFreshBuild(dir)).toBeNull();
    writeFileSync(join(dir, 'src', 'bin.ts'), "console.log('edited');\n");
    expect(ensureFreshBuild(dir)).toMatch(/^dist\/ was older than src\/bin\.ts, changed since the last build; rebuilt it/);
    expect(runBin()).toBe('edited\n');
    expect(readdirSync(dir).filter((f) => f.startsWith('dist.'))).toEqual([]);
  }, 60_000);

  it('stops the run with one line when the edited source does not build, and keeps the last good build', () => {
    const dir = buildablePackage();
    ensureFreshBuild(dir);
    writeFileSync(join(dir, 'src', 'bin.ts'), 'console.log(;\n');
    expect(() => ensureFreshBuild(dir)).toThrow(/^dist\/ is older than src\/bin\.ts, changed since the last build, and rebuilding it failed: src\/bin\.ts:1:12: Unexpected ";"$/);
    expect(execFileSync(process.execPath, [join(dir, 'dist', 'bin.js')], { encoding: 'utf8' })).toBe('first\n');
  }, 60_000);

  it('runs before the tests of this package (vitest globalSetup)', () => {
    expect((config as { test?: { globalSetup?: unknown } }).test?.globalSetup).toEqual(['./src/dist-freshness.ts']);
  });
});
