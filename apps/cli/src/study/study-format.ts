// How a study's numbers are summed up and printed: never NaN, never a diverged run averaged in.
import { mean, standardError } from '@descent/stats';
import { isDiverged, type StudyRun } from './study-types.js';

/** Mean and standard error, or null where there are too few values (one run has no standard error). */
export function meanSe(values: readonly number[]): { mean: number | null; se: number | null } {
  return { mean: values.length > 0 ? mean(values) : null, se: values.length > 1 ? standardError(values) : null };
}

const runsWord = (n: number) => `${String(n)} run${n === 1 ? '' : 's'}`;

/** "0.86413 +/- 0.00075", "0.85000 +/- n/a (1 run)" or "n/a (0 runs)". */
export function formatMeanSe(values: readonly number[], digits: number, plusMinus = '+/-'): string {
  const { mean: m, se } = meanSe(values);
  if (m === null) return `n/a (${runsWord(values.length)})`;
  return `${m.toFixed(digits)} ${plusMinus} ${se === null ? `n/a (${runsWord(values.length)})` : se.toFixed(digits)}`;
}

/** "2 of 22 runs diverged (run 3 at step 250, run 9 at step 500)", or null when none did. */
export function divergedNote(runs: readonly StudyRun[]): string | null {
  const diverged = runs.filter(isDiverged).sort((a, b) => a.run - b.run);
  if (diverged.length === 0) return null;
  const which = diverged.map((r) => `run ${String(r.run)} at step ${String(r.diverged.step)}`).join(', ');
  return `${String(diverged.length)} of ${runsWord(runs.length)} diverged (${which}); their metrics are left out`;
}
