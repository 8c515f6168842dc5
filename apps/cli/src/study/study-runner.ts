import { appendFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FailureError } from '../errors.js';
import { writeFileAtomic, type Io } from '../io.js';
import { checkSettings, CONFIG_FILE, readRunsFile, readStudyConfig, RUNS_FILE, runsText } from './study-files.js';
import type { RunProgress, StudyConfig, StudyJob, StudyRun, WorkerMessage } from './study-types.js';

/**
 * The worker script, beside the bundle in dist/. Run from sources (the tests), it is the built one: a worker thread
 * cannot load TypeScript, and the tests' global setup rebuilds dist/ whenever it is older than src/.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.includes('/src/') ? new URL(`${here.slice(0, here.lastIndexOf('/src/'))}/dist/study-worker.js`) : new URL('./study-worker.js', here);
}

/** A study's folder, checked and ready: the runs it already holds and the jobs left. */
export interface OpenedStudy {
  readonly dir: string;
  readonly config: StudyConfig;
  /** Finished runs kept from runs.jsonl. */
  readonly existing: readonly StudyRun[];
  readonly jobs: readonly StudyJob[];
  /** Runs of every arm: config.runs × arms. */
  readonly total: number;
}

/**
 * Checks and prepares DIR for `config`: study.json and runs.jsonl must be readable and hold this study (or be
 * absent); `resume` keeps their runs and may raise `--runs`. A last line cut short by a crash is dropped with a
 * warning and the file rewritten whole, so that run is trained again. Nothing is written before every check passed.
 */
export function openStudy(io: Io, config: StudyConfig, dir: string, resume: boolean): OpenedStudy {
  const configFile = join(dir, CONFIG_FILE);
  const runsFile = join(dir, RUNS_FILE);
  const stored = readStudyConfig(dir);
  if (stored === null && existsSync(runsFile) && statSync(runsFile).size > 0) {
    throw new FailureError(`${runsFile} has no ${CONFIG_FILE} beside it, so the settings its runs were made with are unknown; use another --out`);
  }
  const file = stored === null ? { runs: [], truncatedLine: null } : readRunsFile(dir, stored);
  if (stored !== null) checkSettings(dir, stored, config, file.runs.length, resume);
  mkdirSync(dir, { recursive: true });
  if (file.truncatedLine !== null) {
    io.stderr(`descent: warning: ${runsFile}:${String(file.truncatedLine)} was cut short while it was written (the program stopped); dropped it, and that run will be trained again\n`);
    writeFileAtomic(io, runsFile, runsText(file.runs));
  }
  writeFileAtomic(io, configFile, `${JSON.stringify(config)}\n`);
  const done = new Set(file.runs.map((r) => `${r.arm}#${String(r.run)}`));
  const jobs: StudyJob[] = [];
  for (let run = 0; run < config.runs; run++) {
    for (const arm of config.arms) {
      if (!done.has(`${arm.name}#${String(run)}`)) jobs.push({ arm: arm.name, run, seed: config.seed + run, optimizer: arm.optimizer, options: arm.options, ...(arm.transforms === undefined ? {} : { transforms: arm.transforms }) });
    }
  }
  return { dir, config, existing: file.runs, jobs, total: config.runs * config.arms.length };
}

export interface StudyOptions {
  readonly study: OpenedStudy;
  readonly workers: number;
  /** Threads each run computes on (default 1: the workers already fill the cores). */
  readonly threads?: number;
  readonly io: Io;
  /** Called after each finished run, with all runs so far. */
  readonly onRun?: (run: StudyRun, finished: readonly StudyRun[]) => void;
  /** Called when a run starts and every few hundred of its steps, with every run in flight. */
  readonly onProgress?: (inFlight: readonly RunProgress[], finished: readonly StudyRun[]) => void;
  readonly shouldStop?: () => boolean;
}

export interface StudyOutcome {
  readonly runs: StudyRun[];
  readonly stopped: boolean;
  readonly seconds: number;
  readonly resumed: number;
}

/**
 * Trains the jobs left on worker threads. Run i of every arm uses seed + i, so results do not depend on the number
 * of workers or their order. Each finished run is appended to runs.jsonl at once; a stop (Ctrl-C) loses none that
 * finished. A worker that fails or dies ends the study with a FailureError naming the run.
 */
export async function runStudy(o: StudyOptions): Promise<StudyOutcome> {
  const { study } = o;
  const runsFile = join(study.dir, RUNS_FILE);
  const finished: StudyRun[] = [...study.existing];
  const resumed = study.existing.length;
  const start = performance.now();
  if (study.jobs.length === 0) return { runs: finished, stopped: false, seconds: 0, resumed };

  return await new Promise<StudyOutcome>((resolve, reject) => {
    const workers: Worker[] = [];
    const inFlight = new Map<Worker, RunProgress>();
    let next = 0;
    let settled = false;
    const finish = (stopped: boolean, error?: Error) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve({ runs: finished, stopped, seconds: (performance.now() - start) / 1000, resumed });
    };
    const dispatch = (worker: Worker) => {
      const job = o.shouldStop?.() === true ? undefined : study.jobs[next];
      if (job === undefined) {
        if (inFlight.size === 0) finish(o.shouldStop?.() === true);
        return;
      }
      next++;
      inFlight.set(worker, { arm: job.arm, run: job.run, step: 0, steps: 0 });
      worker.postMessage(job);
    };
    // A stop asked for while every worker is busy ends the study at once; finished runs are already on disk.
    const poll = setInterval(() => {
      if (o.shouldStop?.() === true) finish(true);
    }, 100);
    const count = Math.max(1, Math.min(o.workers, study.jobs.length));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerUrl(), { workerData: { config: study.config, cwd: o.io.cwd, threads: o.threads ?? 1 } });
      workers.push(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (settled) return;
        switch (message.type) {
          case 'ready':
            dispatch(worker);
            break;
          case 'progress':
            inFlight.set(worker, message.progress);
            o.onProgress?.([...inFlight.values()], finished);
            break;
          case 'done':
            inFlight.delete(worker);
            appendFileSync(runsFile, `${JSON.stringify(message.result)}\n`);
            finished.push(message.result);
            o.onRun?.(message.result, finished);
            dispatch(worker);
            break;
          case 'failed':
            finish(false, new FailureError(`run ${String(message.job.run)} of arm ${message.job.arm} failed: ${message.message}`));
            break;
        }
      });
      worker.on('error', (error) => {
        finish(false, new FailureError(`a study worker failed: ${error.message}`));
      });
      worker.on('exit', (code) => {
        finish(false, new FailureError(`a study worker stopped unexpectedly (exit code ${String(code)})`));
      });
    }
  });
}
