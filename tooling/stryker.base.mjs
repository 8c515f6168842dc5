// Shared StrykerJS configuration: every package's stryker.config.mjs is `export default strykerConfig({ breakAt })`.
// Mutation testing (issue 20) measures the tests: each mutant is a small change to the package's source, and a good
// suite fails on it. The score (killed + timed out over all valid mutants) must stay at or above `breakAt`, or the run
// fails.
import { fileURLToPath } from 'node:url';

const here = (relative) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * @param {{ breakAt: number, mutate?: string[] }} options `breakAt`: the package's target score in percent.
 * `mutate`: the globs of the code under measurement (default: all of src but tests, fixtures and generated files).
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function strykerConfig({ breakAt, mutate = [] }) {
  return {
    // Stryker finds plugins next to its own package, which pnpm's layout hides: name the runner by its path.
    plugins: [fileURLToPath(import.meta.resolve('@stryker-mutator/vitest-runner'))],
    testRunner: 'vitest',
    vitest: {
      // The packages' vitest.config.ts re-exports tooling/vitest.base.ts by a path relative to the package, which does not
      // resolve from Stryker's sandbox (<package>/.stryker-tmp/sandbox-*): give vitest the shared config by its
      // absolute path. Its globs are relative to the working directory, the sandbox.
      configFile: here('./vitest.stryker.ts'),
    },
    coverageAnalysis: 'perTest',
    mutate: [
      'src/**/*.ts',
      '!src/**/*.test.ts',
      '!src/**/*.generated.ts',
      '!src/**/__fixtures__/**',
      ...mutate,
    ],
    // The sandbox needs the sources and the package's own files, not its build or benchmarks.
    ignorePatterns: ['dist', 'bench', 'coverage', 'test-results', 'reports'],
    // The machine is shared: one test process at a time.
    concurrency: 1,
    // Timings on a loaded machine vary; a mutant that makes a test loop forever times out 10 s after the normal run time.
    timeoutMS: 10_000,
    reporters: ['clear-text', 'progress', 'json'],
    jsonReporter: { fileName: 'reports/mutation/mutation.json' },
    incrementalFile: 'reports/stryker-incremental.json',
    thresholds: { high: Math.min(100, breakAt + 5), low: breakAt, break: breakAt },
    cleanTempDir: 'always',
  };
}
