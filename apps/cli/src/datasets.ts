import type { ImageDataset } from '@descent/datasets';
import { DatasetNotFoundError, describeSources, loadImageDataset } from '@descent/datasets/node';
import { loadFashionMnistSample } from '@descent/datasets/sample';
import { FailureError, UsageError } from './errors.js';
import type { Io } from './io.js';

export const DATASET_NAMES = ['fashion-mnist', 'fashion-mnist-sample', 'mnist'] as const;

/**
 * The data set for training. Named: that one, or a clear failure. Not named: the full Fashion-MNIST when its files
 * are on this machine (a --data-dir, the cache, Debian's package), else the embedded sample; the caller says which.
 */
export async function resolveDataset(
  io: Io,
  name: string | undefined,
  dataDir: string | undefined,
  size: 14 | 28,
  options: { preferMnist?: boolean } = {},
): Promise<ImageDataset> {
  if (name !== undefined && !(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`--dataset expects one of ${DATASET_NAMES.join(', ')}, got '${name}'`);
  }
  if (name === 'fashion-mnist-sample') return loadFashionMnistSample();
  let which = (name ?? 'fashion-mnist') as 'fashion-mnist' | 'mnist';
  // Figure 11-11 used MNIST: when no data set is named, MNIST is taken if its files are here, else Fashion-MNIST.
  if (name === undefined && options.preferMnist === true) {
    const mnistHere = describeSources('mnist', { ...(dataDir === undefined ? {} : { dataDir }), download: false }).some((s) => s.found && s.place !== 'download');
    if (mnistHere) which = 'mnist';
    else io.stderr('descent: no MNIST files here (the book used MNIST for this figure); using Fashion-MNIST\n');
  }
  if (name === undefined && dataDir === undefined && which === 'fashion-mnist') {
    const local = describeSources('fashion-mnist', { download: false }).some((s) => s.found && s.place !== 'download');
    if (!local) {
      io.stderr('descent: no Fashion-MNIST files on this machine (see descent data info); training on the embedded sample\n');
      return loadFashionMnistSample();
    }
  }
  try {
    return await loadImageDataset(which, {
      size,
      ...(dataDir === undefined ? {} : { dataDir }),
      onProgress: (file, received, total) => {
        io.stderr(`\rdownloading ${file}: ${String(Math.round(received / 1024))} KiB${total > 0 ? ` of ${String(Math.round(total / 1024))} KiB` : ''}   `);
      },
      // A retry is said on its own line, so a wait of seconds (a busy mirror's Retry-After) is not a silent hang.
      downloadOptions: {
        onRetry: (retry) => {
          io.stderr(`descent: ${retry.url}: ${retry.reason}; trying again in ${String(retry.delayMs / 1000)} s\n`);
        },
      },
    });
  } catch (error) {
    if (error instanceof DatasetNotFoundError || (error as Error).name === 'DatasetFormatError') throw new FailureError((error as Error).message);
    throw error;
  }
}
