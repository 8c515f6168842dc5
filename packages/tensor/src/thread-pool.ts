// A pool of threads that compute in one shared WebAssembly memory: worker threads in Node, Web Workers in browsers,
// each with its own instance of the same kernel module over the same memory. The calling thread is thread 0 and works
// too. A round of work is written into a control block in the shared memory — for each thread, a short list of export
// calls with their integer arguments — and started and finished with Atomics.wait/notify on that block, so that the
// training loop posts no message and allocates nothing per call.

import type * as WorkerThreads from 'node:worker_threads';
import { GEMM_SKIP_ZEROS_SCRATCH } from './kernels.js';
import { THREAD_WORKER_SOURCE } from './thread-worker-source.js';

/**
 * Control block words: the round's generation, the count of workers done with it, the stop flag, the failed flag, and
 * the count of workers started (their module instantiated).
 */
const GENERATION = 0;
const DONE = 1;
const STOP = 2;
const FAILED = 3;
const STARTED = 4;
const HEADER = 8;
/** How long `ready()` waits for the workers to start before it gives up. */
const START_TIMEOUT_MS = 30_000;
/** Export calls per thread per round, and the integer arguments of one call (conv2dBackward's 24 at most). */
const MAX_CALLS = 4;
const ARGS = 24;
const RECORD = 1 + ARGS;
const SLOT = 1 + MAX_CALLS * RECORD;
/**
 * Loads of the control word before sleeping in Atomics.wait (tens of µs): a round that follows soon is caught without a
 * sleep, whose wake-up costs tens of µs in a virtual machine. Measured on the book's network (5 rounds a step, 2
 * threads against 1): 1.17× at 2,000 loads, 1.01× at 20,000, 0.98× at 400,000; small-cnn 0.66× → 0.64×.
 */
const SPINS = 20_000;

/** The int32 words a pool of `threads` needs in the shared memory: its control block and each thread's scratch. */
export function threadControlLength(threads: number): number {
  return HEADER + threads * SLOT + 4 + threads * GEMM_SKIP_ZEROS_SCRATCH;
}

/** What a thread is started with (structured-cloned: the module and the shared memory are shared, not copied). */
interface ThreadStart {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** Int32 index of the control block in the memory. */
  readonly control: number;
  readonly thread: number;
  readonly threads: number;
  /** The module's export names, by the index a call record names them with. */
  readonly names: readonly string[];
  readonly constants: { readonly HEADER: number; readonly SLOT: number; readonly RECORD: number; readonly SPINS: number };
}

/** A started worker, whichever kind. */
interface ThreadHandle {
  terminate(): void;
}

/** process.getBuiltinModule (Node ≥ 20.16) without a static import, so the package still bundles for browsers. */
type NodeWorkers = typeof WorkerThreads;
function nodeWorkerThreads(): NodeWorkers | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:worker_threads') as NodeWorkers | undefined;
}

