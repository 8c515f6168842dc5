/** One split of an image classification data set: `count` images of size×size uint8 pixels and their labels. */
export interface ImageSplit {
  readonly count: number;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

/**
 * The data sets descent loads: Fashion-MNIST and MNIST (60 000 training and 10 000 test images each), and the small
 * Fashion-MNIST sample embedded in the package.
 */
export type DatasetName = 'fashion-mnist' | 'mnist' | 'fashion-mnist-sample';

/** A loaded image classification data set: both splits, the class names and where the data came from. */
export interface ImageDataset {
  readonly name: DatasetName;
  /** Where the data came from, in words a person can check: a directory, or "embedded sample". */
  readonly source: string;
  /** Side of the square images: 28 (original) or 14 (the book's shrink). */
  readonly size: 14 | 28;
  /** The class names, indexed by label. */
  readonly classes: readonly string[];
  readonly train: ImageSplit;
  readonly test: ImageSplit;
}

/** Fashion-MNIST's ten class names, indexed by label (0 = T-shirt/top … 9 = Ankle boot), from Zalando's README. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;
/** MNIST's class names: the digits '0' to '9', indexed by label. */
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** Pixels as float32 in [0, 1] (the book divides by 255), one row per image. */
export function toFloat32(images: Uint8Array): Float32Array {
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = (images[i] as number) / 255;
  return out;
}
