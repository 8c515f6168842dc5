import {
  SAMPLE_TEST_COUNT,
  SAMPLE_TEST_IMAGES,
  SAMPLE_TEST_LABELS,
  SAMPLE_TRAIN_COUNT,
  SAMPLE_TRAIN_IMAGES,
  SAMPLE_TRAIN_LABELS,
} from './fashion-mnist-sample.data.js';
import { FASHION_MNIST_CLASSES, type ImageDataset } from './image-dataset.js';

const decode = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

let cached: ImageDataset | undefined;

/**
 * `fashion-mnist-sample`: 10,000 training and 2,000 test images of Fashion-MNIST at the book's 14×14, shipped
 * inside this package (first 1,000 / 200 of each class in file order; rebuilt by scripts/build-sample.mjs). It runs
 * where the full files are not at hand, in Node and in browsers. Fashion-MNIST © 2017 Zalando SE, MIT licence.
 */
export function loadFashionMnistSample(): ImageDataset {
  cached ??= {
    name: 'fashion-mnist-sample',
    source: 'embedded sample (@descent/datasets)',
    size: 14,
    classes: FASHION_MNIST_CLASSES,
    train: { count: SAMPLE_TRAIN_COUNT, images: decode(SAMPLE_TRAIN_IMAGES), labels: decode(SAMPLE_TRAIN_LABELS) },
    test: { count: SAMPLE_TEST_COUNT, images: decode(SAMPLE_TEST_IMAGES), labels: decode(SAMPLE_TEST_LABELS) },
  };
  return cached;
}
