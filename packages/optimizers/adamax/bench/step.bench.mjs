// One Adamax step over 1,000,000 float32 parameters (`pnpm bench`). Target from issue 13: within 1.2× of Adam's step
// (packages/optimizers/adam/bench). Parameters in an arena take the WebAssembly SIMD kernel; plain typed arrays the
// JavaScript loop.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { createArena } from '@descent/optim';
import { Adamax } from '../dist/index.js';

benchOptimizerStep(
  'Adamax',
  (params) => new Adamax(params, { lr: 2e-3 }),
  (q, grad) => {
    // The rule as it reads, with the bias correction hoisted out of the loop.
    const m = new Float32Array(q.length);
    const u = new Float32Array(q.length);
    let t = 0;
    return () => {
      t++;
      const c1 = 1 - 0.9 ** t;
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        u[i] = Math.max(0.999 * u[i], Math.abs(g) + 1e-8);
        q[i] -= (2e-3 / c1) * (m[i] / u[i]);
      }
    };
  },
  undefined,
  createArena({ bytes: 16 << 20 }),
);