/** Starts one worker running THREAD_WORKER_SOURCE, in Node or in a browser; its handle does not hold the process open. */
function startThread(start: ThreadStart): ThreadHandle {
  const workers = nodeWorkerThreads();
  if (workers !== undefined) {
    const worker = new workers.Worker(`${THREAD_WORKER_SOURCE}\nserve(process.getBuiltinModule('node:worker_threads').workerData);`, { eval: true, workerData: start });
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('error', () => undefined); // reported through the control block's failed word (run() throws)
    return { terminate: () => void worker.terminate() };
  }
  const url = URL.createObjectURL(new Blob([`${THREAD_WORKER_SOURCE}\nself.onmessage = (e) => serve(e.data);`], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  worker.postMessage(start);
  return {
    terminate: () => {
      worker.terminate();
    },
  };
}

/**
 * Whether this thread may block in Atomics.wait, which a pool's calling thread must: everywhere but a browser page's
 * main thread (run the work in a Web Worker there).
 */
export function canBlock(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown };
  return g.window === undefined || g.document === undefined;
}

/** Whether shared WebAssembly memory can be made here: SharedArrayBuffer exists and, in a browser, the page is cross-origin isolated. */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

type ExportCall = (...args: number[]) => void;

/**
 * `threads` threads over `memory` (the caller and threads − 1 workers), each running `module`. `control` is
 * threadControlLength(threads) int32 in the memory, the pool's alone.
 */
export class ThreadPool {
  readonly threads: number;
  /** Rounds run so far (what a test or a profile reads to see that work was shared out). */
  rounds = 0;
  private readonly ints: Int32Array;
  private readonly base: number;
  private readonly names: readonly string[];
  private readonly local: ExportCall[];
  private readonly handles: ThreadHandle[] = [];
  private closed = false;

  constructor(memory: WebAssembly.Memory, module: WebAssembly.Module, control: Int32Array, threads: number) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`Invalid threads: ${String(threads)} (expected a whole number ≥ 1)`);
    if (control.length < threadControlLength(threads) || control.buffer !== memory.buffer || control.byteOffset % 16 !== 0) {
      throw new RangeError(`a pool of ${String(threads)} threads needs ${String(threadControlLength(threads))} int32, 16-byte aligned, in its shared memory`);
    }
    if (threads > 1 && !canBlock()) throw new Error("threads cannot wait on a browser page's main thread: run the work in a Web Worker, or use 1 thread");
    this.threads = threads;
    this.ints = new Int32Array(memory.buffer);
    this.base = control.byteOffset >> 2;
    this.ints.fill(0, this.base, this.base + threadControlLength(threads));
    this.names = WebAssembly.Module.exports(module).map((e) => e.name);
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, ExportCall>;
    this.local = this.names.map((name) => exports[name] as ExportCall);
    const constants = { HEADER, SLOT, RECORD, SPINS };
    for (let thread = 1; thread < threads; thread++) {
      this.handles.push(startThread({ module, memory, control: this.base, thread, threads, names: this.names, constants }));
    }
  }

  /** The index a call record names the export `name` by. */
  exportIndex(name: string): number {
    const index = this.names.indexOf(name);
    if (index < 0) throw new Error(`the kernel module has no export ${name}`);
    return index;
  }

  /** Byte offset of thread t's gemmSkipZeros scratch (GEMM_SKIP_ZEROS_SCRATCH int32, 16-byte aligned). */
  scratchOffset(thread: number): number {
    const start = this.base + HEADER + this.threads * SLOT;
    return (Math.ceil(start / 4) * 4 + thread * GEMM_SKIP_ZEROS_SCRATCH) << 2;
  }

  /** Starts writing a round: every thread's list of calls empty. */
  begin(): void {
    for (let t = 0; t < this.threads; t++) this.ints[this.base + HEADER + t * SLOT] = 0;
  }

  /** Adds a call of export `fn` to thread t's list in this round (arguments past the export's own are ignored). */
  add(
    thread: number, fn: number,
    a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0,
    a12 = 0, a13 = 0, a14 = 0, a15 = 0, a16 = 0, a17 = 0, a18 = 0, a19 = 0, a20 = 0, a21 = 0, a22 = 0, a23 = 0,
  ): void {
    const ints = this.ints;
    const slot = this.base + HEADER + thread * SLOT;
    const count = ints[slot] as number;
    if (count >= MAX_CALLS) throw new Error(`more than ${String(MAX_CALLS)} calls for one thread in a round`);
    ints[slot] = count + 1;
    const r = slot + 1 + count * RECORD;
    ints[r] = fn;
    ints[r + 1] = a0; ints[r + 2] = a1; ints[r + 3] = a2; ints[r + 4] = a3; ints[r + 5] = a4; ints[r + 6] = a5;
    ints[r + 7] = a6; ints[r + 8] = a7; ints[r + 9] = a8; ints[r + 10] = a9; ints[r + 11] = a10; ints[r + 12] = a11;
    ints[r + 13] = a12; ints[r + 14] = a13; ints[r + 15] = a14; ints[r + 16] = a15; ints[r + 17] = a16; ints[r + 18] = a17;
    ints[r + 19] = a18; ints[r + 20] = a19; ints[r + 21] = a20; ints[r + 22] = a21; ints[r + 23] = a22; ints[r + 24] = a23;
  }

  /**
   * Resolves when every worker has started. A browser starts a Web Worker only once the thread that made it returns
   * to its event loop, so a pool made in a browser must be awaited before its first round (a round would otherwise
   * wait for ever for workers that cannot start); Node starts them on their own. Rejects, closing the pool, when
   * they have not started within 30 s (a Content-Security-Policy that refuses blob: workers, for example).
   */
  async ready(): Promise<void> {
    const workers = this.threads - 1;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      // Read at each turn: close() may have run while this waited.
      if (this.closed as boolean) throw new Error('the thread pool was closed');
      if (Atomics.load(this.ints, this.base + STARTED) >= workers) return;
      if (Atomics.load(this.ints, this.base + FAILED) !== 0 || Date.now() > deadline) {
        this.close();
        throw new Error(`the pool's ${String(workers)} worker threads did not start (is the worker refused here, e.g. by a Content-Security-Policy on blob: URLs?); the pool is closed`);
      }
      await new Promise<void>((resolve) => setTimeout(resolve, 2));
    }
  }

  /** Whether every worker has started (see `ready`). */
  get started(): boolean {
    return Atomics.load(this.ints, this.base + STARTED) === this.threads - 1;
  }

  /** Runs the round: wakes the workers, does thread 0's calls here, and returns when every worker is done. */
  run(): void {
    if (this.closed) throw new Error('the thread pool was closed');
    if (!this.started && nodeWorkerThreads() === undefined) {
      throw new Error("the pool's workers have not started: await ready() before the first round (a browser starts them only when this thread is idle)");
    }
    this.rounds++;
    const ints = this.ints;
    const base = this.base;
    const workers = this.threads - 1;
    if (workers > 0) {
      Atomics.store(ints, base + DONE, 0);
      Atomics.add(ints, base + GENERATION, 1);
      Atomics.notify(ints, base + GENERATION);
    }
    // Thread 0's calls; if one throws, the workers still finish the round before the error goes on (the next round
    // must not reset the barrier under them).
    let failure: Error | undefined;
    try {
      runCalls(this.local, ints, base + HEADER);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    if (workers === 0) {
      if (failure !== undefined) throw failure;
      return;
    }
    let spins = SPINS;
    for (;;) {
      const done = Atomics.load(ints, base + DONE);
      if (Atomics.load(ints, base + FAILED) !== 0) {
        this.close();
        throw new Error('a thread of the pool failed (see its error above); the pool is closed');
      }
      if (done === workers) {
        if (failure !== undefined) throw failure;
        return;
      }
      if (spins > 0) spins--;
      else Atomics.wait(ints, base + DONE, done);
    }
  }

  /** Stops the workers; the pool cannot run again. Closing twice does nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.ints, this.base + STOP, 1);
    Atomics.add(this.ints, this.base + GENERATION, 1);
    Atomics.notify(this.ints, this.base + GENERATION);
    for (const handle of this.handles) handle.terminate();
    this.handles.length = 0;
  }
}

/** Runs the calls listed at `slot`: what each worker does (the same loop, in THREAD_WORKER_SOURCE). */
function runCalls(fns: readonly ExportCall[], ints: Int32Array, slot: number): void {
  const count = ints[slot] as number;
  for (let c = 0; c < count; c++) {
    const r = slot + 1 + c * RECORD;
    (fns[ints[r] as number] as ExportCall)(
      ints[r + 1] as number, ints[r + 2] as number, ints[r + 3] as number, ints[r + 4] as number, ints[r + 5] as number, ints[r + 6] as number,
      ints[r + 7] as number, ints[r + 8] as number, ints[r + 9] as number, ints[r + 10] as number, ints[r + 11] as number, ints[r + 12] as number,
      ints[r + 13] as number, ints[r + 14] as number, ints[r + 15] as number, ints[r + 16] as number, ints[r + 17] as number, ints[r + 18] as number,
      ints[r + 19] as number, ints[r + 20] as number, ints[r + 21] as number, ints[r + 22] as number, ints[r + 23] as number, ints[r + 24] as number,
    );
  }
}
