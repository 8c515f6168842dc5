import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../workspace.js';

// tooling/mutation-changed.sh chooses the packages whose mutation run CI repeats: tested on a throwaway repository
// with two packages, one of them with a committed Stryker baseline.
let root = '';
afterEach(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root, stdio: 'ignore' });
}

function write(path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

function listed(base?: string, ...options: string[]): string[] {
  const env = { ...process.env, ...(base === undefined ? {} : { MUTATION_BASE: base }) };
  const output = execFileSync('bash', [join(root, 'tooling/mutation-changed.sh'), '--list', ...options], { cwd: root, env, encoding: 'utf8' });
  return output.split('\n').filter((line) => line !== '');
}

function repository(): void {
  root = mkdtempSync(join(tmpdir(), 'mutation-changed-'));
  mkdirSync(join(root, 'tooling'));
  copyFileSync(join(repositoryRoot, 'tooling/mutation-changed.sh'), join(root, 'tooling/mutation-changed.sh'));
  for (const pkg of ['packages/stats', 'packages/optimizers/adam']) {
    write(`${pkg}/stryker.config.mjs`, 'export default {};\n');
    write(`${pkg}/src/index.ts`, 'export const x = 1;\n');
  }
  write('packages/optimizers/adam/reports/stryker-incremental.json', '{}\n');
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'baseline');
  write('README.md', 'unrelated\n');
  git('add', '.');
  git('commit', '-q', '-m', 'a change to no package');
}

describe('tooling/mutation-changed.sh', () => {
  it('runs no package when a change touches none and every baseline is current', () => {
    repository();
    expect(listed()).toEqual([]);
  });

  it("runs a package whose src/ the change touches, in full when it has no baseline", () => {
    repository();
    write('packages/stats/src/index.ts', 'export const x = 2;\n');
    git('commit', '-q', '-am', 'stats');
    expect(listed()).toEqual(['packages/stats: src changed since HEAD~1; no baseline: a full run']);
  });

  it('with --skip-full (CI), names a changed package that has no baseline instead of running it for hours', () => {
    repository();
    write('packages/stats/src/index.ts', 'export const x = 2;\n');
    write('packages/optimizers/adam/src/index.ts', 'export const x = 2;\n');
    git('commit', '-q', '-am', 'stats and adam');
    expect(listed(undefined, '--skip-full')).toEqual([
      'mutation: packages/stats (src changed since HEAD~1) has no baseline: not run here; record one with `pnpm test:mutation` in packages/stats (hours)',
      'packages/optimizers/adam: src changed since HEAD~1',
    ]);
  });

  it('refuses an unknown option with one line and exit 2', () => {
    repository();
    const run = spawnSync('bash', [join(root, 'tooling/mutation-changed.sh'), '--ful'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('mutation-changed: unknown option --ful (expected --list or --skip-full)\n');
  });

  it('runs a package whose src/ changed since its baseline, even in an earlier commit', () => {
    repository();
    write('packages/optimizers/adam/src/index.ts', 'export const x = 2;\n');
    git('commit', '-q', '-am', 'adam');
    write('README.md', 'another\n');
    git('commit', '-q', '-am', 'readme');
    expect(listed()).toEqual([expect.stringMatching(/^packages\/optimizers\/adam: src changed since its baseline \([0-9a-f]{7}\)$/)]);
    // Committing the updated baseline with the change settles it.
    write('packages/optimizers/adam/reports/stryker-incremental.json', '{"files":{}}\n');
    git('commit', '-q', '-am', 'adam baseline');
    expect(listed()).toEqual([]);
  });

  it('compares with MUTATION_BASE when CI names the commit a change started from', () => {
    repository();
    write('packages/stats/src/index.ts', 'export const x = 2;\n');
    git('commit', '-q', '-am', 'stats');
    write('README.md', 'another\n');
    git('commit', '-q', '-am', 'readme');
    expect(listed()).toEqual([]);
    expect(listed('HEAD~2')).toEqual(['packages/stats: src changed since HEAD~2; no baseline: a full run']);
  });

  it('fails with one line, listing nothing, when the base commit is not in the clone (a shallow checkout)', () => {
    repository();
    const run = spawnSync('bash', [join(root, 'tooling/mutation-changed.sh'), '--list'], {
      cwd: root,
      env: { ...process.env, MUTATION_BASE: 'HEAD~5' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('mutation-changed: base commit HEAD~5 is not in this clone (shallow? fetch more history or set MUTATION_BASE)\n');
  });
});
