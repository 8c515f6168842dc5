import { writeFileAtomic as writeWhole } from '@descent/datasets/node';
import { resolve } from 'node:path';
import { FailureError } from './errors.js';

/** Where a command writes: real streams in the binary, buffers in tests. */
export interface Io {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * The folder the user typed the command in, which relative paths are taken from. `pnpm descent …` runs the root
 * package's `descent` script in the workspace root, not where the user was; pnpm (and npm) keep that folder in
 * INIT_CWD. Only a script named `descent` is read this way: in any other package script, relative paths written in
 * the script mean the script's own folder, which is the working directory.
 */
export function invocationFolder(env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  const initial = env.INIT_CWD;
  return env.npm_lifecycle_event === 'descent' && initial !== undefined && initial !== '' ? initial : cwd;
}

export const processIo: Io = {
  // Read when used: the binary may first move to the user's folder (invocationFolder).
  get cwd() {
    return process.cwd();
  },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Writes a file whole or not at all (`@descent/datasets/node`'s `writeFileAtomic`: a temporary name beside it, fsync,
 * rename), so an interrupted run never leaves half a figure; a path relative to the user's folder, and a failure as
 * the CLI's one-line error naming the path.
 */
export function writeFileAtomic(io: Io, path: string, data: string | Uint8Array): string {
  const target = resolve(io.cwd, path);
  try {
    writeWhole(target, data);
  } catch (error) {
    throw new FailureError(`could not write ${path}: ${(error as Error).message}`);
  }
  return target;
}
