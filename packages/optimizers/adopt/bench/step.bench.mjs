// One ADOPT step over 1,000,000 float32 parameters (`pnpm bench`). Target from issue 14: within 1.2× of Adam's step
// (packages/optimizers/adam/bench). Parameters in an arena take the WebAssembly SIMD kernel; plain typed arrays the
// JavaScript loop.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { createArena } from '@descent/optim';
import { Adopt } from '../dist/index.js';

benchOptimizerStep(
  'ADOPT',
  (params) => new Adopt(params, { lr: 1e-3 }),
  (q, grad) => {
    // The rule as it reads, from the second step on (the benchmark's steps are all past the first).
    const m = new Float32Array(q.length);
    const v = new Float32Array(q.length).fill(1);
    let k = 0;
    return () => {
      k++;
      const c = k ** 0.25;
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        const gHat = Math.min(Math.max(g / Math.max(Math.sqrt(v[i]), 1e-6), -c), c);
        v[i] = 0.9999 * v[i] + 0.0001 * g * g;
        m[i] = 0.9 * m[i] + 0.1 * gHat;
        q[i] -= 1e-3 * m[i];
      }
    };
  },
  undefined,
  createArena({ bytes: 16 << 20 }),
);
