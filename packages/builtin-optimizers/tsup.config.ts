import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup.base.js';

export default defineConfig(libraryConfig());
