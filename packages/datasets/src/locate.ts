import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeFileAtomic } from './atomic-write.js';
import { downloadBytes, shownUrl, type DownloadOptions } from './download.js';
import { DatasetFormatError, parseIdx, type IdxArray } from './idx.js';
import { FASHION_MNIST_CLASSES, MNIST_CLASSES, type ImageDataset } from './image-dataset.js';
import { shrinkTo14 } from './shrink.js';

// Where the IDX files of Fashion-MNIST and MNIST come from, in this order: a directory the user names (option or
// DESCENT_DATA_DIR), the user's cache, Debian's dataset package (DESCENT_SYSTEM_DATA_DIR names another system folder), and (Fashion-MNIST) a download from the official
// mirror, checked by SHA-256 and written atomically into the cache.

/** The four IDX files of an MNIST-style data set, by role; each may also be there gzip-compressed (`<name>.gz`). */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

type FileKey = keyof typeof IDX_FILES;

/** The official Fashion-MNIST files (Xiao et al. 2017, MIT licence) and their SHA-256, as Debian ships them. */
export const FASHION_MNIST_DOWNLOAD = {
  mirror: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
  sha256: {
    trainImages: 'b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7',
    trainLabels: '0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056',
    testImages: 'cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa',
    testLabels: '8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05',
  } satisfies Record<FileKey, string>,
};

/** Thrown when no place has the data set; its message lists every place tried and how to provide the files. */
export class DatasetNotFoundError extends Error {
  override readonly name = 'DatasetNotFoundError';
}

/** One place a data set is looked for (`describeSources`), in the order they are tried. */
export interface DataSource {
  /** A directory the user named, the user's cache, the system (Debian) data sets, or a download into the cache. */
  readonly place: 'explicit' | 'cache' | 'debian' | 'download';
  /** The absolute directory that is (or would be) read. */
  readonly directory: string;
  /** Whether all four files are there (for download: whether a download would be tried). */
  readonly found: boolean;
  /** Where the place comes from, for a person: `--data-dir`, `DESCENT_DATA_DIR`, `user cache`, the mirror's URL… */
  readonly note: string;
}

/** Where to look for a data set, overriding the environment variables that otherwise decide it. */
export interface LocateOptions {
  /** A directory the user named; it is used or reported, never passed over. */
  readonly dataDir?: string;
  /** Defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Allow the download step (default true; DESCENT_OFFLINE=1 turns it off). */
  readonly download?: boolean;
  /** Where system data sets live; default DESCENT_SYSTEM_DATA_DIR, else Debian's /usr/share/datasets. */
  readonly systemDir?: string;
}

/** The user's cache directory for a data set: `$XDG_CACHE_HOME/descent/<name>`, else `~/.cache/descent/<name>`. */
export function cacheDirectory(name: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(base, 'descent', name);
}

/** The file for a key in a directory, raw or gzip-compressed, or undefined. */
function fileIn(directory: string, key: FileKey): string | undefined {
  for (const candidate of [join(directory, `${IDX_FILES[key]}.gz`), join(directory, IDX_FILES[key])]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function complete(directory: string): boolean {
  return (Object.keys(IDX_FILES) as FileKey[]).every((k) => fileIn(directory, k) !== undefined);
}

/** Every place that is looked at for a data set, in order, and what is there. */
export function describeSources(name: 'fashion-mnist' | 'mnist', options: LocateOptions = {}): DataSource[] {
  const env = options.env ?? process.env;
  const sources: DataSource[] = [];
  const explicit = options.dataDir ?? env.DESCENT_DATA_DIR;
  if (explicit !== undefined) {
    const dir = resolve(explicit);
    sources.push({ place: 'explicit', directory: dir, found: complete(dir), note: options.dataDir === undefined ? 'DESCENT_DATA_DIR' : '--data-dir' });
  }
  const cache = cacheDirectory(name, env);
  sources.push({ place: 'cache', directory: cache, found: complete(cache), note: 'user cache' });
  const debian = join(options.systemDir ?? env.DESCENT_SYSTEM_DATA_DIR ?? '/usr/share/datasets', name);
  sources.push({ place: 'debian', directory: debian, found: complete(debian), note: name === 'fashion-mnist' ? 'Debian package dataset-fashion-mnist' : 'Debian dataset directory' });
  const mayDownload = name === 'fashion-mnist' && options.download !== false && env.DESCENT_OFFLINE !== '1';
  sources.push({
    place: 'download',
    directory: cache,
    found: mayDownload,
    note: name === 'fashion-mnist' ? `download from ${shownUrl(env.DESCENT_FASHION_MNIST_MIRROR ?? FASHION_MNIST_DOWNLOAD.mirror)}` : 'no download for MNIST',
  });
  return sources;
}

/**
 * Reads an IDX file from disk, gunzipping it when it starts with gzip's magic bytes, into its shape and data (a copy
 * of the file's bytes). Throws DatasetFormatError, naming the path, for a corrupt gzip or a malformed IDX file.
 */
export function readIdxFile(path: string): IdxArray {
  // A plain Uint8Array copy: Buffer#slice makes views, and the data outlives this call.
  let bytes = new Uint8Array(readFileSync(path));
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = new Uint8Array(gunzipSync(bytes));
    } catch (error) {
      throw new DatasetFormatError(`${path} is a corrupt gzip file: ${(error as Error).message}`);
    }
  }
  return parseIdx(bytes, path);
}

