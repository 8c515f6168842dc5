import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../tooling/vitest.base.js';

// The browser tests start Chromium once and visit every page of the built site: allow them minutes, not seconds.
export default mergeConfig(base, defineConfig({ test: { testTimeout: 180_000, hookTimeout: 120_000, fileParallelism: false } }));
