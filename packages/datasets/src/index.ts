export { DatasetFormatError, parseIdx, type IdxArray } from './idx.js';
export { parseNpy, writeNpy, type NpyArray, type NpyDtype } from './npy.js';
export { shrinkTo14 } from './shrink.js';
export { FASHION_MNIST_CLASSES, MNIST_CLASSES, toFloat32, type DatasetName, type ImageDataset, type ImageSplit } from './image-dataset.js';
export { EpochSampler, RandomMinibatchSampler } from './samplers.js';
