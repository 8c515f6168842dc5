import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FailureError } from './errors.js';

/** Where a command writes: real streams in the binary, buffers in tests. */
export interface Io {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: Io = {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Writes a file whole or not at all: the bytes go to a temporary name beside it, then a rename puts them in place,
 * so an interrupted run never leaves half a figure.
 */
export function writeFileAtomic(io: Io, path: string, data: string | Uint8Array): string {
  const target = resolve(io.cwd, path);
  const temporary = `${target}.${String(process.pid)}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new FailureError(`could not write ${path}: ${(error as Error).message}`);
  }
  return target;
}
