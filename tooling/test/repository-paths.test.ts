import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A clone stands alone: nothing in the repository may refer to a file outside it (the shared/ folder beside our
// own checkouts, an absolute path on a developer's machine). These checks read every tracked text file.
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Files under version control (what a user's clone has), text only. */
function trackedTextFiles(): string[] {
  const names = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\0').filter(Boolean);
  return names.filter(
    (name) =>
      name !== 'pnpm-lock.yaml' &&
      // This file: its examples of paths that leave the repository are test data.
      name !== 'tooling/test/repository-paths.test.ts' &&
      // Stryker's incremental baselines record the folders of the machine that made them: data, never followed.
      !/(^|\/)reports\/stryker-incremental\.json$/.test(name) &&
      !/\.(npy|png|gz|ico|woff2?|wasm|bin)$/.test(name),
  );
}

/** Relative paths written in `text` (`../x`, `'../..'`) that, resolved from `file`'s folder, leave the repository. */
function pathsLeavingRepository(file: string, text: string, repository: string): string[] {
  const found: string[] = [];
  // A run of `..` segments that starts a path: at a quote, bracket, whitespace, `=` or line start.
  const pattern = /(?:^|[\s'"`(=[:])((?:\.\.\/)*\.\.)(?=[/'"`)\s\]]|$)((?:\/[\w.@-]+)*)/gm;
  for (const match of text.matchAll(pattern)) {
    const target = resolve(dirname(join(repository, file)), `${match[1] ?? ''}${match[2] ?? ''}`);
    const inside = relative(repository, target);
    if (inside === '..' || inside.startsWith(`..${sep}`)) found.push(`${match[1] ?? ''}${match[2] ?? ''}`);
  }
  return found;
}

/** Paths the pattern above cannot resolve: joined segments (`join(root, '..', 'shared')`), our machines' absolute paths. */
const NAMED_OUTSIDE = /(?:^|[^\w])(?:\.\.\/)*shared\/fixtures|['"]\.\.['"],\s*['"]shared['"]|\/work\/(?:main|shared)\b/;

describe('the repository stands alone', () => {
  const files = trackedTextFiles();

  it('has files to check', () => {
    expect(files).toContain('package.json');
    expect(files).toContain('fixtures/book/NOTICE');
  });

  it('refers to no path outside the repository', () => {
    const offenders = files.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      const leaving = pathsLeavingRepository(file, text, root).map((path) => `${file}: ${path}`);
      const named = NAMED_OUTSIDE.exec(text);
      return named === null ? leaving : [...leaving, `${file}: ${named[0].trim()}`];
    });
    expect(offenders).toEqual([]);
  });

  it('vendors the book\'s fixtures with their licence notice', () => {
    const notice = readFileSync(join(root, 'fixtures/book/NOTICE'), 'utf8');
    expect(notice).toMatch(/MIT License/);
    expect(notice).toMatch(/rkneusel9\/MathForDeepLearning/);
  });
});

describe('pathsLeavingRepository', () => {
  const repository = resolve('/repo');
  it('finds relative paths that climb out of the repository, from the file\'s own folder', () => {
    // Written in parts so that this example is not itself a reference to the folder beside the repository.
    const outside = ['..', '..', '..', '..', 'shared', 'fixtures', 'book'].join('/');
    expect(pathsLeavingRepository('apps/cli/src/x.ts', `new URL(\`${outside}/\${name}\`)`, repository)).toEqual([outside]);
    expect(pathsLeavingRepository('a/b.ts', "join(root, '..', 'x'); const p = '../../elsewhere';", repository)).toEqual(['../../elsewhere']);
    expect(pathsLeavingRepository('README.md', `see [there](${['..', 'shared', 'DESIGN.md'].join('/')})`, repository)).toEqual([['..', 'shared', 'DESIGN.md'].join('/')]);
  });
  it('flags the shared folder joined segment by segment', () => {
    expect(NAMED_OUTSIDE.exec("join(repository, '..', 'shared', 'fixtures')")?.[0]).toBe("'..', 'shared'");
  });
  it('accepts relative paths that stay inside', () => {
    expect(pathsLeavingRepository('apps/cli/src/x.ts', "new URL('../../../fixtures/book/a.npy', import.meta.url)", repository)).toEqual([]);
    expect(pathsLeavingRepository('packages/nn/tsconfig.json', '"extends": "../../tsconfig.base.json"', repository)).toEqual([]);
    expect(pathsLeavingRepository('packages/datasets/src/t.ts', "new URL('../../..', import.meta.url)", repository)).toEqual([]);
  });
});
