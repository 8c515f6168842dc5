import type { BenchmarkRunResult, BenchmarkRunSpec } from './run.js';

/** trials.jsonl's name in a benchmark's folder: one finished run a line, appended as it finishes. */
export const TRIALS_FILE = 'trials.jsonl';

/** A line of trials.jsonl. */
export interface TrialLine {
  readonly spec: BenchmarkRunSpec;
  readonly result: BenchmarkRunResult;
}

/** A spec as a key: the same run whatever order its options were written in. */
export function specKey(spec: BenchmarkRunSpec): string {
  const options = Object.fromEntries(Object.entries(spec.options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify([spec.workload, spec.optimizer, spec.seed, spec.steps, options]);
}

/** trials.jsonl as read back to resume a benchmark: its complete lines, and whether the last one was cut short. */
export interface ParsedTrials {
  readonly lines: TrialLine[];
  /** The 1-based number of a last line cut short (the program stopped while writing it); null when none was. */
  readonly truncatedLine: number | null;
}

function isTrialLine(value: unknown): value is TrialLine {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { spec?: { workload?: unknown; optimizer?: unknown }; result?: { curve?: unknown } };
  return typeof v.spec?.workload === 'string' && typeof v.spec.optimizer === 'string' && Array.isArray(v.result?.curve);
}

/**
 * Reads trials.jsonl. A last line without its newline that does not parse was cut short and is dropped (that run is
 * done again); any other bad line is an error naming its number.
 */
export function parseTrials(text: string): ParsedTrials {
  const rows = text.split('\n');
  const complete = text.endsWith('\n') || text === '';
  const lines: TrialLine[] = [];
  let truncatedLine: number | null = null;
  rows.forEach((row, i) => {
    if (row.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch {
      value = undefined;
    }
    if (isTrialLine(value)) lines.push(value);
    else if (!complete && i === rows.length - 1) truncatedLine = i + 1;
    else throw new SyntaxError(`line ${String(i + 1)} is not a benchmark run (a JSON object with spec and result)`);
  });
  return { lines, truncatedLine };
}
