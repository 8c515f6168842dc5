import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchmarkRunSpec } from './run.js';
import { BenchmarkPool } from './worker-pool.js';

// A stand-in worker speaking the pool's protocol: answers each spec at once with a one-point curve.
const dir = mkdtempSync(join(tmpdir(), 'descent-pool-'));
const script = join(dir, 'echo-worker.mjs');
writeFileSync(
  script,
  `import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ id, spec }) => {
  parentPort.postMessage({ id, result: { curve: [{ step: 0, metric: spec.seed }], diverged: null, seconds: 0 } });
});
`,
);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const spec = (seed: number): BenchmarkRunSpec => ({ workload: 'w', optimizer: 'o', options: {}, seed, steps: 1 });

describe('BenchmarkPool', () => {
  it('runs again after close(): terminating its own workers is not a crash', async () => {
    const pool = new BenchmarkPool(pathToFileURL(script), 2);
    expect((await pool.run(spec(1))).curve).toEqual([{ step: 0, metric: 1 }]);
    await pool.close();
    expect((await pool.run(spec(2))).curve).toEqual([{ step: 0, metric: 2 }]);
    await pool.close();
  });
});
