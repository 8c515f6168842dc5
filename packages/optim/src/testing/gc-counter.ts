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
