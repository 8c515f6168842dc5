import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../tooling/vitest.base.js';

// The tests spawn dist/bin.js and load dist/study-worker.js: refuse to run them on a build older than src/.
export default mergeConfig(base, defineConfig({ test: { globalSetup: ['./src/dist-freshness.ts'] } }));
