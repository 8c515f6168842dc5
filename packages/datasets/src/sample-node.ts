import { readFile } from 'node:fs/promises';
import type { ImageDataset } from './image-dataset.js';
import { sampleLoader } from './sample-format.js';

/**
 * `fashion-mnist-sample`: 10,000 training and 2,000 test images of Fashion-MNIST at the book's 14×14, shipped in
 * this package as a binary file (the first 1,000 / 200 of each class in file order; rebuilt by
 * scripts/build-sample.mjs), for where the full files are not at hand. Node's build of `@descent/datasets/sample`: it
 * reads the file from the package (Node's fetch takes no file: URLs). Loaded once. Fashion-MNIST © 2017 Zalando SE,
 * MIT licence.
 *
 * @example
 * const sample = await loadFashionMnistSample();
 * sample.train.count; // 10000
 */
export const loadFashionMnistSample: () => Promise<ImageDataset> = sampleLoader(
  new URL('./fashion-mnist-sample.bin', import.meta.url),
  async (file) => new Uint8Array(await readFile(file)),
);
