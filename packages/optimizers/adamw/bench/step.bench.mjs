// One AdamW step over 1,000,000 float32 parameters (`pnpm bench`). Target from issue 13: within 1.2× of Adam's step
// (packages/optimizers/adam/bench). Parameters in an arena take the WebAssembly SIMD kernel; plain typed arrays the
// JavaScript loop.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { createArena } from '@descent/optim';
import { AdamW } from '../dist/index.js';

benchOptimizerStep(
  'AdamW',
  (params) => new AdamW(params, { lr: 1e-3 }),
  (q, grad) => {
    // The rule as it reads: decay, then Adam with the bias corrections hoisted out of the loop.
    const m = new Float32Array(q.length);
    const v = new Float32Array(q.length);
    let t = 0;
    return () => {
      t++;
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        q[i] = q[i] * (1 - 1e-3 * 0.01) - (1e-3 * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8);
      }
    };
  },
  undefined,
  createArena({ bytes: 16 << 20 }),
);
