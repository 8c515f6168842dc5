// One Yogi step over 1,000,000 float32 parameters (`pnpm bench`). Target from issue 14: within 1.2× of Adam's step
// (packages/optimizers/adam/bench). Parameters in an arena take the WebAssembly SIMD kernel; plain typed arrays the
// JavaScript loop.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { createArena } from '@descent/optim';
import { Yogi } from '../dist/index.js';

benchOptimizerStep(
  'Yogi',
  (params) => new Yogi(params, { lr: 1e-2 }),
  (q, grad) => {
    // The rule as it reads, with the bias corrections hoisted out of the loop.
    const m = new Float32Array(q.length).fill(1e-6);
    const v = new Float32Array(q.length).fill(1e-6);
    let t = 0;
    return () => {
      t++;
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        const g2 = g * g;
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] -= 0.001 * Math.sign(v[i] - g2) * g2;
        q[i] -= (1e-2 * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-3);
      }
    };
  },
  undefined,
  createArena({ bytes: 16 << 20 }),
);
