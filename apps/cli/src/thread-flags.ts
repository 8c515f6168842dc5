import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { positiveArgument } from './arguments.js';

// `--threads T`: how many threads one training computes on (issue 18). `train` uses every core by default; `study`
// and `benchmark`, which already run one training per core, keep one thread per run unless asked.

/** The most threads a run may ask for: more than the machine has only queue up behind each other. */
const MAX_THREADS = 256;

/** Adds `--threads <n>` to a command, saying what the default is. */
export function addThreadsFlag(command: Command, defaultHelp: string): void {
  command.option('--threads <n>', `threads each training computes on (results are the same for any count; ${defaultHelp})`);
}

/** The --threads value: a whole number from 1 to 256, else a usage error naming the flag; `fallback` when absent. */
export function threadsArgument(text: string | undefined, fallback: number): number {
  return positiveArgument('--threads', text, fallback, MAX_THREADS);
}

/** All of this machine's cores (what `train` uses by default). */
export function allCores(): number {
  return availableParallelism();
}

/** "1 thread" or "N threads": what a run's summary says it computed on. */
export function threadsText(threads: number): string {
  return threads === 1 ? '1 thread' : `${String(threads)} threads`;
}
