// Node-only: reading files, the cache directory, downloads, atomic writes. Browsers use the embedded sample from the
// main entry.
export { writeFileAtomic } from './atomic-write.js';
export { DOWNLOAD_DEFAULTS, downloadBytes, retryAfterMs, type DownloadOptions, type DownloadRetry } from './download.js';
export {
  cacheDirectory,
  DatasetNotFoundError,
  describeSources,
  downloadFashionMnist,
  FASHION_MNIST_DOWNLOAD,
  type FashionMnistDownloadOptions,
  IDX_FILES,
  loadImageDataset,
  readIdxFile,
  type DataSource,
  type LoadOptions,
  type LocateOptions,
} from './locate.js';
