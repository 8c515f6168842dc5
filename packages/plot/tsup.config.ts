import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup.base.js';

export default defineConfig(libraryConfig({ index: 'src/index.ts', png: 'src/png.ts', check: 'src/check.ts' }));
