// One Lion step over 1,000,000 float32 parameters (`pnpm bench`). Target from issue 14: within 1.2× of Adam's step
// (packages/optimizers/adam/bench). Parameters in an arena take the WebAssembly SIMD kernel; plain typed arrays the
// JavaScript loop.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { createArena } from '@descent/optim';
import { Lion } from '../dist/index.js';

benchOptimizerStep(
  'Lion',
  (params) => new Lion(params, { lr: 1e-4 }),
  (q, grad) => {
    // The rule as it reads.
    const m = new Float32Array(q.length);
    return () => {
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        const u = Math.sign(0.1 * g + 0.9 * m[i]);
        m[i] = 0.01 * g + 0.99 * m[i];
        q[i] -= 1e-4 * (u + 1e-3 * q[i]);
      }
    };
  },
  undefined,
  createArena({ bytes: 16 << 20 }),
);
