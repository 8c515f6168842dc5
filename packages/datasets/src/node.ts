// Node-only: reading files, the cache directory, downloads, atomic writes. Browsers use the embedded sample from the
// main entry.
export { writeFileAtomic } from './atomic-write.js';
export {
  cacheDirectory,
  DatasetNotFoundError,
  describeSources,
  downloadFashionMnist,
  FASHION_MNIST_DOWNLOAD,
  IDX_FILES,
  loadImageDataset,
  readIdxFile,
  type DataSource,
  type LoadOptions,
  type LocateOptions,
} from './locate.js';