function readDirectory(name: 'fashion-mnist' | 'mnist', directory: string, source: string, size: 14 | 28): ImageDataset {
  const read = (key: FileKey) => readIdxFile(fileIn(directory, key) as string);
  const split = (images: IdxArray, labels: IdxArray, which: string) => {
    const count = images.shape[0] as number;
    if (images.shape.length !== 3 || images.shape[1] !== 28 || images.shape[2] !== 28) {
      throw new DatasetFormatError(`${which} images in ${directory} have shape [${images.shape.join(', ')}], expected [N, 28, 28]`);
    }
    if (labels.shape.length !== 1 || labels.shape[0] !== count) {
      throw new DatasetFormatError(`${which} labels in ${directory} have shape [${labels.shape.join(', ')}], expected [${String(count)}]`);
    }
    return { count, images: size === 14 ? shrinkTo14(images.data, count) : images.data.slice(), labels: labels.data.slice() };
  };
  return {
    name,
    source,
    size,
    classes: name === 'mnist' ? MNIST_CLASSES : FASHION_MNIST_CLASSES,
    train: split(read('trainImages'), read('trainLabels'), 'training'),
    test: split(read('testImages'), read('testLabels'), 'test'),
  };
}

/** `loadImageDataset`'s options: where to look (`LocateOptions`), the image size, and the download's settings. */
export interface LoadOptions extends LocateOptions {
  /** 28 for the original images (default), 14 for the book's 2×2-averaged shrink. */
  readonly size?: 14 | 28;
  /** Called with bytes received and expected while downloading. */
  readonly onProgress?: (file: string, received: number, total: number) => void;
  /** The download's timeout, retries and backoff (defaults: `DOWNLOAD_DEFAULTS`), and a callback before each retry. */
  readonly downloadOptions?: Omit<DownloadOptions, 'onProgress'>;
}

/** How the four files are fetched: timeout, retries and backoff (see `downloadBytes`), and progress per file. */
export interface FashionMnistDownloadOptions extends Omit<DownloadOptions, 'onProgress'> {
  /** Called with the file's name, bytes received and expected while downloading. */
  readonly onProgress?: (file: string, received: number, total: number) => void;
}

/**
 * Downloads the four Fashion-MNIST files into `directory`, each checked by SHA-256 and written into place whole;
 * a dropped connection, 5xx or 429 is retried with backoff, a silent server times out (`downloadBytes`).
 */
export async function downloadFashionMnist(directory: string, mirror: string, options: FashionMnistDownloadOptions = {}): Promise<void> {
  mkdirSync(directory, { recursive: true });
  for (const key of Object.keys(IDX_FILES) as FileKey[]) {
    const file = `${IDX_FILES[key]}.gz`;
    const target = join(directory, file);
    if (existsSync(target)) continue;
    const base = new URL(mirror);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    const location = new URL(file, base);
    // Resolving a file name against the mirror drops its query; a private mirror's ?token= must reach every file.
    location.search = base.search;
    const url = location.href;
    const { onProgress, ...rest } = options;
    const perFile = (received: number, total: number) => {
      onProgress?.(file, received, total);
    };
    const bytes = await downloadBytes(url, { ...rest, onProgress: perFile });
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== FASHION_MNIST_DOWNLOAD.sha256[key]) {
      throw new Error(`download of ${shownUrl(url)} has SHA-256 ${digest}, expected ${FASHION_MNIST_DOWNLOAD.sha256[key]}: not saved`);
    }
    writeFileAtomic(target, bytes);
  }
}

/**
 * Loads Fashion-MNIST or MNIST from the first place that has it. A directory the user names is used or reported,
 * never silently passed over; when nothing works, one message lists the places tried and the ways to fix it.
 */
export async function loadImageDataset(name: 'fashion-mnist' | 'mnist', options: LoadOptions = {}): Promise<ImageDataset> {
  const size = options.size ?? 28;
  const env = options.env ?? process.env;
  const sources = describeSources(name, options);
  const explicit = sources.find((s) => s.place === 'explicit');
  if (explicit !== undefined) {
    if (!explicit.found) {
      const missing = (Object.keys(IDX_FILES) as FileKey[]).filter((k) => fileIn(explicit.directory, k) === undefined).map((k) => IDX_FILES[k]);
      throw new DatasetNotFoundError(
        `${name} not found in ${explicit.directory} (${explicit.note}): missing ${missing.join(', ')} (raw or .gz)`,
      );
    }
    return readDirectory(name, explicit.directory, explicit.directory, size);
  }
  const failures: string[] = [];
  for (const source of sources) {
    if (source.place === 'download') {
      if (!source.found) {
        failures.push(`${source.note}: not tried`);
        continue;
      }
      try {
        await downloadFashionMnist(source.directory, env.DESCENT_FASHION_MNIST_MIRROR ?? FASHION_MNIST_DOWNLOAD.mirror, {
          ...options.downloadOptions,
          ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        });
        return readDirectory(name, source.directory, `${source.directory} (downloaded)`, size);
      } catch (error) {
        failures.push(`${source.note}: ${(error as Error).message}`);
        continue;
      }
    }
    if (source.found) return readDirectory(name, source.directory, source.directory, size);
    failures.push(`${source.directory} (${source.note}): not there`);
  }
  throw new DatasetNotFoundError(
    `${name} was not found. Tried: ${failures.join('; ')}. Fix: pass --data-dir DIR (or set DESCENT_DATA_DIR) to a directory with the four IDX files` +
      (name === 'fashion-mnist' ? ', install Debian’s dataset-fashion-mnist, or allow the download' : '') +
      '.',
  );
}
