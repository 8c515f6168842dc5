import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseNpy } from '@descent/datasets';
import { FailureError, UsageError } from './errors.js';
import type { Io } from './io.js';

/** A JSON array of numbers. */
function jsonNumbers(text: string): number[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || parsed.some((v) => typeof v !== 'number')) throw new Error('expected a JSON array of numbers');
  return parsed as number[];
}

/** One number a line; blank lines and lines starting with # are skipped. */
function textNumbers(text: string): number[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '' && !line.startsWith('#'))
    .map(([line, number]) => {
      const v = Number(line);
      if (!Number.isFinite(v)) throw new Error(`line ${String(number)} is not a number: '${line}'`);
      return v;
    });
}

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
  let values: number[];
  try {
    values = ext === '.npy' ? Array.from(parseNpy(new Uint8Array(bytes), file).data, Number) : ext === '.json' ? jsonNumbers(bytes.toString('utf8')) : textNumbers(bytes.toString('utf8'));
  } catch (error) {
    throw new FailureError(`${file}: ${(error as Error).message}`);
  }
  // Every statistic needs at least one value; an empty file is a mistake to name, not a RangeError from inside.
  if (values.length === 0) throw new FailureError(`${file}: no numbers in it`);
  return values;
}

/** Class labels: numbers that are whole and ≥ 0 (a confusion matrix has one row per label). */
export function readLabels(io: Io, file: string): number[] {
  const labels = readNumbers(io, file);
  const bad = labels.findIndex((v) => !Number.isInteger(v) || v < 0);
  if (bad >= 0) throw new FailureError(`${file}: value ${String(labels[bad])} (number ${String(bad + 1)}) is not a class label (a whole number ≥ 0)`);
  return labels;
}
