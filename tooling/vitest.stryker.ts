import { defineConfig } from 'vitest/config';
import base from './vitest.base.js';
import { FailedLoadsAsTests } from './vitest-load-errors.js';

// The vitest configuration of mutation runs (tooling/stryker.base.mjs). Stryker reads results from vitest's state,
// not from reporters: the only reporter turns a test file that fails to load into a failed test (see
// vitest-load-errors.ts), and the console stays Stryker's.
export default defineConfig({ ...base, test: { ...base.test, reporters: [new FailedLoadsAsTests()] } });
