// Tests of the command run its build, not only its sources: the CLI tests spawn dist/bin.js, and a study's worker
// threads load dist/study-worker.js (a worker thread cannot load TypeScript). A test run after an edit of src/
// without a rebuild would test the old code and pass. So every build records a digest of each source file it was
// made from (dist/build-sources.json), and before any test the run rebuilds dist/ when a source differs from its
// build, or stops with one line when it cannot.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SOURCES_FILE = 'build-sources.json';

const isSource = (path: string) => path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.split(sep).includes('__fixtures__');

/** sha256 of every source file of the bundle (src/**\/*.ts except tests and fixtures), by path relative to the package. */
export function sourceDigests(packageDir: string): Record<string, string> {
  const digests: [string, string][] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (isSource(path)) digests.push([relative(packageDir, path).split(sep).join('/'), createHash('sha256').update(readFileSync(path)).digest('hex')]);
    }
  };
  walk(join(packageDir, 'src'));
  return Object.fromEntries(digests.sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Records which sources a build in `outDir` was made from. The digests are taken before the build starts, so a
 * source edited while it runs reads as stale afterwards, never the reverse.
 */
export function writeBuildRecord(outDir: string, digests: Record<string, string>): void {
  writeFileSync(join(outDir, SOURCES_FILE), `${JSON.stringify(digests, null, 1)}\n`);
}

/** The first source that differs from the build in `outDir` (and how), or null when the build is fresh. */
export function staleSource(packageDir: string, outDir = join(packageDir, 'dist')): { file: string; how: string; others: number } | null {
  const recordFile = join(outDir, SOURCES_FILE);
  let built: Record<string, string> = {};
  try {
    built = JSON.parse(readFileSync(recordFile, 'utf8')) as Record<string, string>;
  } catch {
    return { file: relative(packageDir, recordFile).split(sep).join('/'), how: existsSync(recordFile) ? 'unreadable' : 'missing', others: 0 };
  }
  const now = sourceDigests(packageDir);
  const stale = [...Object.keys(now).filter((f) => built[f] !== now[f]), ...Object.keys(built).filter((f) => !(f in now))];
  const first = stale[0];
  if (first === undefined) return null;
  const how = !(first in built) ? 'added since the last build' : first in now ? 'changed since the last build' : 'deleted since the last build';
  return { file: first, how, others: stale.length - 1 };
}

const describeStale = (s: { file: string; how: string; others: number }) => `${s.file}, ${s.how}${s.others > 0 ? ` (and ${String(s.others)} more)` : ''}`;

/**
 * Makes `packageDir/dist` the build of the sources as they are: when a source differs from the build, runs the
 * package's tsup build into a fresh folder and moves its files into dist/ one atomic rename at a time (a command
 * started meanwhile never reads half a file). Returns the line to show, or null when dist/ was already fresh; throws
 * one line when the build fails or the sources change under it.
 */
export function ensureFreshBuild(packageDir: string): string | null {
  const stale = staleSource(packageDir);
  if (stale === null) return null;
  const dist = join(packageDir, 'dist');
  const fresh = join(packageDir, `dist.${String(process.pid)}.tmp`);
  rmSync(fresh, { recursive: true, force: true });
  const tsup = join(dirname(createRequire(join(packageDir, 'package.json')).resolve('tsup/package.json')), 'dist', 'cli-default.js');
  const began = performance.now();
  const build = spawnSync(process.execPath, [tsup, '--out-dir', relative(packageDir, fresh)], { cwd: packageDir, encoding: 'utf8' });
  try {
    if (build.status !== 0) {
      // esbuild's first error and where it is: "✘ [ERROR] Unexpected ";"  …  src/bin.ts:1:12:".
      const output = `${build.stderr}${build.stdout}`;
      const error = /\[ERROR\] (.*)/.exec(output);
      const where = error === null ? null : /(\S+:\d+:\d+):/.exec(output.slice(error.index));
      const reason = error === null ? `tsup exited with ${String(build.status)}` : `${where === null ? '' : `${where[1] ?? ''}: `}${error[1] ?? ''}`;
      throw new Error(`dist/ is older than ${describeStale(stale)}, and rebuilding it failed: ${reason}`);
    }
    mkdirSync(dist, { recursive: true });
    // Chunks first, then the entry points that import them, the record last.
    const rank = (f: string) => (f.startsWith('chunk-') ? 0 : f === SOURCES_FILE ? 2 : 1);
    const made = readdirSync(fresh).sort((a, b) => rank(a) - rank(b));
    for (const file of made) renameSync(join(fresh, file), join(dist, file));
    // Chunks of the old build (their names carry their content's hash) are no longer imported by anything.
    for (const file of readdirSync(dist)) if (!made.includes(file)) rmSync(join(dist, file), { recursive: true, force: true });
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
  const still = staleSource(packageDir);
  if (still !== null) throw new Error(`dist/ is older than ${describeStale(still)}: a source changed while it was rebuilt; run the tests again`);
  return `dist/ was older than ${describeStale(stale)}; rebuilt it in ${((performance.now() - began) / 1000).toFixed(1)}s, so the tests run the code as it is`;
}

/** vitest's globalSetup: the tests that spawn dist/bin.js or load dist/study-worker.js run the sources as they are. */
export default function rebuildStaleDist(): void {
  const line = ensureFreshBuild(resolve(fileURLToPath(new URL('..', import.meta.url))));
  if (line !== null) process.stderr.write(`@descent/cli tests: ${line}\n`);
}
