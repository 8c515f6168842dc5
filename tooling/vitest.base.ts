import { defineConfig } from 'vitest/config';

// Tests live beside the code (src/<name>.test.ts); optimizer hot-loop tests need a few seconds on a busy machine.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
