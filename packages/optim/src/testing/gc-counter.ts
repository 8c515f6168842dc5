import { PerformanceObserver } from 'node:perf_hooks';

/**
 * How many garbage collections ran while `run` executed. A step that allocates a temporary array per call over a
 * large parameter forces collections within a few hundred calls; a step that allocates nothing causes none. This
 * is a count, not a timing, so it is stable on a busy machine.
 */
export async function countGarbageCollections(run: () => void): Promise<number> {
  let count = 0;
  const observer = new PerformanceObserver((list) => {
    count += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  // Let any collection already under way report before counting starts.
  await new Promise((resolve) => setTimeout(resolve, 20));
  count = 0;
  run();
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return count;
}

/**
 * At most this many collections may run while a loop that should allocate nothing runs: a busy test process can
 * start one or two for its own reasons. A loop that allocates a temporary array per step causes dozens (the
 * optimizer tests check that the counter sees them).
 */
export const BACKGROUND_COLLECTIONS = 3;

/**
 * Whether `run` looks allocation-free: in one of `attempts` runs of it, no more collections than the background
 * allows. Background collections are transient (a late V8 optimisation, another test's garbage on a loaded CI
 * machine), so a clean attempt is enough; a step that allocates does so on every attempt and fails them all.
 */
export async function allocatesNothing(run: () => void, attempts = 3): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if ((await countGarbageCollections(run)) <= BACKGROUND_COLLECTIONS) return true;
  }
  return false;
}
