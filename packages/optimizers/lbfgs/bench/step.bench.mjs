// One L-BFGS step(closure) over 1,000,000 float32 parameters (`pnpm bench`): one iteration with a full history of
// 10 pairs and no line search, on a bowl whose centre moves every step. The closure's own cost (one pass writing the
// gradient) is measured beside it, as is a plain JavaScript loop of the same iteration.
import { compare, report } from '../../../../tooling/bench.mjs';
import { BENCH_SIZE } from '../../../../tooling/optimizer-step-bench.mjs';
import { Lbfgs } from '../dist/index.js';

const n = BENCH_SIZE;
const history = 10;
const data = new Float32Array(n).map((_, i) => Math.sin(i));
const grad = new Float32Array(n);
let phase = 0;
const closure = () => {
  phase++;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const r = data[i] - 0.1 * ((i + phase) % 5);
    grad[i] = r;
    loss += 0.5 * r * r;
  }
  return loss;
};
const optimizer = new Lbfgs([{ data, grad }], { maxIter: 1, historySize: history });

// The same iteration by hand: the two-loop recursion over `history` pairs, then θ ← θ + d.
const dirs = Array.from({ length: history }, () => new Float32Array(n).map(Math.random));
const stps = Array.from({ length: history }, () => new Float32Array(n).map(Math.random));
const ro = new Float64Array(history).fill(0.5);
const al = new Float64Array(history);
const q = new Float32Array(n);
const dot = (a, b) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
};
const plain = () => {
  closure();
  for (let i = 0; i < n; i++) q[i] = -grad[i];
  for (let k = history - 1; k >= 0; k--) {
    al[k] = dot(stps[k], q) * ro[k];
    for (let i = 0; i < n; i++) q[i] -= al[k] * dirs[k][i];
  }
  for (let k = 0; k < history; k++) {
    const be = dot(dirs[k], q) * ro[k];
    for (let i = 0; i < n; i++) q[i] += (al[k] - be) * stps[k][i];
  }
  for (let i = 0; i < n; i++) data[i] += 1e-9 * q[i];
};

const results = compare(
  [
    { name: 'LBFGS.step(closure) (1M float32)', run: () => optimizer.step(closure) },
    { name: 'the closure alone', run: closure },
    { name: 'plain JS loop', run: plain },
  ],
  { samples: 15, callsPerSample: 1, warmup: 2 * history },
);
report('LBFGS: one step(closure), one iteration, 10 pairs, over 1,000,000 float32 parameters', results, { baseline: 'plain JS loop' });
