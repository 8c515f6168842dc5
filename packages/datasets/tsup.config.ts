import { copyFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup.base.js';

// `@descent/datasets/sample` reads fashion-mnist-sample.bin from beside its module: the file is copied into dist/
// with the entries (sample.js fetches it in browsers, sample-node.js reads it in Node).
export default defineConfig(
  libraryConfig(
    { index: 'src/index.ts', node: 'src/node.ts', sample: 'src/sample.ts', 'sample-node': 'src/sample-node.ts' },
    {
      onSuccess: async () => {
        copyFileSync('src/fashion-mnist-sample.bin', 'dist/fashion-mnist-sample.bin');
        await Promise.resolve();
      },
    },
  ),
);
