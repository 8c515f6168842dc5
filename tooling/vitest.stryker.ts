import { defineConfig } from 'vitest/config';
import base from './vitest.base.js';
import { FailedLoadsAsTests } from './vitest-load-errors.js';

// The vitest configuration of mutation runs (tooling/stryker.base.mjs). Stryker reads results from vitest's state,
// not from reporters: the only reporter turns a test file that fails to load into a failed test (see
// vitest-load-errors.ts), and the console stays Stryker's.
//
// A package's tests import @descent/optim from its dist/, and a run takes minutes, during which a build of optim
// replaces its dist (and removes it for a few seconds): a test that fails then counts as killing whatever mutant was
// under test, and the run would measure the build, not the tests. DESCENT_MUTATION_OPTIM_DIST names a frozen copy of
// that dist (tooling/mutation-snapshot.sh makes one), which the package's own code and tests then import instead.
// CI builds before it tests, so it does not need one.
const optimDist = process.env.DESCENT_MUTATION_OPTIM_DIST;
const alias =
  optimDist === undefined || optimDist === ''
    ? []
    : [
        { find: /^@descent\/optim$/, replacement: `${optimDist}/index.js` },
        { find: /^@descent\/optim\/testing$/, replacement: `${optimDist}/testing.js` },
      ];

export default defineConfig({
  ...base,
  resolve: { alias },
  test: { ...base.test, reporters: [new FailedLoadsAsTests()] },
});
