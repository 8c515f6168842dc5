import { defineConfig } from 'tsup';

// The command is an ES module program for Node; its workspace packages stay external and load from node_modules.
export default defineConfig({
  entry: { bin: 'src/bin.ts', index: 'src/index.ts', 'study-worker': 'src/study/study-worker.ts' },
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  dts: false,
});
