// A small benchmark harness: timings on shared machines are noisy, so every figure is the median of many samples,
// and every optimized path is reported as a ratio against a baseline measured in the same process, interleaved.

/** Median milliseconds per call of each function, sampled in turn so that machine noise hits them alike. */
export function compare(cases, { samples = 41, callsPerSample = 5, warmup = 20 } = {}) {
  const times = cases.map(() => []);
  for (const c of cases) for (let i = 0; i < warmup; i++) c.run();
  for (let s = 0; s < samples; s++) {
    cases.forEach((c, k) => {
      const t0 = performance.now();
      for (let i = 0; i < callsPerSample; i++) c.run();
      times[k].push((performance.now() - t0) / callsPerSample);
    });
  }
  return cases.map((c, k) => ({ name: c.name, medianMs: median(times[k]), minMs: Math.min(...times[k]) }));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Prints a result table and, when a target is given, whether the first case meets it. */
export function report(title, results, { baseline, targetMs } = {}) {
  console.log(`\n${title}`);
  const base = results.find((r) => r.name === baseline);
  for (const r of results) {
    const ratio = base && r !== base ? `  ${(base.medianMs / r.medianMs).toFixed(2)}× faster than ${base.name}` : '';
    console.log(`  ${r.name.padEnd(34)} median ${r.medianMs.toFixed(3)} ms   min ${r.minMs.toFixed(3)} ms${ratio}`);
  }
  if (targetMs !== undefined) {
    const first = results[0];
    console.log(`  target ≤ ${targetMs} ms for ${first.name}: ${first.medianMs <= targetMs ? 'met' : 'NOT met'}`);
  }
}
