import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';
import type { Io } from './io.js';

// Every output flag (--save, --plot, --out) is checked here before a command starts its work, so that a typo in a
// path costs nothing and an hour of training is never lost to an unwritable file. The checks are the same for every
// command: one line naming the flag, the value and what is wrong, exit code 2.

/** What is at a path: a folder, something else (a file, a device), or nothing. */
function kindOf(path: string): 'folder' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a part of the path is a file, so nothing can be there.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

/** The nearest existing path at or above `path` (the root always exists). */
function nearestExisting(path: string): string {
  let current = path;
  while (kindOf(current) === 'missing') {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/**
 * Whether a file can be created in `folder`. Permission bits do not answer it (root ignores them; a read-only mount
 * does not show in them), so a probe file is created and removed.
 */
function writableFolder(folder: string): string | undefined {
  const probe = resolve(folder, `.descent-probe-${String(process.pid)}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EEXIST') return undefined;
    return e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EROFS' ? 'read-only file system' : (e.code ?? e.message);
  }
}

/** Why nothing can be created at `path` below its nearest existing ancestor, or undefined when something can. */
function blockedBelow(path: string): string | undefined {
  const existing = nearestExisting(path);
  if (kindOf(existing) !== 'folder') return `${existing} is not a folder`;
  const denied = writableFolder(existing);
  return denied === undefined ? undefined : `cannot write in ${existing} (${denied})`;
}

/**
 * Checks a file that a command will write (`--save w.json`, `--plot fig.svg`, `data export --out x.npy`): its folder
 * exists and takes new files, and the name is not a folder. Missing folders are not created for files (a typo in a
 * folder name should not leave a stray folder behind); only `--out` folders are. Returns the absolute path.
 */
export function checkOutputFile(io: Io, flag: string, file: string): string {
  const target = resolve(io.cwd, file);
  const at = `${flag} ${file}`;
  if (file.endsWith('/') || kindOf(target) === 'folder') throw new UsageError(`${at}: is a folder, expected a file name`);
  const folder = dirname(target);
  const kind = kindOf(folder);
  if (kind === 'missing') {
    const blocked = blockedBelow(folder);
    throw new UsageError(`${at}: ${blocked ?? `the folder ${folder} does not exist (create it first)`}`);
  }
  if (kind === 'other') throw new UsageError(`${at}: ${folder} is not a folder`);
  const denied = writableFolder(folder);
  if (denied !== undefined) throw new UsageError(`${at}: cannot write in ${folder} (${denied})`);
  return target;
}

/**
 * Checks a folder that a command writes into (`--out DIR`) and creates it when it is missing, saying so on stderr
 * (stdout may be JSON). Returns the absolute path.
 */
export function prepareOutputFolder(io: Io, flag: string, dir: string): string {
  const target = resolve(io.cwd, dir);
  const at = `${flag} ${dir}`;
  const kind = kindOf(target);
  if (kind === 'other') throw new UsageError(`${at}: is a file, expected a folder`);
  if (kind === 'folder') {
    const denied = writableFolder(target);
    if (denied !== undefined) throw new UsageError(`${at}: cannot write in ${target} (${denied})`);
    return target;
  }
  const blocked = blockedBelow(target);
  if (blocked !== undefined) throw new UsageError(`${at}: cannot create the folder: ${blocked}`);
  mkdirSync(target, { recursive: true });
  io.stderr(`descent: created folder ${target}\n`);
  return target;
}
