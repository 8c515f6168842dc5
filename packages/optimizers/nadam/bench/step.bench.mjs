// One NAdam step over 1,000,000 float32 parameters (`pnpm bench`). Target from issue 13: within 1.2× of Adam's step
// (packages/optimizers/adam/bench). Parameters in an arena take the WebAssembly SIMD kernel; plain typed arrays the
// JavaScript loop.
import { benchOptimizerStep } from '../../../../tooling/optimizer-step-bench.mjs';
import { createArena } from '@descent/optim';
import { NAdam } from '../dist/index.js';

benchOptimizerStep(
  'NAdam',
  (params) => new NAdam(params, { lr: 2e-3 }),
  (q, grad) => {
    // The rule as it reads, with the momentum schedule and corrections hoisted out of the loop.
    const m = new Float32Array(q.length);
    const v = new Float32Array(q.length);
    let t = 0;
    let product = 1;
    return () => {
      t++;
      const mu = 0.9 * (1 - 0.5 * 0.96 ** (t * 4e-3));
      const muNext = 0.9 * (1 - 0.5 * 0.96 ** ((t + 1) * 4e-3));
      product *= mu;
      const c2 = 1 - 0.999 ** t;
      for (let i = 0; i < q.length; i++) {
        const g = grad[i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        const mHat = (muNext * m[i]) / (1 - product * muNext) + ((1 - mu) * g) / (1 - product);
        q[i] -= (2e-3 * mHat) / (Math.sqrt(v[i] / c2) + 1e-8);
      }
    };
  },
  undefined,
  createArena({ bytes: 16 << 20 }),
);
