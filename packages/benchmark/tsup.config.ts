import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup.base.js';

// Two entries: the whole protocol (Node), and what a browser can load (`@descent/benchmark/browser`).
export default defineConfig(libraryConfig({ index: 'src/index.ts', browser: 'src/browser.ts' }));
