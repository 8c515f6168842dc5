import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseNpy } from '@descent/datasets';
import { FailureError, UsageError } from './errors.js';
import type { Io } from './io.js';

/** Numbers from a .npy file (any numeric dtype, flattened), a .json array, or text with one number a line. */
export function readNumbers(io: Io, file: string): number[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(io.cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, expected a file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`cannot read ${file}: ${why}`);
  }
  const ext = extname(file).toLowerCase();
  try {
    if (ext === '.npy') return Array.from(parseNpy(new Uint8Array(bytes), file).data, Number);
    const text = bytes.toString('utf8');
    if (ext === '.json') {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed) || parsed.some((v) => typeof v !== 'number')) throw new Error('expected a JSON array of numbers');
      return parsed as number[];
    }
    return text
      .split(/\r?\n/)
      .map((line, i) => [line.trim(), i + 1] as const)
      .filter(([line]) => line !== '' && !line.startsWith('#'))
      .map(([line, number]) => {
        const v = Number(line);
        if (!Number.isFinite(v)) throw new Error(`line ${String(number)} is not a number: '${line}'`);
        return v;
      });
  } catch (error) {
    throw new FailureError(`${file}: ${(error as Error).message}`);
  }
}
