import { parentPort, Worker } from 'node:worker_threads';
import { executeBenchmarkRun, type BenchmarkRunResult, type BenchmarkRunSpec, type RunEnvironment } from './run.js';

type ToWorker = { readonly id: number; readonly spec: BenchmarkRunSpec };
type FromWorker = { readonly id: number; readonly result: BenchmarkRunResult } | { readonly id: number; readonly error: string };

/**
 * The body of a benchmark worker thread: runs each spec it is sent with `executeBenchmarkRun` and posts the result.
 * A worker script is this call with the environment (how optimizers are found) of the program that starts it.
 */
export function serveBenchmarkRuns(env: RunEnvironment): void {
  const port = parentPort;
  if (port === null) throw new Error('serveBenchmarkRuns runs in a worker thread');
  port.on('message', (message: ToWorker) => {
    executeBenchmarkRun(message.spec, env).then(
      (result) => {
        port.postMessage({ id: message.id, result } satisfies FromWorker);
      },
      (error: unknown) => {
        port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
      },
    );
  });
}

/** A run that failed on a worker: the spec and the worker's message. */
export class BenchmarkRunError extends Error {
  constructor(
    readonly spec: BenchmarkRunSpec,
    message: string,
  ) {
    super(`${spec.optimizer} on ${spec.workload} (seed ${String(spec.seed)}) failed: ${message}`);
    this.name = 'BenchmarkRunError';
  }
}

/**
 * Worker threads that run specs, one at a time each, in the order they are queued, like the study runner's pool
 * (one job per free worker, results as they finish). The workers start on the first run and stop on `close()`.
 */
export class BenchmarkPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; spec: BenchmarkRunSpec }[] = [];
  private readonly pending = new Map<number, { spec: BenchmarkRunSpec; resolve: (r: BenchmarkRunResult) => void; reject: (e: Error) => void }>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(
    private readonly script: URL,
    private readonly size: number,
    private readonly workerData?: unknown,
  ) {}

  /**
   * Queues a run; resolves with its result when a worker finishes it, rejects with a BenchmarkRunError naming the
   * spec when the run fails (and at once, for every later run, after a worker crashed).
   */
  run(spec: BenchmarkRunSpec): Promise<BenchmarkRunResult> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    const done = new Promise<BenchmarkRunResult>((resolve, reject) => {
      this.pending.set(id, { spec, resolve, reject });
    });
    this.queue.push({ id, spec });
    this.start();
    this.dispatch();
    return done;
  }

  /**
   * Terminates the workers (a run still going is abandoned); the next `run` starts new ones. The list is emptied
   * before terminating: a terminated worker exits with code 1, and one still listed would count as a crash and
   * fail every later run.
   */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    this.idle.length = 0;
    this.busy.clear();
    await Promise.all(workers.map((w) => w.terminate()));
    this.failure = null;
  }

  private start(): void {
    while (this.workers.length < Math.max(1, this.size)) {
      const worker = new Worker(this.script, { workerData: this.workerData });
      this.workers.push(worker);
      this.idle.push(worker);
      worker.on('message', (message: FromWorker) => {
        this.busy.delete(worker);
        const job = this.pending.get(message.id);
        this.pending.delete(message.id);
        if ('error' in message) job?.reject(new BenchmarkRunError(job.spec, message.error));
        else job?.resolve(message.result);
        this.idle.push(worker);
        this.dispatch();
      });
      worker.on('error', (error) => {
        this.fail(new Error(`a benchmark worker failed: ${error.message}`));
      });
      worker.on('exit', (code) => {
        if (code !== 0 && this.workers.includes(worker)) this.fail(new Error(`a benchmark worker stopped unexpectedly (exit code ${String(code)})`));
      });
    }
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift() as Worker;
      const job = this.queue.shift() as { id: number; spec: BenchmarkRunSpec };
      this.busy.set(worker, job.id);
      worker.postMessage(job satisfies ToWorker);
    }
  }

  /** A dead worker fails every run not yet finished: the benchmark cannot go on without knowing their results. */
  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
    this.queue.length = 0;
  }
}
