// One AdaBelief step over 1,000,000 float32 parameters (`pnpm bench`). Target from issue 14: within 1.2× of Adam's
// step (packages/optimizers/adam/bench). Parameters in an arena take the WebAssembly SIMD kernel; plain typed arrays
// the JavaScript loop.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { createArena } from '@descent/optim';
import { AdaBelief } from '../dist/index.js';

benchOptimizerStep(
  'AdaBelief',
  (params) => new AdaBelief(params, { lr: 1e-3 }),
  (q, grad) => {
    // The rule as it reads, with the bias corrections hoisted out of the loop.
    const m = new Float32Array(q.length);
    const s = new Float32Array(q.length);
    let t = 0;
    return () => {
      t++;
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        const e = g - m[i];
        s[i] = 0.999 * s[i] + 0.001 * e * e + 1e-16;
        q[i] -= (1e-3 * (m[i] / c1)) / (Math.sqrt(s[i] / c2) + 1e-16);
      }
    };
  },
  undefined,
  createArena({ bytes: 16 << 20 }),
);
