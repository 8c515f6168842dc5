// Parallel efficiency of `descent study` (`pnpm bench`): the same 8 runs (2 arms × 4, 12,000 minibatches each, on
// the embedded sample) with 1 worker and with 2, back to back in this process; reports wall times and the speed-up.
// Issue target: 2 workers ≥ 1.8× one worker on the 2-core machine. A run lasts about 2.3 s (a figure-11-8 run: 8 s);
// shorter runs would mostly weigh the workers' start-up (loading the data), which a real study pays once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enableRelaxedSimd } from '@descent/tensor/node';
import { main } from '../dist/index.js';

enableRelaxedSimd(); // as the descent binary does

const quiet = (cwd) => ({ cwd, stdout: () => undefined, stderr: () => undefined });
async function wall(workers) {
  const cwd = mkdtempSync(join(tmpdir(), 'descent-study-bench-'));
  const t0 = performance.now();
  const code = await main(
    ['study', '--arm', 'a: sgd --lr 1', '--arm', 'b: momentum --lr 0.2 --momentum 0.9', '--runs', '4', '--minibatches', '12000',
      '--dataset', 'fashion-mnist-sample', '--workers', String(workers), '--out', 'out', '--json'],
    quiet(cwd),
  );
  if (code !== 0) throw new Error(`study exited ${code}`);
  return (performance.now() - t0) / 1000;
}

const times = { 1: [], 2: [] };
for (let round = 0; round < 3; round++) {
  times[1].push(await wall(1));
  times[2].push(await wall(2));
}
const median = (v) => [...v].sort((a, b) => a - b)[1];
console.log('\n@descent/cli: a study of 8 runs on worker threads');
console.log(`  1 worker : median ${median(times[1]).toFixed(2)} s   (${times[1].map((t) => t.toFixed(2)).join(', ')})`);
console.log(`  2 workers: median ${median(times[2]).toFixed(2)} s   (${times[2].map((t) => t.toFixed(2)).join(', ')})`);
const speedup = median(times[1]) / median(times[2]);
console.log(`  speed-up ${speedup.toFixed(2)}×; target ≥ 1.8×: ${speedup >= 1.8 ? 'met' : 'NOT met'}`);
