import { checkStart, getSurface, type Surface } from '@descent/surfaces';
import { UsageError } from './errors.js';

/** A surface by id, or a usage error that lists the known ones. */
export function surfaceArgument(id: string): Surface {
  try {
    return getSurface(id);
  } catch (error) {
    throw new UsageError(`--surface: ${(error as Error).message}`);
  }
}

/** `--start X[,Y]`: as many comma-separated numbers as the surface has dimensions. */
export function startArgument(text: string | undefined, surface: Surface): number[] {
  if (text === undefined) return [...surface.defaultStart];
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map((s) => (s === '' ? Number.NaN : Number(s)));
  if (values.length !== surface.dimension || values.some((v) => !Number.isFinite(v))) {
    const example = surface.defaultStart.join(',');
    throw new UsageError(
      `--start expects ${surface.dimension === 1 ? 'one number' : 'two comma-separated numbers'} for ${surface.id} (e.g. --start ${example}), got '${text}'`,
    );
  }
  // Finite numbers can still be too far out: f overflows at (1e200, 0) on Rosenbrock before the first step.
  try {
    checkStart(surface, values);
  } catch (error) {
    throw new UsageError(`--start ${text}: ${(error as Error).message}`);
  }
  return values;
}

/** A whole number within limits, for --steps and the like. */
export function countArgument(flag: string, text: string | undefined, fallback: number, max = 1_000_000, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} expects a whole number from ${String(min)} to ${String(max)}, got '${text}'`);
  }
  return value;
}

/** A whole number from 1 to `max`, for counts where zero means nothing would run (--runs, --workers). */
export function positiveArgument(flag: string, text: string | undefined, fallback: number, max: number): number {
  return countArgument(flag, text, fallback, max, 1);
}

/**
 * `--samples N` as the user gave it must fit in the training split it is drawn from: cutting it silently would report
 * a run on fewer images than asked. (A model's default, figure 11-11's 16,384, takes the whole of a smaller split.)
 */
export function checkSamplesFit(given: number | undefined, dataset: { readonly name: string; readonly train: { readonly count: number } }): void {
  if (given !== undefined && given > dataset.train.count) {
    throw new UsageError(`--samples ${String(given)} is more than the ${String(dataset.train.count)} images of ${dataset.name}'s training split`);
  }
}

/** The seed of every command that draws random numbers unless --seed is given: one default, so results repeat across commands. */
export const DEFAULT_SEED = 1;

export const formatPoint = (p: readonly number[], digits = 6): string => `(${p.map((v) => v.toFixed(digits)).join(', ')})`;
