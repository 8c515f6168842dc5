// The benchmark every optimizer package runs: one step over 1,000,000 float32 parameters, median of many samples,
// beside a plain JavaScript loop of the same rule measured in the same process.
import { compare, report } from './bench.mjs';

export const BENCH_SIZE = 1_000_000;

/**
 * @param title       what is measured
 * @param create      (params) => optimizer
 * @param plainLoop   (data, grad) => a function doing one step of the same rule as a plain loop over plain arrays
 */
export function benchOptimizerStep(title, create, plainLoop, targetMs) {
  const p = { data: new Float32Array(BENCH_SIZE), grad: new Float32Array(BENCH_SIZE) };
  for (let i = 0; i < BENCH_SIZE; i++) {
    p.data[i] = Math.sin(i);
    p.grad[i] = Math.cos(i) * 1e-2;
  }
  const optimizer = create([p]);
  const baseline = plainLoop(new Float32Array(p.data), p.grad);
  const results = compare([
    { name: `${title}.step (1M float32)`, run: () => optimizer.step() },
    { name: 'plain JS loop', run: baseline },
  ]);
  report(`${title}: one step over 1,000,000 float32 parameters`, results, { baseline: 'plain JS loop', targetMs });
  return results;
}
