import type { ImageDataset } from './image-dataset.js';
import { SAMPLE_FILE, sampleLoader } from './sample-format.js';

async function fetchBytes(file: URL): Promise<Uint8Array> {
  const response = await fetch(file);
  if (!response.ok) throw new Error(`Could not load ${SAMPLE_FILE} from ${file.href}: HTTP ${String(response.status)} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * `fashion-mnist-sample`: 10,000 training and 2,000 test images of Fashion-MNIST at the book's 14×14, shipped in
 * this package as a binary file (the first 1,000 / 200 of each class in file order; rebuilt by
 * scripts/build-sample.mjs), for where the full files are not at hand. In browsers the file is fetched from beside
 * this module (bundlers such as Vite emit it as an asset); Node reads it from the package. Loaded once.
 * Fashion-MNIST © 2017 Zalando SE, MIT licence.
 *
 * @example
 * const sample = await loadFashionMnistSample();
 * sample.train.count; // 10000
 */
export const loadFashionMnistSample: () => Promise<ImageDataset> = sampleLoader(new URL('./fashion-mnist-sample.bin', import.meta.url), fetchBytes);
