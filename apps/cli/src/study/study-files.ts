// A study's folder: study.json (the settings) and runs.jsonl (one finished run a line, appended as each one ends).
// Reading it back must neither lose a run nor invent one: a line cut short by a crash is dropped (that run is
// trained again), anything else that is not a run of this study stops the command with FILE:LINE.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FailureError, UsageError } from '../errors.js';
import type { StudyArm, StudyConfig, StudyRun } from './study-types.js';

export const CONFIG_FILE = 'study.json';
export const RUNS_FILE = 'runs.jsonl';

/** The settings stored in DIR/study.json, or null when there is none; an empty or damaged file is an error. */
export function readStudyConfig(dir: string): StudyConfig | null {
  const file = join(dir, CONFIG_FILE);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FailureError(`${file} is unreadable (${text.trim() === '' ? 'empty' : `not JSON: ${(error as Error).message}`}); remove the folder or use another --out`);
  }
  const config = parsed as Partial<StudyConfig> | null;
  const looksRight =
    typeof config === 'object' && config !== null && Array.isArray(config.arms) && Number.isInteger(config.runs) && Number.isInteger(config.seed) && Number.isInteger(config.batchSize);
  if (!looksRight) throw new FailureError(`${file} is unreadable (not a study's settings: no arms, runs, seed and batch size); remove the folder or use another --out`);
  return config as StudyConfig;
}

/** The runs in runs.jsonl, and the line a crash cut short (dropped), if any. */
export interface RunsFile {
  readonly runs: StudyRun[];
  /** 1-based line number of a last line cut short while it was written; it is not a run. */
  readonly truncatedLine: number | null;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const shown = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v));

/** Why a parsed line is not a run of `config`, or null when it is one. */
function faultOf(row: Record<string, unknown>, config: StudyConfig): string | null {
  if (typeof row.arm !== 'string' || !config.arms.some((a) => a.name === row.arm)) {
    return `unknown arm ${shown(row.arm)} (the study's arms: ${config.arms.map((a) => a.name).join(', ')})`;
  }
  if (!Number.isInteger(row.run) || (row.run as number) < 0 || (row.run as number) >= config.runs) {
    return `"run" is ${shown(row.run)}, expected a whole number from 0 to ${String(config.runs - 1)}`;
  }
  const seed = config.seed + (row.run as number);
  if (row.seed !== seed) return `"seed" is ${shown(row.seed)}, expected ${String(seed)} for run ${String(row.run)}`;
  if (!isFiniteNumber(row.seconds) || row.seconds < 0) return `"seconds" is ${shown(row.seconds)}, expected a finite number ≥ 0`;
  if (row.diverged !== undefined) {
    const step = (row.diverged as { step?: unknown } | null)?.step;
    if (!Number.isInteger(step) || (step as number) < 0) return `"diverged" is ${shown(row.diverged)}, expected {"step": N}`;
    return null;
  }
  for (const metric of ['mcc', 'accuracy'] as const) {
    if (!isFiniteNumber(row[metric])) return `"${metric}" is ${shown(row[metric])}, expected a finite number`;
  }
  return null;
}

/**
 * Reads DIR/runs.jsonl as runs of `config`. A last line without its newline that is not JSON was being written when
 * the program stopped: it is reported, not returned. Any other line that is not JSON, or not a run of this study
 * (unknown arm, a run or seed outside the study, a non-finite or non-numeric metric, a run listed twice) throws
 * FILE:LINE and what is wrong.
 */
