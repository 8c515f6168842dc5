import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FailureError, UsageError } from '../errors.js';
import { writeFileAtomic, type Io } from '../io.js';
import type { StudyConfig, StudyJob, StudyRun, WorkerMessage } from './study-types.js';

/** The worker script: beside the bundle in dist/, or the built one when running from sources (tests). */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.includes('/src/') ? new URL(`${here.slice(0, here.lastIndexOf('/src/'))}/dist/study-worker.js`) : new URL('./study-worker.js', here);
}

/** Finished runs from runs.jsonl; a torn last line (a crash mid-write) is ignored. */
export function readRuns(file: string): StudyRun[] {
  if (!existsSync(file)) return [];
  const runs: StudyRun[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      runs.push(JSON.parse(line) as StudyRun);
    } catch {
      // An incomplete line: that run is simply not finished.
    }
  }
  return runs;
}

export interface StudyOptions {
  readonly config: StudyConfig;
  readonly workers: number;
  readonly outDir: string;
  readonly resume: boolean;
  readonly io: Io;
  /** Called after each finished run, with all runs so far. */
  readonly onRun?: (run: StudyRun, finished: readonly StudyRun[], total: number) => void;
  readonly shouldStop?: () => boolean;
}

export interface StudyOutcome {
  readonly runs: StudyRun[];
  readonly stopped: boolean;
  readonly seconds: number;
  readonly resumed: number;
}

/**
 * Trains every arm `runs` times on worker threads. Run i of every arm uses seed + i, so results do not depend on
 * the number of workers or their order. Each finished run is appended to runs.jsonl at once; `resume` skips the
 * runs already there, and a stop (Ctrl-C) loses none that finished.
 */
export async function runStudy(o: StudyOptions): Promise<StudyOutcome> {
  const dir = o.outDir;
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'study.json');
  const runsFile = join(dir, 'runs.jsonl');
  const existing = readRuns(runsFile);
  if (existsSync(configFile)) {
    const previous = readFileSync(configFile, 'utf8');
    if (previous.trim() !== JSON.stringify(o.config)) {
      if (o.resume || existing.length > 0) {
        throw new UsageError(`${dir} holds a study with other settings (${configFile}); use another --out${o.resume ? '' : ' or remove it'}`);
      }
    } else if (!o.resume && existing.length > 0) {
      throw new UsageError(`${dir} already holds ${String(existing.length)} finished runs of this study; add --resume to continue, or use another --out`);
    }
  } else if (existing.length > 0 && !o.resume) {
    throw new UsageError(`${dir} already holds runs.jsonl; use another --out`);
  }
  writeFileAtomic(o.io, configFile, `${JSON.stringify(o.config)}\n`);
  const done = new Set(existing.map((r) => `${r.arm}#${String(r.run)}`));
  const finished: StudyRun[] = existing.filter((r) => o.config.arms.some((a) => a.name === r.arm) && r.run < o.config.runs);
  const jobs: StudyJob[] = [];
  for (let run = 0; run < o.config.runs; run++) {
    for (const arm of o.config.arms) {
      if (!done.has(`${arm.name}#${String(run)}`)) jobs.push({ arm: arm.name, run, seed: o.config.seed + run, optimizer: arm.optimizer, options: arm.options });
    }
  }
  const total = o.config.runs * o.config.arms.length;
  const start = performance.now();
  if (jobs.length === 0) return { runs: finished, stopped: false, seconds: 0, resumed: existing.length };

  return await new Promise<StudyOutcome>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let busy = 0;
    let settled = false;
    const finish = (stopped: boolean, error?: Error) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve({ runs: finished, stopped, seconds: (performance.now() - start) / 1000, resumed: existing.length });
    };
    const dispatch = (worker: Worker) => {
      if (o.shouldStop?.() === true) {
        if (busy === 0) finish(true);
        return;
      }
      const job = jobs[next];
      if (job === undefined) {
        if (busy === 0) finish(false);
        return;
      }
      next++;
      busy++;
      worker.postMessage(job);
    };
    // A stop asked for while every worker is busy ends the study at once; finished runs are already on disk.
    const poll = setInterval(() => {
      if (o.shouldStop?.() === true) finish(true);
    }, 100);
    const count = Math.max(1, Math.min(o.workers, jobs.length));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerUrl(), { workerData: { config: o.config, cwd: o.io.cwd } });
      workers.push(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          dispatch(worker);
        } else if (message.type === 'done') {
          busy--;
          appendFileSync(runsFile, `${JSON.stringify(message.result)}\n`);
          finished.push(message.result);
          o.onRun?.(message.result, finished, total);
          dispatch(worker);
        } else {
          finish(false, new FailureError(`run ${String(message.job.run)} of arm ${message.job.arm} failed: ${message.message}`));
        }
      });
      worker.on('error', (error) => {
        finish(false, new FailureError(`a study worker failed: ${error.message}`));
      });
    }
  });
}
