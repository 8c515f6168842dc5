import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

// The one way a file of ours is written (the CLI's outputs, the dataset cache, the docs' generated pages): whole or
// not at all. It lives in @descent/datasets' Node entry because the CLI and the docs build already depend on that
// package and the download needs it itself, so no new arrow appears between packages.

let temporaryCounter = 0;

/** The temporary name beside `target`: same folder (a rename never crosses file systems), unique per process and call. */
function temporaryNameFor(target: string): string {
  temporaryCounter += 1;
  return join(dirname(target), `.${basename(target)}.${String(process.pid)}.${String(temporaryCounter)}.tmp`);
}

/**
 * Flushes a directory's entries, so that a rename into it survives a power cut. Opening a directory for fsync is
 * allowed on Linux and macOS but not on Windows (EISDIR/EPERM), where the rename is as durable as it gets: skipped.
 */
function fsyncDirectory(directory: string): void {
  let descriptor: number;
  try {
    descriptor = openSync(directory, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(descriptor);
  } catch {
    // Some file systems refuse fsync on a directory (EINVAL); the file itself is already on disk.
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Writes `data` to `target` whole or not at all: the bytes go to a temporary file beside it, are flushed to disk
 * (fsync), and a rename puts them in place, so a crash or an error leaves either the old file or the new one, never
 * half of one and never the temporary name. Creates missing folders. Throws the file system's error unchanged.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const directory = dirname(target);
  mkdirSync(directory, { recursive: true });
  const temporary = temporaryNameFor(target);
  try {
    const descriptor = openSync(temporary, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let written = 0;
      while (written < bytes.length) written += writeSync(descriptor, bytes, written, bytes.length - written);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  fsyncDirectory(directory);
}