export function readRunsFile(dir: string, config: StudyConfig): RunsFile {
  const file = join(dir, RUNS_FILE);
  if (!existsSync(file)) return { runs: [], truncatedLine: null };
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // The text after the last newline: '' when the file ends as it should.
  const tail = lines.length - 1;
  const runs: StudyRun[] = [];
  const seen = new Map<string, number>();
  let truncatedLine: number | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const where = `${file}:${String(i + 1)}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      if (i === tail) {
        truncatedLine = i + 1;
        break;
      }
      throw new FailureError(`${where}: not valid JSON (${line.length > 40 ? `${line.slice(0, 40)}…` : line})`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new FailureError(`${where}: expected a run's record {"arm", "run", …}, got ${shown(row)}`);
    const fault = faultOf(row as Record<string, unknown>, config);
    if (fault !== null) throw new FailureError(`${where}: ${fault}`);
    const run = row as StudyRun;
    const key = `${run.arm}#${String(run.run)}`;
    const first = seen.get(key);
    if (first !== undefined) throw new FailureError(`${where}: run ${String(run.run)} of arm ${run.arm} is already on line ${String(first)}`);
    seen.set(key, i + 1);
    runs.push(run);
  }
  return { runs, truncatedLine };
}

/** runs.jsonl's text for these runs. */
export const runsText = (runs: readonly StudyRun[]) => runs.map((r) => `${JSON.stringify(r)}\n`).join('');

const armText = (a: StudyArm) => `${a.name}: ${a.optimizer}${Object.entries(a.options).map(([k, v]) => ` ${k}=${String(v)}`).join('')}`;

/** Each setting as the user gives it: the flag and its value. */
function settings(c: StudyConfig): [string, string][] {
  return [
    ['--arm', c.arms.map(armText).join(' | ')],
    ['--model', typeof c.model === 'string' ? c.model : JSON.stringify(c.model)],
    ['image size', String(c.imageSize)],
    ['--samples', c.samples === undefined ? 'all' : String(c.samples)],
    ['--runs', String(c.runs)],
    ['--seed', String(c.seed)],
    ['--minibatches', c.minibatches === undefined ? 'none' : String(c.minibatches)],
    ['--epochs', c.epochs === undefined ? 'none' : String(c.epochs)],
    ['--batch-size', String(c.batchSize)],
    ['--dataset', c.dataset.name],
    ['--data-dir', c.dataset.directory ?? 'none'],
    ['--schedule', c.schedule === undefined ? 'none' : JSON.stringify(c.schedule)],
  ];
}

/** Every setting that differs, as "--runs: 6 in the folder, 22 asked" (`--runs` left out when `ignoreRuns`). */
export function settingDifferences(stored: StudyConfig, asked: StudyConfig, ignoreRuns: boolean): string[] {
  const theirs = new Map(settings(stored));
  return settings(asked)
    .filter(([flag, value]) => theirs.get(flag) !== value && !(ignoreRuns && flag === '--runs'))
    .map(([flag, value]) => `${flag}: ${theirs.get(flag) ?? 'none'} in the folder, ${value} asked`);
}

/**
 * Whether `asked` may use a folder holding `stored` and `finished` runs: the same settings, except that `--resume`
 * may raise `--runs` (runs 0…n−1 are kept and the new ones added). Throws a usage error naming every difference;
 * without a finished run, anything goes.
 */
export function checkSettings(dir: string, stored: StudyConfig, asked: StudyConfig, finished: number, resume: boolean): void {
  // With no finished run there is nothing to lose: the new settings replace the old.
  if (finished === 0) return;
  const others = settingDifferences(stored, asked, true);
  if (others.length > 0) {
    const all = settingDifferences(stored, asked, false);
    throw new UsageError(`${dir} holds a study with other settings (${all.join('; ')}); use another --out${resume ? '' : ' or remove it'}`);
  }
  if (!resume) {
    throw new UsageError(
      `${dir} already holds ${String(finished)} finished runs of this study${asked.runs === stored.runs ? '' : ` (made with --runs ${String(stored.runs)})`}; add --resume to continue it, or use another --out`,
    );
  }
  if (asked.runs < stored.runs) {
    throw new UsageError(`--runs ${String(asked.runs)} is fewer than the ${String(stored.runs)} runs of the study in ${dir}: --resume adds runs, it does not drop them; ask for --runs ${String(stored.runs)} or more, or use another --out`);
  }
}
