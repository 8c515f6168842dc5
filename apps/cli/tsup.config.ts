import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';
import { sourceDigests, writeBuildRecord } from './src/dist-freshness.js';

const packageDir = fileURLToPath(new URL('.', import.meta.url));

// The command is an ES module program for Node; its workspace packages stay external and load from node_modules.
// Each build records the sources it is made from (dist/build-sources.json): the tests rebuild a stale dist/.
export default defineConfig((flags) => {
  const outDir = flags.outDir ?? 'dist';
  const sources = sourceDigests(packageDir);
  return {
    entry: { bin: 'src/bin.ts', index: 'src/index.ts', 'study-worker': 'src/study/study-worker.ts', 'benchmark-worker': 'src/benchmark/benchmark-worker.ts', 'queue-thread': 'src/queue/queue-thread.ts' },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
    clean: true,
    dts: false,
    outDir,
    onSuccess: async () => {
      writeBuildRecord(resolve(packageDir, outDir), sources);
      await Promise.resolve();
    },
  };
});
