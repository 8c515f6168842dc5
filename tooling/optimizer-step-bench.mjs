// The benchmark every optimizer package runs: one step over 1,000,000 float32 parameters, median of many samples,
// beside a plain JavaScript loop of the same rule measured in the same process.
import { compare, report } from './bench.mjs';

export const BENCH_SIZE = 1_000_000;

/**
 * @param title       what is measured
 * @param create      (params) => optimizer
 * @param plainLoop   (data, grad) => a function doing one step of the same rule as a plain loop over plain arrays
 * @param targetMs    the target for the first case, if any
 * @param arena       an arena from @descent/optim's createArena, for optimizers with a WebAssembly kernel: the
 *                    first case then runs on parameters in the arena, and the heap case is reported beside it
 */
export function benchOptimizerStep(title, create, plainLoop, targetMs, arena) {
  const fill = (p) => {
    for (let i = 0; i < BENCH_SIZE; i++) {
      p.data[i] = Math.sin(i);
      p.grad[i] = Math.cos(i) * 1e-2;
    }
    return p;
  };
  const heap = fill({ data: new Float32Array(BENCH_SIZE), grad: new Float32Array(BENCH_SIZE) });
  const cases = [];
  if (arena) {
    const optimizer = create([fill(arena.parameter(BENCH_SIZE))]);
    cases.push({ name: `${title}.step, arena (WASM SIMD)`, run: () => optimizer.step() });
  }
  const optimizer = create([heap]);
  cases.push({ name: `${title}.step (1M float32)`, run: () => optimizer.step() });
  cases.push({ name: 'plain JS loop', run: plainLoop(new Float32Array(heap.data), heap.grad) });
  const results = compare(cases);
  report(`${title}: one step over 1,000,000 float32 parameters`, results, { baseline: 'plain JS loop', targetMs });
  return results;
}
