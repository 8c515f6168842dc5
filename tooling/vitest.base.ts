import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests live beside the code (src/<name>.test.ts). In CI each package also writes a JSON report, which .ci/run
// adds up into one closing line.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
  },
});
