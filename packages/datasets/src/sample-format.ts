import { DatasetFormatError } from './idx.js';
import { FASHION_MNIST_CLASSES, type ImageDataset } from './image-dataset.js';

// The embedded sample is a binary file beside the loader (fashion-mnist-sample.bin), not base64 in the module: the
// main entry stays small, and only a program that asks for the sample reads its 2.4 MB. Layout, little-endian:
//   bytes 0–3   'DFMS'         bytes 4–7   training count n     bytes 8–11   test count m     bytes 12–15   side (14)
//   then n·side² training pixels, n training labels, m·side² test pixels, m test labels (uint8 each).
// scripts/build-sample.mjs writes it.
export const SAMPLE_FILE = 'fashion-mnist-sample.bin';
const MAGIC = 'DFMS';
const HEADER = 16;

/** Reads the sample file's bytes into the `fashion-mnist-sample` data set, or says what is wrong with them. */
export function parseSample(bytes: Uint8Array, source: string): ImageDataset {
  const fail = (why: string) => new DatasetFormatError(`${SAMPLE_FILE} (${source}) is not the embedded sample: ${why}`);
  if (bytes.length < HEADER || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) throw fail(`it does not start with '${MAGIC}'`);
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER);
  const train = header.getUint32(4, true);
  const test = header.getUint32(8, true);
  const side = header.getUint32(12, true);
  if (side !== 14) throw fail(`images of side ${String(side)}, expected 14`);
  const pixels = side * side;
  const expected = HEADER + (train + test) * (pixels + 1);
  if (bytes.length !== expected) throw fail(`${String(bytes.length)} bytes, expected ${String(expected)} for ${String(train)} + ${String(test)} images`);
  let offset = HEADER;
  const take = (length: number) => bytes.subarray(offset, (offset += length));
  return {
    name: 'fashion-mnist-sample',
    source: 'embedded sample (@descent/datasets)',
    size: 14,
    classes: FASHION_MNIST_CLASSES,
    train: { count: train, images: take(train * pixels), labels: take(train) },
    test: { count: test, images: take(test * pixels), labels: take(test) },
  };
}

/**
 * A loader that reads the sample's bytes once (`read`), shares the result between callers, and tries again after a
 * failure. The URL of the file stays in each entry point (`new URL('./fashion-mnist-sample.bin', import.meta.url)`),
 * written out where bundlers look for it.
 */
export function sampleLoader(file: URL, read: (file: URL) => Promise<Uint8Array>): () => Promise<ImageDataset> {
  let loading: Promise<ImageDataset> | undefined;
  return () => {
    if (loading === undefined) {
      const started = read(file).then((bytes) => parseSample(bytes, file.protocol === 'file:' ? decodeURIComponent(file.pathname) : file.href));
      started.catch(() => {
        loading = undefined;
      });
      loading = started;
    }
    return loading;
  };
}
